"""Two-factor: required of administrators, offered to everyone, and asked for at sign-in."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cast import PASSWORD, totp_code
from wholechild.care.models import AuditAction, AuditEvent
from wholechild.clinic.accounts.views import PENDING_AT

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("clinic:sign_in")
CODE = reverse("clinic:two_factor")
SETUP = reverse("clinic:two_factor_setup")


@pytest.fixture(autouse=True)
def no_throttling(settings: Any) -> None:
    """django-otp pauses a device for a second after a wrong code; these tests don't wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def password_step(client: Client, user: Any, **extra: str) -> Any:
    return client.post(SIGN_IN, {"username": user.username, "password": PASSWORD, **extra})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_an_administrator_with_a_device_is_asked_for_a_code_and_not_yet_signed_in(
    cast: Any, client: Client
) -> None:
    response = password_step(client, cast.admin)
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("clinic:staff"))["Location"].startswith(SIGN_IN)


def test_a_wrong_code_is_refused_and_audited(cast: Any, client: Client) -> None:
    password_step(client, cast.admin)
    response = client.post(CODE, {"code": wrong(totp_code(cast.admin_device))})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action=AuditAction.TWO_FACTOR_FAILED, target=cast.admin.username
    ).exists()


def test_a_code_that_is_not_six_digits_is_refused_with_a_helpful_message(
    cast: Any, client: Client
) -> None:
    password_step(client, cast.admin)
    response = client.post(CODE, {"code": "12ab"})
    assert "Enter the 6-digit code" in response.content.decode()


def test_the_right_code_signs_in_and_marks_the_session_verified(cast: Any, client: Client) -> None:
    password_step(client, cast.admin)
    client.post(CODE, {"code": wrong(totp_code(cast.admin_device))})
    response = client.post(CODE, {"code": totp_code(cast.admin_device)})
    assert response["Location"] == reverse("clinic:staff")
    assert client.session["_auth_user_id"] == str(cast.admin.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == cast.admin_device.persistent_id
    assert client.get(reverse("clinic:staff")).status_code == 200


def test_the_code_step_keeps_a_safe_next(cast: Any, client: Client) -> None:
    password_step(client, cast.admin, next="/clinic/audit/")
    response = client.post(CODE, {"code": totp_code(cast.admin_device)})
    assert response["Location"] == "/clinic/audit/"


def test_five_wrong_codes_drop_the_pending_sign_in(cast: Any, client: Client) -> None:
    password_step(client, cast.admin)
    bad = wrong(totp_code(cast.admin_device))
    for _ in range(5):
        response = client.post(CODE, {"code": bad})
    assert response["Location"] == SIGN_IN
    after = client.post(CODE, {"code": totp_code(cast.admin_device)})
    assert after["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session


def test_a_pending_sign_in_expires_after_five_minutes(cast: Any, client: Client) -> None:
    password_step(client, cast.admin)
    session = client.session
    session[PENDING_AT] = int(time.time()) - 5 * 60 - 1
    session.save()
    response = client.post(CODE, {"code": totp_code(cast.admin_device)})
    assert response["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_pending_sign_in_goes_back_to_sign_in(client: Client) -> None:
    assert client.get(CODE)["Location"] == SIGN_IN


def test_an_administrator_without_a_device_must_set_one_up_before_anything_else(
    cast: Any, client: Client
) -> None:
    TOTPDevice.objects.filter(user=cast.admin).delete()
    response = password_step(client, cast.admin)
    assert response["Location"] == SETUP
    assert client.get(reverse("clinic:staff"))["Location"] == SETUP
    assert client.get(reverse("clinic:audit"))["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "must use two-factor" in page.content.decode()


def test_an_administrator_can_complete_the_setup_and_then_use_the_staff_pages(
    cast: Any, client: Client
) -> None:
    TOTPDevice.objects.filter(user=cast.admin).delete()
    password_step(client, cast.admin)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page
    assert "<img" not in page
    device = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response["Location"] == reverse("clinic:staff")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("clinic:staff")).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.TWO_FACTOR_ADDED, target=cast.admin.username
    ).exists()


def test_the_setup_page_shows_the_secret_in_groups_of_four_and_a_server_drawn_qr_code(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.pt).get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=cast.pt, confirmed=False)
    assert 'class="qr-code__image"' in page
    secret = page.split('class="accounts-secret" translate="no">')[1].split("<")[0]
    groups = secret.split(" ")
    assert all(len(group) == 4 for group in groups[:-1])
    assert "".join(groups) == base64.b32encode(device.bin_key).decode().rstrip("=")
    assert "".join(groups) in device.config_url


def test_reloading_the_setup_page_keeps_the_same_secret(cast: Any, as_user: Any) -> None:
    client = as_user(cast.pt)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=cast.pt).count() == 1


def test_a_wrong_setup_code_leaves_two_factor_off(cast: Any, as_user: Any) -> None:
    client = as_user(cast.pt)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.pt)
    response = client.post(SETUP, {"code": wrong(totp_code(device))})
    assert "The code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_physical_therapist_may_set_up_two_factor_and_then_needs_a_code_to_sign_in(
    cast: Any, as_user: Any, client: Client
) -> None:
    as_user(cast.pt).get(SETUP)
    device = TOTPDevice.objects.get(user=cast.pt)
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response["Location"] == reverse("clinic:inbox")
    client.post(reverse("clinic:sign_out"))
    assert password_step(client, cast.pt)["Location"] == CODE


def test_someone_with_two_factor_sees_it_is_on(cast: Any, as_user: Any) -> None:
    page = as_user(cast.admin).get(SETUP).content.decode()
    assert "Two-factor is on" in page
    assert "Turn off two-factor</button>" not in page


def test_an_administrator_cannot_turn_two_factor_off(cast: Any, as_user: Any) -> None:
    response = as_user(cast.admin).post(SETUP, {"code": totp_code(cast.admin_device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=cast.admin, confirmed=True).exists()


def test_a_therapist_can_turn_two_factor_off_with_a_current_code(cast: Any, as_user: Any) -> None:
    device = TOTPDevice.objects.create(user=cast.ot, name="phone", confirmed=True)
    client = as_user(cast.ot)
    refused = client.post(SETUP, {"code": wrong(totp_code(device))})
    assert "The code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=cast.ot).exists()
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=cast.ot).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.STAFF_CHANGED, target=cast.ot.username
    ).exists()


def test_the_two_factor_page_needs_a_signed_in_member_of_staff(
    cast: Any, client: Client, as_user: Any
) -> None:
    assert client.get(SETUP)["Location"].startswith(SIGN_IN)
    assert as_user(cast.outsider).get(SETUP).status_code == 403


def test_a_signed_in_but_unverified_session_is_sent_to_the_code_page(
    cast: Any, client: Client
) -> None:
    client.force_login(cast.admin)
    assert client.get(SETUP)["Location"] == CODE
    assert client.get(reverse("clinic:staff"))["Location"] == CODE
    response = client.post(CODE, {"code": totp_code(cast.admin_device)})
    assert response["Location"] == reverse("clinic:staff")
    assert client.session[DEVICE_ID_SESSION_KEY] == cast.admin_device.persistent_id
