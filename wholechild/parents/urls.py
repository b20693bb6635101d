"""The parent's check. No URL carries anything about a child: every answer is POSTed."""

from django.urls import path

from . import views

app_name = "parents"
urlpatterns = [
    path("", views.start, name="start"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("check/age/", views.age, name="age"),
    path("check/born-early/", views.born_early, name="born_early"),
    path("check/milestones/<int:page>/", views.milestones, name="milestones"),
    path("check/concerns/", views.concerns, name="concerns"),
    path("check/conditions/", views.conditions, name="conditions"),
    path("check/signs/", views.red_flags, name="red_flags"),
    path("check/answers/", views.answers, name="answers"),
    path("check/results/", views.results, name="results"),
    path("check/results/reminder.ics", views.reminder_file, name="reminder"),
    path("check/start-again/", views.start_again, name="start_again"),
]
