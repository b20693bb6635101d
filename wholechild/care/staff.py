"""Staff accounts: creating one, a password set for someone, two-factor reset, and lockouts.

Used by the administrator's pages and by the commands (`wholechild manage add_staff`,
`reset_password`, `reset_two_factor`, `lift_lockout`); each change writes its audit entry in
the same transaction. Passwords have been checked against the validators by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import AuditAction, StaffProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def create_staff(
    username: str,
    role: str,
    password: str,
    *,
    detail: str,
    request: HttpRequest | None = None,
    must_change_password: bool = False,
    **fields: Any,
) -> User:
    """`must_change_password` when someone else chose the password (an administrator)."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, password=password, **fields)
        StaffProfile.objects.create(user=user, role=role, must_change_password=must_change_password)
        audit.record(AuditAction.STAFF_CHANGED, request=request, target=username, detail=detail)
    return user


def set_password_for(
    user: User, password: str, *, detail: str, request: HttpRequest | None = None
) -> None:
    """A password chosen by someone else, for a member of staff who has forgotten theirs. Two
    people know it now, so its owner must choose their own at their next sign-in (staff_view
    sends them to the password page first). It also lifts a lockout of their username."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        StaffProfile.objects.filter(user=user).update(must_change_password=True)
        lift_lockout(user.get_username())
        audit.record(
            AuditAction.STAFF_CHANGED, request=request, target=user.get_username(), detail=detail
        )


def reset_two_factor(user: User, *, detail: str, request: HttpRequest | None = None) -> int:
    """Remove every two-factor device of the user (a lost phone): they set one up again at
    their next sign-in. How many were removed."""
    with transaction.atomic():
        removed, _kinds = TOTPDevice.objects.filter(user=user).delete()
        audit.record(
            AuditAction.STAFF_CHANGED, request=request, target=user.get_username(), detail=detail
        )
    return int(removed)


# --- Lockouts ---------------------------------------------------------------------------------

LOCKOUT_KEY_SALT = "wholechild.care.staff.lockout_key"


def lockout_key(username: str) -> str:
    """What django-axes keeps in place of a username typed at sign-in: a keyed hash of it.

    Whatever is typed in the username box is kept while it counts towards a lockout, and a
    parent's email, or a password, typed there by mistake must not be kept in the clear. The
    same username always gives the same key, so the lockout of a username from an address works
    as before; without the secret key nobody can tell what was typed (AXES_USERNAME_CALLABLE).
    """
    return salted_hmac(LOCKOUT_KEY_SALT, username, algorithm="sha256").hexdigest()


def sign_in_lockout_key(
    request: HttpRequest | None, credentials: dict[str, Any] | None = None
) -> str | None:
    """django-axes' AXES_USERNAME_CALLABLE: the key of the username being signed in with, from
    the credentials given to `authenticate` or else the sign-in form; None without one."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    return lockout_key(str(typed)) if typed is not None else None


def lift_lockout(username: str) -> int:
    """Forget the failed sign-ins of this username from every address: how many were kept."""
    removed: int = axes_reset(username=lockout_key(username))
    return removed
