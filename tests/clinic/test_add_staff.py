"""`wholechild manage add_staff`: how a clinic creates its first administrator."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wholechild.care.access import role_of
from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_creates_an_account_with_its_role_and_audits_it(monkeypatch: Any) -> None:
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", "a long and unusual passphrase")
    call_command("add_staff", "alice", "--role", "admin")

    alice = get_user_model().objects.get(username="alice")
    assert role_of(alice) == "admin"
    assert alice.check_password("a long and unusual passphrase")
    assert alice.password.startswith("argon2")
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_CHANGED, target="alice").exists()


@pytest.mark.parametrize("password", ["short pass", "password1234"])
def test_it_refuses_a_weak_password(monkeypatch: Any, password: str) -> None:
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", password)
    with pytest.raises(CommandError):
        call_command("add_staff", "bob", "--role", "pt")
    assert not get_user_model().objects.filter(username="bob").exists()


def test_it_refuses_a_username_that_is_taken(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("WHOLECHILD_NEW_PASSWORD", "a long and unusual passphrase")
    with pytest.raises(CommandError, match="already an account"):
        call_command("add_staff", cast.pt.username, "--role", "admin")
    assert role_of(cast.pt) == "pt"
