"""Staff sign in with their own accounts; everyone else is told the same thing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.cast import PASSWORD, totp_code
from wholechild.care.models import AuditAction, AuditEvent
from wholechild.care.staff import lift_lockout

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("clinic:sign_in")
GENERIC = "The username or password is not right"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def audited(action: str, target: str) -> int:
    return AuditEvent.objects.filter(action=action, target=target).count()


def test_the_sign_in_page_asks_for_username_and_password_with_autocomplete(client: Client) -> None:
    page = client.get(SIGN_IN).content.decode()
    assert 'autocomplete="username"' in page
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.parametrize(
    ("role", "landing"),
    [("intake", "clinic:inbox"), ("pt", "clinic:inbox"), ("ot", "clinic:inbox")],
)
def test_staff_without_two_factor_are_signed_in_and_land_on_the_inbox(
    cast: Any, client: Client, role: str, landing: str
) -> None:
    user = cast.staff()[role]
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert audited(AuditAction.SIGN_IN, user.username) == 1


def test_the_administrator_lands_on_the_staff_list_after_giving_their_code(
    cast: Any, client: Client
) -> None:
    sign_in(client, cast.admin.username)
    response = client.post(reverse("clinic:two_factor"), {"code": totp_code(cast.admin_device)})
    assert response["Location"] == reverse("clinic:staff")


def test_the_administrator_sent_to_sign_in_from_the_inbox_lands_on_the_staff_list(
    cast: Any, client: Client
) -> None:
    # /clinic/ is the inbox, which an administrator does not see: not a refusal to start with.
    sign_in(client, cast.admin.username, next=reverse("clinic:inbox"))
    response = client.post(reverse("clinic:two_factor"), {"code": totp_code(cast.admin_device)})
    assert response["Location"] == reverse("clinic:staff")
    page = client.get(reverse("clinic:staff")).content.decode()
    assert f'<a href="{reverse("clinic:staff")}" class="header__name">' in page
    # Named in the menu as colleagues know them, not by their username.
    assert f'staff-nav__user">{cast.admin.get_full_name()} · Clinic administrator' in page


def test_staff_sent_to_sign_in_from_a_page_go_back_to_it(cast: Any, client: Client) -> None:
    response = sign_in(client, cast.pt.username, next=reverse("clinic:evaluations"))
    assert response["Location"] == reverse("clinic:evaluations")


def test_signing_in_gives_a_new_session_key(cast: Any, client: Client) -> None:
    client.get(SIGN_IN)
    session = client.session
    session["anything"] = "before"
    session.save()
    before = session.session_key
    sign_in(client, cast.pt.username)
    assert client.session.session_key != before


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("pt-user", "not the password at all"),
        ("nobody-here", PASSWORD),
        ("outsider", PASSWORD),
        ("inactive", PASSWORD),
    ],
    ids=["wrong password", "unknown user", "not staff", "inactive"],
)
def test_every_refusal_gives_the_same_generic_message_and_is_audited(
    cast: Any, client: Client, username: str, password: str
) -> None:
    if username == "inactive":
        get_user_model().objects.filter(pk=cast.ot.pk).update(is_active=False)
        username = cast.ot.username
    response = sign_in(client, username, password)
    assert response.status_code == 200
    assert GENERIC in response.content.decode()
    assert "_auth_user_id" not in client.session
    target = "(unknown username)" if username == "nobody-here" else username
    assert audited(AuditAction.SIGN_IN_FAILED, target) == 1


def test_a_password_is_never_written_to_the_audit_log(cast: Any, client: Client) -> None:
    sign_in(client, cast.pt.username, "a secret guess 12345")
    assert not AuditEvent.objects.filter(detail__contains="secret guess").exists()
    assert not AuditEvent.objects.filter(target__contains="secret guess").exists()


def test_a_password_typed_as_the_username_is_not_written_to_the_audit_log(
    cast: Any, client: Client
) -> None:
    sign_in(client, PASSWORD, PASSWORD)

    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.target == "(unknown username)"
    assert not AuditEvent.objects.filter(target__contains=PASSWORD[:20]).exists()


def test_a_safe_next_is_followed(cast: Any, client: Client) -> None:
    response = sign_in(client, cast.intake.username, next="/clinic/requests/ABC/")
    assert response["Location"] == "/clinic/requests/ABC/"


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_an_unsafe_next_is_ignored(cast: Any, client: Client, unsafe: str) -> None:
    response = sign_in(client, cast.intake.username, next=unsafe)
    assert response["Location"] == reverse("clinic:inbox")


def test_the_sign_in_page_keeps_a_safe_next_and_drops_an_unsafe_one(client: Client) -> None:
    safe = client.get(SIGN_IN, {"next": "/clinic/staff/"}).content.decode()
    unsafe = client.get(SIGN_IN, {"next": "https://evil.example/"}).content.decode()
    assert 'value="/clinic/staff/"' in safe
    assert "evil.example" not in unsafe


def test_five_failures_lock_the_account_out_even_with_the_right_password(
    cast: Any, client: Client
) -> None:
    for _ in range(4):
        assert sign_in(client, cast.pt.username, "wrong password 1234").status_code == 200
    fifth = sign_in(client, cast.pt.username, "wrong password 1234")
    assert fifth.status_code == 429
    sixth = sign_in(client, cast.pt.username)
    assert sixth.status_code == 429
    assert "Too many tries" in sixth.content.decode()
    assert "try again in 15 minutes" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    assert audited(AuditAction.LOCKED_OUT, cast.pt.username) >= 1


def test_the_lockout_is_for_that_username_only(cast: Any, client: Client) -> None:
    for _ in range(5):
        sign_in(client, cast.pt.username, "wrong password 1234")
    assert sign_in(client, cast.ot.username).status_code == 302


def test_after_the_cool_off_the_right_password_works_again(
    cast: Any, client: Client, settings: Any
) -> None:
    for _ in range(5):
        sign_in(client, cast.pt.username, "wrong password 1234")
    assert sign_in(client, cast.pt.username).status_code == 429
    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)
    response = sign_in(client, cast.pt.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.pt.pk)


def test_resetting_the_lockout_lets_the_member_of_staff_back_in(cast: Any, client: Client) -> None:
    for _ in range(5):
        sign_in(client, cast.pt.username, "wrong password 1234")
    assert lift_lockout(cast.pt.username) == 1
    assert sign_in(client, cast.pt.username).status_code == 302


def test_signed_in_staff_visiting_the_sign_in_page_are_sent_on(cast: Any, as_user: Any) -> None:
    response = as_user(cast.ot).get(SIGN_IN)
    assert response["Location"] == reverse("clinic:inbox")


def test_the_sign_in_page_is_never_cached(client: Client) -> None:
    assert "no-store" in client.get(SIGN_IN)["Cache-Control"]


def test_what_is_typed_as_the_username_is_kept_only_as_a_keyed_hash(
    cast: Any, client: Client
) -> None:
    email = "parent@example.org"  # a parent's email, typed at the clinic's sign-in by mistake
    for _ in range(5):
        sign_in(client, email, "wrong password 1234")
    sign_in(client, cast.pt.username)

    kept = list(AccessAttempt.objects.values("username", "get_data", "post_data"))
    assert kept
    assert email not in str(kept)
    assert "parent" not in str(kept)
    assert not AccessLog.objects.exists()  # the audit log has the sign-ins


def test_a_lockout_of_an_unknown_username_is_audited_without_it(client: Client) -> None:
    email = "parent@example.org"
    for _ in range(6):
        sign_in(client, email, "wrong password 1234")

    assert audited(AuditAction.LOCKED_OUT, "(unknown username)") >= 1
    assert not AuditEvent.objects.filter(target__contains="parent").exists()


def test_the_lockout_still_holds_the_username_from_that_address_only(
    cast: Any, client: Client
) -> None:
    for _ in range(5):
        sign_in(client, cast.pt.username, "wrong password 1234")

    assert sign_in(client, cast.pt.username).status_code == 429
    elsewhere = {"username": cast.pt.username, "password": PASSWORD}
    assert client.post(SIGN_IN, elsewhere, REMOTE_ADDR="203.0.113.9").status_code == 302
