"""Set a new password for a member of staff: for a clinic whose only administrator has
forgotten theirs, and so has nobody to set one on the Staff page.

    wholechild manage reset_password alice

The password is asked for twice (or read from WHOLECHILD_NEW_PASSWORD) and must pass the same
rules as everywhere else. As when an administrator sets one, its owner chooses their own at
their next sign-in, and a lockout of the username is lifted. Written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wholechild.care.staff import set_password_for

from ..accounts import new_password, staff_account


class Command(BaseCommand):
    help = (
        "Set a new password for a staff account, and lift any lockout of it; they choose their "
        "own at their next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = staff_account(username)
        set_password_for(user, new_password(user), detail="password reset (command)")
        self.stdout.write(
            f"{username} has a new password, and any lockout of {username} is lifted. They "
            "choose their own when they next sign in."
        )
