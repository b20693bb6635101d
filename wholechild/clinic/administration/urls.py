from django.http import HttpResponse
from django.urls import path


def placeholder(request, *args, **kwargs):  # replaced by the real views
    return HttpResponse("todo")


urlpatterns = [
    path("staff/", placeholder, name="staff"),
    path("audit/", placeholder, name="audit"),
]
