"""`wholechild manage add_staff`: how a clinic creates its first administrator."""

from __future__ import annotations

from pathlib import Path
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


def test_without_a_terminal_or_the_variable_it_says_what_to_set(
    wholechild: Any, environment: dict[str, str]
) -> None:
    Path(environment["WHOLECHILD_DATA_DIR"]).mkdir()
    assert wholechild("manage", "migrate", "--verbosity", "0").returncode == 0

    result = wholechild("manage", "add_staff", "alice", "--role", "admin")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: There is no terminal to ask for the password on: set "
        "WHOLECHILD_NEW_PASSWORD to it."
    ]
