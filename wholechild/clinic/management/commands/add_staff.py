"""Create a staff account from the command line: how a clinic makes its first administrator.

    wholechild manage add_staff alice --role admin

The password is asked for twice (or read from WHOLECHILD_NEW_PASSWORD, for scripts) and must
pass the same rules as everywhere else: 12 characters or more, not a common password.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wholechild.care.models import Role
from wholechild.care.staff import create_staff


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
        password = os.environ.get("WHOLECHILD_NEW_PASSWORD") or self._ask_password()
        user = User(username=username, email=email)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        create_staff(username, role, password, detail=f"created as {role} (command)", email=email)
        self.stdout.write(f"{username} can now sign in at /clinic/sign-in/ as {Role(role).label}.")

    def _ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
