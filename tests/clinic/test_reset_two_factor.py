"""`wholechild manage reset_two_factor`: for the clinic's only administrator, who has lost the
phone with their authenticator app."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_removes_the_device_audits_it_and_says_so(cast: Any) -> None:
    out = StringIO()

    call_command("reset_two_factor", cast.admin.username, stdout=out)

    assert not TOTPDevice.objects.filter(user=cast.admin).exists()
    assert "Removed the two-factor device of admin-user" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.admin.username)
    assert event.detail == "two-factor reset (command)"


def test_the_administrator_sets_it_up_again_at_the_next_sign_in(cast: Any, as_user: Any) -> None:
    call_command("reset_two_factor", cast.admin.username, stdout=StringIO())

    response = as_user(cast.admin).get("/clinic/staff/")

    assert response["Location"] == "/clinic/two-factor/"


def test_it_says_when_there_was_nothing_to_remove(cast: Any) -> None:
    out = StringIO()
    call_command("reset_two_factor", cast.pt.username, stdout=out)
    assert out.getvalue().strip() == "pt-user had no two-factor device; nothing was removed."


def test_it_refuses_a_username_that_is_not_staff(db: None) -> None:
    with pytest.raises(CommandError, match="no staff account called nobody"):
        call_command("reset_two_factor", "nobody")
