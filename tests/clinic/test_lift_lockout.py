"""`wholechild manage lift_lockout`: for the clinic's only administrator, locked out by their
own failed sign-ins, with nobody to set them a new password."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.cast import PASSWORD
from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/clinic/sign-in/", {"username": username, "password": password})


def test_it_lifts_the_lockout_audits_it_and_says_so(cast: Any, client: Client) -> None:
    for _ in range(5):
        sign_in(client, cast.intake.username, "wrong password 1234")
    assert sign_in(client, cast.intake.username).status_code == 429
    out = StringIO()

    call_command("lift_lockout", cast.intake.username, stdout=out)

    assert sign_in(client, cast.intake.username).status_code == 302
    assert "Lifted the lockout of intake-user" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.intake.username)
    assert event.detail == "lockout lifted (command)"


def test_it_says_when_there_was_no_lockout(cast: Any) -> None:
    out = StringIO()
    call_command("lift_lockout", cast.pt.username, stdout=out)
    assert out.getvalue().strip() == "pt-user was not locked out; nothing was changed."


def test_it_refuses_a_username_that_is_not_staff(db: None) -> None:
    with pytest.raises(CommandError, match="no staff account called nobody"):
        call_command("lift_lockout", "nobody")
