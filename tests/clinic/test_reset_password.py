"""`wholechild manage reset_password`: a new password for the clinic's only administrator, who
has forgotten theirs and has nobody to set one on the Staff page."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
NEW = "a long and unusual passphrase"


def test_it_sets_the_password_lifts_the_lockout_and_says_so(cast: Any, monkeypatch: Any) -> None:
    locked = Client()
    for _ in range(5):
        locked.post("/clinic/sign-in/", {"username": cast.admin.username, "password": "guess 1234"})
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", NEW)
    out = StringIO()

    call_command("reset_password", cast.admin.username, stdout=out)

    admin = get_user_model().objects.get(pk=cast.admin.pk)
    assert admin.check_password(NEW)
    assert admin.staff_profile.must_change_password
    assert "admin-user has a new password" in out.getvalue()
    assert "lockout of admin-user is lifted" in out.getvalue()
    signed_in = locked.post("/clinic/sign-in/", {"username": cast.admin.username, "password": NEW})
    assert signed_in.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.admin.username)
    assert event.detail == "password reset (command)"
    assert NEW not in event.detail


def test_it_refuses_a_weak_password(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", "password1234")
    with pytest.raises(CommandError, match="too common"):
        call_command("reset_password", cast.admin.username)
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_CHANGED).exists()


def test_it_refuses_someone_who_is_not_staff(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", NEW)
    with pytest.raises(CommandError, match="no staff account called outsider"):
        call_command("reset_password", cast.outsider.username)
