"""Create a staff account from the command line: how a clinic makes its first administrator.

    wholechild manage add_staff alice --role admin

The password is asked for twice (or read from WHOLECHILD_NEW_PASSWORD, for scripts, and without
a terminal) and must pass the same rules as everywhere else: 12 characters or more, not a common
password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wholechild.care.models import Role
from wholechild.care.staff import create_staff

from ..accounts import new_password


class Command(BaseCommand):
    help = "Create a staff account with a role (intake, pt, ot or admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, username: str, role: str, email: str, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username}.")
        password = new_password(User(username=username, email=email))
        create_staff(username, role, password, detail=f"created as {role} (command)", email=email)
        self.stdout.write(f"{username} can now sign in at /clinic/sign-in/ as {Role(role).label}.")
