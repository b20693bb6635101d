from django.http import HttpResponse
from django.urls import path


def placeholder(request, *args, **kwargs):  # replaced by the real views
    return HttpResponse("todo")


app_name = "family"
urlpatterns = [
    path("check/request/", placeholder, name="details"),
    path("status/<str:token>/", placeholder, name="status"),
]
