"""do_move_status: a step in the history, the request moved, and its audit entry, together."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, AuditEvent, Status, StatusChange

pytestmark = pytest.mark.django_db


def test_it_moves_the_request_and_writes_the_history_and_the_audit(cast: Any) -> None:
    evaluation = fresh(cast.family_two)

    change = actions.do_move_status(
        evaluation, to=Status.CONTACTED, by=cast.intake, address="192.0.2.7"
    )

    stored = fresh(cast.family_two)
    assert stored.status == Status.CONTACTED
    assert (change.from_status, change.to_status) == (Status.NEW, Status.CONTACTED)
    assert change.by == cast.intake and change.by_name == actions.staff_name(cast.intake)
    assert stored.status_changed_at == change.at
    assert evaluation.status == Status.CONTACTED  # the caller's copy is current too
    event = AuditEvent.objects.get(target=stored.reference, action=AuditAction.RECORD_CHANGED)
    assert (event.detail, event.actor_id, event.ip_address) == (
        "status: contacted",
        cast.intake.pk,
        "192.0.2.7",
    )


def test_the_reason_is_kept_only_for_closing(cast: Any) -> None:
    actions.do_move_status(
        fresh(cast.family_two), to=Status.CONTACTED, by=cast.intake, reason="ignored"
    )
    assert fresh(cast.family_two).closed_reason == ""
    actions.do_move_status(
        fresh(cast.family_two), to=Status.CLOSED, by=cast.intake, reason="Moved away"
    )
    assert fresh(cast.family_two).closed_reason == "Moved away"
    assert StatusChange.objects.filter(request=cast.family_two.request).last().reason == (
        "Moved away"
    )


@pytest.mark.parametrize("status", [Status.DISCHARGED, Status.CLOSED, Status.WITHDRAWN])
def test_a_finished_request_is_not_moved(cast: Any, status: Status) -> None:
    evaluation = fresh(cast.family_two)
    evaluation.status = status
    evaluation.save()
    before = StatusChange.objects.count()

    with pytest.raises(actions.NotAllowedNow):
        actions.do_move_status(evaluation, to=Status.CONTACTED, by=cast.intake)

    assert fresh(cast.family_two).status == status
    assert StatusChange.objects.count() == before
    assert audit_details(cast.family_two.reference) == []


def test_the_state_is_checked_on_the_row_not_on_the_callers_stale_copy(cast: Any) -> None:
    stale = fresh(cast.family_two)
    actions.do_move_status(fresh(cast.family_two), to=Status.CLOSED, by=cast.intake, reason="x")

    with pytest.raises(actions.NotAllowedNow):
        actions.do_move_status(stale, to=Status.CONTACTED, by=cast.intake)
    assert fresh(cast.family_two).status == Status.CLOSED
