"""Remove a member of staff's two-factor devices: for a clinic whose only administrator has
lost their phone, and so has nobody to reset it on the Staff page.

    wholechild manage reset_two_factor alice

They set two-factor up again at their next sign-in (administrators must before any other
page). Written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wholechild.care.staff import reset_two_factor

from ..accounts import staff_account


class Command(BaseCommand):
    help = "Remove the two-factor devices of a staff account (a lost phone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = staff_account(username)
        removed = reset_two_factor(user, detail="two-factor reset (command)")
        if removed:
            self.stdout.write(
                f"Removed the two-factor device of {username}: they set it up again when they "
                "next sign in."
                if removed == 1
                else f"Removed the {removed} two-factor devices of {username}: they set it up "
                "again when they next sign in."
            )
        else:
            self.stdout.write(f"{username} had no two-factor device; nothing was removed.")
