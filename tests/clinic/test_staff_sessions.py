"""Staff sessions end after 30 minutes idle, after 12 hours at most, and at sign-out."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from wholechild.care.models import AuditAction, AuditEvent
from wholechild.clinic.middleware import LAST_SEEN, SEEN_COOKIE, STARTED

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
SIGN_IN = reverse("clinic:sign_in")
PAGE = reverse("clinic:two_factor_setup")  # a staff page every role may open


def signed_in(as_user: Any, user: Any) -> Any:
    client = as_user(user)
    assert client.get(PAGE).status_code == 200
    return client


def age_session(client: Any, **seconds_ago: int) -> str:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()
    return session.session_key


def test_a_staff_session_is_kept_alive_while_in_use(cast: Any, as_user: Any) -> None:
    client = signed_in(as_user, cast.pt)
    age_session(client, **{LAST_SEEN: 29 * 60})
    assert client.get(PAGE).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5


def test_after_thirty_minutes_idle_the_next_request_goes_to_sign_in(
    cast: Any, as_user: Any
) -> None:
    client = signed_in(as_user, cast.pt)
    key = age_session(client, **{LAST_SEEN: 30 * 60 + 5})
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert not SessionStore().exists(key)
    assert AuditEvent.objects.filter(
        action=AuditAction.SESSION_EXPIRED, target=cast.pt.username, detail="idle"
    ).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_OUT).exists()


def test_after_twelve_hours_the_session_ends_however_busy(cast: Any, as_user: Any) -> None:
    client = signed_in(as_user, cast.intake)
    key = age_session(client, **{STARTED: 12 * 60 * 60 + 5, LAST_SEEN: 10})
    response = client.get(PAGE)
    assert response["Location"].startswith(SIGN_IN)
    assert not SessionStore().exists(key)
    assert AuditEvent.objects.filter(
        action=AuditAction.SESSION_EXPIRED, detail="maximum length"
    ).exists()


def test_signing_in_starts_the_twelve_hours_afresh(cast: Any, client: Any) -> None:
    from tests.cast import PASSWORD

    client.get(SIGN_IN)
    age_session(client, **{STARTED: 11 * 60 * 60})
    client.post(SIGN_IN, {"username": cast.ot.username, "password": PASSWORD})
    assert int(time.time()) - client.session[STARTED] < 5


def test_signing_out_ends_the_session_on_the_server(cast: Any, as_user: Any) -> None:
    client = signed_in(as_user, cast.ot)
    key = client.session.session_key
    assert SessionStore().exists(key)
    response = client.post(reverse("clinic:sign_out"))
    assert response["Location"] == SIGN_IN
    assert not SessionStore().exists(key)
    assert SessionStore(session_key=key).load() == {}
    assert client.get(PAGE)["Location"].startswith(SIGN_IN)
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, target=cast.ot.username).exists()


def test_signing_out_is_post_only(cast: Any, as_user: Any) -> None:
    client = signed_in(as_user, cast.ot)
    assert client.get(reverse("clinic:sign_out")).status_code == 405
    assert client.get(PAGE).status_code == 200


def test_staff_pages_are_never_stored_by_the_browser(cast: Any, as_user: Any) -> None:
    response = signed_in(as_user, cast.pt).get(PAGE)
    assert "no-store" in response["Cache-Control"]


class Later:
    """The middleware's clock, some minutes on."""

    def __init__(self, minutes: int) -> None:
        self.at = time.time() + minutes * 60

    def time(self) -> float:
        return self.at


def dropped_by_the_cache(client: Any) -> None:
    """What happens when a session goes idle: the cache drops it, the browser its cookie."""
    SessionStore(session_key=client.session.session_key).delete()
    del client.cookies[settings.SESSION_COOKIE_NAME]


def test_an_idle_session_the_cache_dropped_is_audited_at_the_next_visit(
    cast: Any, as_user: Any, monkeypatch: Any
) -> None:
    client = signed_in(as_user, cast.pt)
    assert client.cookies[SEEN_COOKIE]["path"] == "/clinic/"
    assert client.cookies[SEEN_COOKIE]["httponly"]
    dropped_by_the_cache(client)
    monkeypatch.setattr("wholechild.clinic.middleware.time", Later(minutes=31))

    response = client.get(PAGE)

    assert response["Location"].startswith(SIGN_IN)
    event = AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED)
    assert (event.actor_name, event.target, event.detail) == (
        cast.pt.username,
        cast.pt.username,
        "idle",
    )
    assert response.cookies[SEEN_COOKIE]["max-age"] == 0  # audited once, then forgotten
    client.get(PAGE)
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).count() == 1


def test_signing_out_leaves_no_expiry_to_audit_later(
    cast: Any, as_user: Any, monkeypatch: Any
) -> None:
    client = signed_in(as_user, cast.ot)
    client.post(reverse("clinic:sign_out"))
    monkeypatch.setattr("wholechild.clinic.middleware.time", Later(minutes=31))

    client.get(PAGE)

    assert not AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).exists()


def test_a_session_lost_before_it_was_idle_is_not_audited_as_an_expiry(
    cast: Any, as_user: Any
) -> None:
    client = signed_in(as_user, cast.ot)
    dropped_by_the_cache(client)  # a restart of a server that kept sessions in memory

    client.get(PAGE)

    assert not AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).exists()


def test_a_forged_cookie_is_ignored(cast: Any, client: Any, monkeypatch: Any) -> None:
    client.cookies[SEEN_COOKIE] = f"[{cast.admin.pk}, 0, 0]"
    monkeypatch.setattr("wholechild.clinic.middleware.time", Later(minutes=31))

    client.get(PAGE)

    assert not AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).exists()
