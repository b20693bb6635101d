"""The administrator's pages: staff accounts and the audit log (read-only: no route changes it)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/role/", views.staff_role, name="staff_role"),
    path("staff/<int:pk>/active/", views.staff_active, name="staff_active"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("staff/<int:pk>/two-factor/", views.staff_reset_two_factor, name="staff_two_factor"),
    path("audit/", views.audit_log, name="audit"),
]
