"""The administrator's staff accounts and settings: who may open them, every change they make,
and a settings page that shows how the clinic is set up without a single secret."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cast import PASSWORD
from wholechild.care.models import AuditAction, AuditEvent, StaffProfile

pytestmark = pytest.mark.django_db

STAFF = reverse("clinic:staff")
SETTINGS = reverse("clinic:settings")
NEW = reverse("clinic:staff_new")
GOOD_PASSWORD = "plum tractor lantern 2026"


def new_account(**changes: str) -> dict[str, str]:
    fields = {
        "username": "casey",
        "first_name": "Casey",
        "last_name": "Rivera",
        "email": "casey@clinic.example",
        "role": "ot",
        "password": GOOD_PASSWORD,
    }
    fields.update(changes)
    return fields


def admin_pages(cast: Any) -> list[tuple[str, str]]:
    pk = cast.pt.pk
    return [
        ("get", STAFF),
        ("get", NEW),
        ("get", reverse("clinic:staff_edit", args=[pk])),
        ("post", reverse("clinic:staff_role", args=[pk])),
        ("post", reverse("clinic:staff_active", args=[pk])),
        ("post", reverse("clinic:staff_two_factor", args=[pk])),
        ("post", reverse("clinic:staff_password", args=[pk])),
        ("get", reverse("clinic:audit")),
        ("get", SETTINGS),
    ]


def test_the_administrator_can_open_every_administration_page(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    for method, url in admin_pages(cast):
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["intake", "pt", "ot", "outsider"])
def test_everyone_else_is_refused_the_administration_pages(
    cast: Any, as_user: Any, role: str
) -> None:
    user = cast.outsider if role == "outsider" else cast.staff()[role]
    client = as_user(user)
    for method, url in admin_pages(cast):
        assert getattr(client, method)(url).status_code == 403, url
    assert StaffProfile.objects.get(user=cast.pt).role == "pt"


def test_someone_not_signed_in_is_sent_to_sign_in(cast: Any, client: Client) -> None:
    for method, url in admin_pages(cast):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("clinic:sign_in"))


def test_the_staff_list_shows_each_account_with_its_role_and_two_factor(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.admin).get(STAFF).content.decode()
    for user in cast.staff().values():
        assert user.username in page
    assert "Physical therapist" in page
    assert "outsider" not in page
    rows = page.split("<tbody>")[1].split("</tr>")
    admin_row = next(row for row in rows if "admin-user" in row)
    pt_row = next(row for row in rows if "pt-user" in row)
    assert "<td>On</td>" in admin_row
    assert "<td>Off</td>" in pt_row


def test_the_staff_list_takes_the_same_queries_however_many_accounts(
    cast: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(cast.admin)
    client.get(STAFF)
    for number in range(10):
        user = get_user_model().objects.create_user(f"extra-{number}")
        StaffProfile.objects.create(user=user, role="pt")
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with django_assert_max_num_queries(12):
        assert client.get(STAFF).status_code == 200


def test_the_administrator_creates_an_account_who_can_then_sign_in(
    cast: Any, as_user: Any, client: Client
) -> None:
    response = as_user(cast.admin).post(NEW, new_account())
    user = get_user_model().objects.get(username="casey")
    assert response["Location"] == reverse("clinic:staff_edit", args=[user.pk])
    assert user.staff_profile.role == "ot"
    assert user.check_password(GOOD_PASSWORD)
    assert user.password.startswith("argon2")
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target="casey")
    assert event.actor_name == cast.admin.username
    assert GOOD_PASSWORD not in event.detail
    client.logout()
    signed_in = client.post(
        reverse("clinic:sign_in"), {"username": "casey", "password": GOOD_PASSWORD}
    )
    assert signed_in["Location"] == reverse("clinic:inbox")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
        ("casey@clinic.example", "too similar"),
    ],
)
def test_a_weak_first_password_is_refused(
    cast: Any, as_user: Any, password: str, message: str
) -> None:
    response = as_user(cast.admin).post(NEW, new_account(password=password))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="casey").exists()
    assert not AuditEvent.objects.filter(target="casey").exists()


def test_a_taken_username_or_missing_role_is_refused(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    taken = client.post(NEW, new_account(username="PT-user")).content.decode()
    assert "There is already an account with that username" in taken
    no_role = client.post(NEW, new_account(role="")).content.decode()
    assert "Choose a role" in no_role
    assert 'href="#id_role"' in no_role


def test_the_administrator_changes_a_role_and_it_is_audited(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    client.post(reverse("clinic:staff_role", args=[cast.pt.pk]), {"role": "intake"})
    assert StaffProfile.objects.get(user=cast.pt).role == "intake"
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.pt.username)
    assert event.detail == "role changed from pt to intake"


def test_deactivating_ends_their_session_and_stops_them_signing_in(
    cast: Any, as_user: Any, client: Client
) -> None:
    therapist = Client()
    from tests.cast import sign_in

    sign_in(therapist, cast.pt)
    assert therapist.get(reverse("clinic:two_factor_setup")).status_code == 200
    as_user(cast.admin).post(reverse("clinic:staff_active", args=[cast.pt.pk]), {"active": "no"})
    assert not get_user_model().objects.get(pk=cast.pt.pk).is_active
    assert therapist.get(reverse("clinic:two_factor_setup"))["Location"].startswith(
        reverse("clinic:sign_in")
    )
    refused = Client().post(
        reverse("clinic:sign_in"), {"username": cast.pt.username, "password": PASSWORD}
    )
    assert "The username or password is not right" in refused.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.STAFF_CHANGED, target=cast.pt.username, detail="deactivated"
    ).exists()


def test_a_deactivated_account_can_be_reactivated(cast: Any, as_user: Any) -> None:
    get_user_model().objects.filter(pk=cast.ot.pk).update(is_active=False)
    as_user(cast.admin).post(reverse("clinic:staff_active", args=[cast.ot.pk]), {"active": "yes"})
    assert get_user_model().objects.get(pk=cast.ot.pk).is_active
    assert AuditEvent.objects.filter(detail="reactivated", target=cast.ot.username).exists()


def test_the_administrator_cannot_change_their_own_account(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    pk = cast.admin.pk
    client.post(reverse("clinic:staff_role", args=[pk]), {"role": "pt"})
    client.post(reverse("clinic:staff_active", args=[pk]), {"active": "no"})
    client.post(reverse("clinic:staff_two_factor", args=[pk]))
    client.post(reverse("clinic:staff_password", args=[pk]), {"password": GOOD_PASSWORD})
    admin = get_user_model().objects.get(pk=pk)
    assert admin.check_password(PASSWORD)
    assert admin.is_active
    assert admin.staff_profile.role == "admin"
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_CHANGED).exists()


def test_resetting_two_factor_removes_their_devices_and_is_audited(cast: Any, as_user: Any) -> None:
    TOTPDevice.objects.create(user=cast.intake, name="phone", confirmed=True)
    as_user(cast.admin).post(reverse("clinic:staff_two_factor", args=[cast.intake.pk]))
    assert not TOTPDevice.objects.filter(user=cast.intake).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.STAFF_CHANGED, target=cast.intake.username, detail="two-factor reset"
    ).exists()


def test_an_administrator_whose_two_factor_was_reset_must_set_it_up_again(
    cast: Any, as_user: Any
) -> None:
    other = get_user_model().objects.create_user("second-admin", password=PASSWORD)
    StaffProfile.objects.create(user=other, role="admin")
    as_user(cast.admin).post(reverse("clinic:staff_two_factor", args=[cast.admin.pk]))
    assert TOTPDevice.objects.filter(user=cast.admin).exists()
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    second = Client()
    from tests.cast import sign_in

    sign_in(second, other)
    second.post(reverse("clinic:staff_two_factor", args=[cast.admin.pk]))
    assert not TOTPDevice.objects.filter(user=cast.admin).exists()
    assert second.get(STAFF).status_code == 200


def test_the_administrator_sets_a_new_password_that_lifts_a_lockout(
    cast: Any, as_user: Any
) -> None:
    locked = Client()
    for _ in range(5):
        locked.post(
            reverse("clinic:sign_in"), {"username": cast.ot.username, "password": "guess 123456"}
        )
    url = reverse("clinic:staff_password", args=[cast.ot.pk])
    response = as_user(cast.admin).post(url, {"password": GOOD_PASSWORD})
    assert response["Location"] == reverse("clinic:staff_edit", args=[cast.ot.pk])
    assert get_user_model().objects.get(pk=cast.ot.pk).check_password(GOOD_PASSWORD)
    signed_in = locked.post(
        reverse("clinic:sign_in"), {"username": cast.ot.username, "password": GOOD_PASSWORD}
    )
    assert signed_in["Location"] == reverse("clinic:inbox")
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.ot.username)
    assert event.detail == "password reset"


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(
    cast: Any, as_user: Any
) -> None:
    url = reverse("clinic:staff_password", args=[cast.ot.pk])
    response = as_user(cast.admin).post(url, {"password": "password1234"})
    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()
    assert 'href="#id_password"' in response.content.decode()
    assert get_user_model().objects.get(pk=cast.ot.pk).check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_CHANGED).exists()


def test_the_new_account_form_makes_the_administrator_choose_a_role(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.admin).get(NEW).content.decode()
    assert '<option value="" selected>Choose a role</option>' in page
    assert 'autocomplete="new-password"' in page


# --- Settings --------------------------------------------------------------------------------


def settings_text(client: Client) -> str:
    response = client.get(SETTINGS)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


@override_settings(
    CLINIC_NAME="Riverside Children's Therapy",
    RETENTION_DAYS=45,
    CLINIC_NOTIFY_EMAILS=["intake@riverside.example", "lead@riverside.example"],
    REQUEST_RATE_LIMIT=7,
    AXES_FAILURE_LIMIT=4,
    STAFF_IDLE_SECONDS=20 * 60,
    STAFF_MAX_SESSION_SECONDS=10 * 60 * 60,
    REDIS_URL="",
    EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
)
def test_the_administrator_sees_how_the_clinic_is_set_up(cast: Any, as_user: Any) -> None:
    page = settings_text(as_user(cast.admin))
    for shown in (
        "Riverside Children's Therapy",
        "45 days",
        "intake@riverside.example",
        "lead@riverside.example",
        "To the console",
        "7 requests from one address in 60 minutes",
        "After 4 failed sign-ins",
        "After 20 minutes without use, and 10 hours after signing in",
        {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, "?"),
        "Not configured",
        "environment variables",
        "WHOLECHILD_RETENTION_DAYS",
    ):
        assert shown in page, shown
    # The clinic's own details are a form (tests/clinic/test_clinic_settings.py); the server's
    # settings stay read-only.
    assert "<form" not in page.split('id="server"')[1]


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST_USER="mailer-login",
    EMAIL_HOST_PASSWORD="smtp-password-never-shown",
    REDIS_URL="redis://:redis-password-never-shown@cache.internal:6379/0",
)
def test_the_settings_page_never_shows_a_secret(cast: Any, as_user: Any) -> None:
    page = settings_text(as_user(cast.admin))
    assert "By SMTP" in page
    assert "Configured:" in page
    for secret in (
        settings.SECRET_KEY,
        "smtp-password-never-shown",
        "mailer-login",
        "redis-password-never-shown",
        "cache.internal",
        str(settings.DATABASES["default"]["NAME"]),
    ):
        assert secret not in page


def test_only_the_administrators_menu_links_to_the_settings(cast: Any, as_user: Any) -> None:
    assert f'href="{SETTINGS}"' in as_user(cast.admin).get(STAFF).content.decode()
    inbox = as_user(cast.intake).get(reverse("clinic:inbox")).content.decode()
    assert f'href="{SETTINGS}"' not in inbox


@pytest.mark.parametrize(
    ("page", "target", "detail"),
    [("staff", "", "staff"), ("edit", "ot-user", "staff account"), ("settings", "", "settings")],
)
def test_each_administration_page_viewed_is_audited(
    cast: Any, as_user: Any, page: str, target: str, detail: str
) -> None:
    url = {
        "staff": STAFF,
        "edit": reverse("clinic:staff_edit", args=[cast.ot.pk]),
        "settings": SETTINGS,
    }[page]

    assert as_user(cast.admin).get(url).status_code == 200

    event = AuditEvent.objects.get(action=AuditAction.ADMIN_VIEWED)
    assert (event.actor_name, event.target, event.detail) == (cast.admin.username, target, detail)
