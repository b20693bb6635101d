"""The records' routes. A request is named by its reference: never its id, never a name."""

from django.urls import path

from . import plan, plan_of_care, views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("requests/<str:reference>/", views.record, name="record"),
    path("requests/<str:reference>/status/", views.change_status, name="status"),
    path("requests/<str:reference>/reopen/", views.reopen, name="reopen"),
    path("requests/<str:reference>/assign/", views.assign, name="assign"),
    path("requests/<str:reference>/notes/", views.add_note, name="note"),
    path("requests/<str:reference>/contacts/", views.log_contact, name="contact"),
    path("requests/<str:reference>/evaluation/", views.evaluation, name="evaluation"),
    path(
        "requests/<str:reference>/evaluation/cancel/",
        views.cancel_evaluation,
        name="evaluation_cancel",
    ),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("requests/<str:reference>/export/", views.export, name="export"),
    path("requests/<str:reference>/export/fhir/", views.export_fhir, name="export_fhir"),
    path("requests/<str:reference>/plan/", plan.plan, name="plan"),
    path("requests/<str:reference>/plan/start/", plan.plan_start, name="plan_start"),
    path("requests/<str:reference>/plan/of-care/", plan_of_care.plan_of_care, name="plan_of_care"),
    path("requests/<str:reference>/plan/details/", plan.plan_details, name="plan_details"),
    path("requests/<str:reference>/plan/discharge/", plan.discharge, name="discharge"),
    path("requests/<str:reference>/plan/goals/", plan.goal_new, name="goal_new"),
    path("requests/<str:reference>/plan/goals/<int:goal_id>/", plan.goal, name="goal"),
    path(
        "requests/<str:reference>/plan/goals/<int:goal_id>/state/",
        plan.goal_state,
        name="goal_edit",
    ),
    path(
        "requests/<str:reference>/plan/goals/<int:goal_id>/details/",
        plan.goal_details,
        name="goal_details",
    ),
    path(
        "requests/<str:reference>/plan/goals/<int:goal_id>/activities/",
        plan.activity_new,
        name="activity_new",
    ),
    path(
        "requests/<str:reference>/plan/activities/<int:activity_id>/stop/",
        plan.activity_stop,
        name="activity_stop",
    ),
    path("requests/<str:reference>/plan/visits/", plan.visits, name="visits"),
    path("requests/<str:reference>/plan/visits/new/", plan.visit_new, name="visit_new"),
]
