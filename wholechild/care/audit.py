"""Writing to the audit log: one call per thing a member of staff (or a family) does."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import AuditAction, AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: AuditAction,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    address: str | None = None,
    target: str = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event. The actor is the signed-in user unless given, and the address the
    request's unless given; `target` is a request's reference or a username, and `detail` a
    short phrase with no health details in it."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_name=actor.get_username() if actor is not None else "",
        target=target[:40],
        detail=detail[:200],
        ip_address=address or client_address(request),
    )
