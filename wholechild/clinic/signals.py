"""Sign-ins, sign-outs, failures and lockouts go to the audit log, whichever view caused them."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wholechild.care import audit
from wholechild.care.models import AuditAction


@receiver(user_logged_in)
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(AuditAction.SIGN_IN, request=request, actor=user, target=user.get_username())


@receiver(user_logged_out)
def signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and not getattr(request, "staff_session_expired", False):
        audit.record(AuditAction.SIGN_OUT, request=request, actor=user, target=user.get_username())


@receiver(user_login_failed)
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    # The username tried is the target when it is an account's: a password typed into the
    # username box by mistake must not end up in the log for administrators to read.
    username = str(credentials.get("username", ""))[:150]
    known = get_user_model().objects.filter(username=username).exists()
    target = username[:40] if known else "(unknown username)"
    audit.record(AuditAction.SIGN_IN_FAILED, request=request, actor=None, target=target)


@receiver(user_locked_out)
def locked_out(sender: Any, request: Any = None, username: Any = None, **kw: Any) -> None:
    # Sent by django-axes when the limit is reached, and again for each refused try after.
    audit.record(
        AuditAction.LOCKED_OUT,
        request=request,
        actor=None,
        target=str(username or "")[:40],
        detail="too many failed sign-ins",
    )
