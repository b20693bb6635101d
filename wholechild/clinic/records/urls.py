from django.http import HttpResponse
from django.urls import path


def placeholder(request, *args, **kwargs):  # replaced by the real views
    return HttpResponse("todo")


urlpatterns = [
    path("", placeholder, name="inbox"),
    path("requests/<str:reference>/", placeholder, name="record"),
    path("requests/<str:reference>/plan/", placeholder, name="plan"),
]
