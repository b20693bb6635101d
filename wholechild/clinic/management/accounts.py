"""What the staff commands share: the account named, and the new password to set.

The password comes from WHOLECHILD_NEW_PASSWORD, or is asked for twice (`add_staff`,
`reset_password`). Without a terminal to ask on (a script, a container without -t) and without
the variable, the command says in one line what to set, rather than ending in a traceback. The
password must pass the same rules as everywhere else.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PASSWORD_VARIABLE = "WHOLECHILD_NEW_PASSWORD"  # noqa: S105 - the variable's name


def staff_account(username: str) -> User:
    """The staff account with this username, or CommandError."""
    user = get_user_model().objects.filter(username=username, staff_profile__isnull=False).first()
    if user is None:
        raise CommandError(f"There is no staff account called {username}.")
    return user


def new_password(user: User) -> str:
    """The password to set for `user`, checked by the validators, or CommandError saying why
    not."""
    password = os.environ.get(PASSWORD_VARIABLE) or _ask()
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    return password


def _ask() -> str:
    if not sys.stdin.isatty():
        raise CommandError(
            f"There is no terminal to ask for the password on: set {PASSWORD_VARIABLE} to it."
        )
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password (again): ")
    except EOFError:  # Ctrl+D at the prompt
        raise CommandError("No password was given.") from None
    if password != again:
        raise CommandError("The passwords do not match.")
    return password
