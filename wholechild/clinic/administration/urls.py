"""The administrator's pages: staff accounts, the settings and the audit log (the last two
read-only: no route changes them), the emails that could not be sent, and the API clients."""

from django.urls import path

from . import api_clients, views

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/role/", views.staff_role, name="staff_role"),
    path("staff/<int:pk>/active/", views.staff_active, name="staff_active"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("staff/<int:pk>/two-factor/", views.staff_reset_two_factor, name="staff_two_factor"),
    path("settings/", views.settings_page, name="settings"),
    path("audit/", views.audit_log, name="audit"),
    path("emails/", views.emails, name="emails"),
    path("emails/<int:pk>/send-again/", views.email_send_again, name="email_send_again"),
    path("api-clients/", api_clients.api_clients, name="api_clients"),
    path("api-clients/new/", api_clients.api_client_new, name="api_client_new"),
    path("api-clients/<int:pk>/", api_clients.api_client, name="api_client"),
    path("api-clients/<int:pk>/revoke/", api_clients.api_client_revoke, name="api_client_revoke"),
]
