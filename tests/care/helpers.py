"""What the action tests share: a fresh copy of a cast family's request (the cast's own objects
are never changed), and a request moved to a status without the pages."""

from __future__ import annotations

from typing import Any

from wholechild.care.models import AuditAction, AuditEvent, EvaluationRequest, Plan, Status


def fresh(family: Any) -> EvaluationRequest:
    return EvaluationRequest.objects.get(pk=family.request.pk)


def at_status(family: Any, status: Status) -> EvaluationRequest:
    EvaluationRequest.objects.filter(pk=family.request.pk).update(status=status)
    return fresh(family)


def with_plan(family: Any, by: Any) -> EvaluationRequest:
    """Family one (evaluated) with its plan started."""
    Plan.objects.create(request=family.request, created_by=by)
    return fresh(family)


def audit_details(reference: str) -> list[tuple[str, str, int | None]]:
    """(action, detail, actor) of every audit entry about this request since it was received,
    oldest first."""
    events = AuditEvent.objects.filter(target=reference).order_by("at", "pk")
    events = events.exclude(action=AuditAction.REQUEST_RECEIVED)
    return [(event.action, event.detail, event.actor_id) for event in events]
