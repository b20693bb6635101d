"""Lift the lockout of a member of staff's username, from every address, before its cool-off
ends: for a clinic whose only administrator has locked themselves out.

    wholechild manage lift_lockout alice

django-axes keeps only a keyed hash of the usernames tried (wholechild.care.staff.lockout_key),
so its own `axes_reset_username` cannot find them; this can. Written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wholechild.care import audit
from wholechild.care.models import AuditAction
from wholechild.care.staff import lift_lockout

from ..accounts import staff_account


class Command(BaseCommand):
    help = "Lift the sign-in lockout of a staff account, from every address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        staff_account(username)
        lifted = lift_lockout(username)
        audit.record(
            AuditAction.STAFF_CHANGED,
            target=username,
            detail="lockout lifted (command)" if lifted else "no lockout to lift (command)",
        )
        if lifted:
            self.stdout.write(
                f"Lifted the lockout of {username}: {lifted} record(s) of failed sign-ins "
                "forgotten. They can sign in again now."
            )
        else:
            self.stdout.write(f"{username} was not locked out; nothing was changed.")
