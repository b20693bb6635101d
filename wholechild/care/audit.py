"""Writing to the audit log: one call per thing a member of staff (or a family) does."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.http import HttpRequest

from .models import ApiClient, AuditAction, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


# Where `wholechild serve` keeps the address of the peer (the proxy) behind a trusted proxy,
# whose X-Forwarded-For has replaced REMOTE_ADDR (wholechild.cli).
PEER_ADDRESS = "wholechild.peer_address"


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address, for the audit log, the rate limit and django-axes.

    Behind a trusted proxy REMOTE_ADDR is what the proxy forwarded in X-Forwarded-For, which
    is whatever the client sent it. When it is not an IP address ("garbage"), the peer's own
    address is used instead: never stored as it came, and never a 500 from PostgreSQL's inet
    column. None when neither is an address.
    """
    if request is None:
        return None
    for name in ("REMOTE_ADDR", PEER_ADDRESS):
        value = str(request.META.get(name) or "")
        if "%" in value:  # an IPv6 zone ("fe80::1%eth0"): no database column takes it
            continue
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            continue
    return None


def record(
    action: AuditAction,
    *,
    request: HttpRequest | None = None,
    actor: AbstractBaseUser | None = None,
    address: str | None = None,
    target: str = "",
    detail: str = "",
    client: ApiClient | None = None,
) -> AuditEvent:
    """Append one event. The actor is the signed-in user unless given, and the address the
    request's unless given; `target` is a request's reference or a username, and `detail` a
    short phrase with no health details in it. An API client acting is named as
    `client.audit_name` ("api:<name>"), with no user."""
    if actor is None and request is not None and client is None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if client is not None:
        actor_name = client.audit_name
    else:
        actor_name = actor.get_username() if actor is not None else ""
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_name=actor_name[:150],
        target=target[:40],
        detail=detail[:200],
        ip_address=address or client_address(request),
    )


def record_system_events(action: AuditAction, entries: list[tuple[str, str]]) -> int:
    """Append one event for each (target, detail), done by the system (no actor, no address),
    in one INSERT: the retention rule's deletions, which come by the hundred."""
    AuditEvent.objects.bulk_create(
        AuditEvent(action=action, target=target[:40], detail=detail[:200])
        for target, detail in entries
    )
    return len(entries)
