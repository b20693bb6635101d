"""The family's pages. No URL carries anything about a child: the status link carries only a
random token, whose hash finds the request."""

from django.urls import path

from . import views

app_name = "family"
urlpatterns = [
    path("check/request/", views.details, name="details"),
    path("check/request/answers/", views.answers, name="answers"),
    path("check/request/sent/", views.sent, name="sent"),
    path("status/<str:token>/", views.status, name="status"),
    path(
        "status/<str:token>/evaluation.ics",
        views.appointment_calendar,
        name="appointment_calendar",
    ),
    path("status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
