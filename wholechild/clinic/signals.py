"""Sign-ins, sign-outs, failures and lockouts go to the audit log, whichever view caused them."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from wholechild.care import audit
from wholechild.care.models import AuditAction

UNKNOWN_USERNAME = "(unknown username)"


@receiver(user_logged_in)
def signed_in(
    sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs: object
) -> None:
    audit.record(AuditAction.SIGN_IN, request=request, actor=user, target=user.get_username())


@receiver(user_logged_out)
def signed_out(
    sender: object, request: HttpRequest, user: AbstractBaseUser | None, **kwargs: object
) -> None:
    if user is not None and not getattr(request, "staff_session_expired", False):
        audit.record(AuditAction.SIGN_OUT, request=request, actor=user, target=user.get_username())


@receiver(user_login_failed)
def sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: object
) -> None:
    target = _target(credentials.get("username"))
    audit.record(AuditAction.SIGN_IN_FAILED, request=request, actor=None, target=target)


def _target(typed: object) -> str:
    """The username tried, when it is an account's: a password or a parent's email typed into
    the username box by mistake must not end up in the log for administrators to read."""
    username = str(typed or "")[:150]
    known = bool(username) and get_user_model().objects.filter(username=username).exists()
    return username[:40] if known else UNKNOWN_USERNAME


@receiver(user_locked_out)
def locked_out(
    sender: object, request: HttpRequest | None = None, username: str | None = None, **kw: object
) -> None:
    # Sent by django-axes when the limit is reached, and again for each refused try after.
    # `username` is the keyed hash axes keeps (wholechild.care.staff.lockout_key); the
    # credentials tried are beside it on the request.
    credentials = getattr(request, "axes_credentials", None) or {}
    audit.record(
        AuditAction.LOCKED_OUT,
        request=request,
        actor=None,
        target=_target(credentials.get("username")),
        detail="too many failed sign-ins",
    )
