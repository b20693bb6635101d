"""do_reopen: a request closed by mistake goes back to the status it had."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, Status

pytestmark = pytest.mark.django_db


def test_it_goes_back_to_the_status_before_closing_and_forgets_the_reason(cast: Any) -> None:
    actions.do_move_status(fresh(cast.family_two), to=Status.BOOKED, by=cast.intake)
    actions.do_move_status(fresh(cast.family_two), to=Status.CLOSED, by=cast.intake, reason="x")

    to = actions.do_reopen(fresh(cast.family_two), by=cast.intake)

    stored = fresh(cast.family_two)
    assert to == Status.BOOKED == stored.status
    assert stored.closed_reason == ""
    assert stored.history.last().from_status == Status.CLOSED
    assert audit_details(stored.reference)[-1] == (
        AuditAction.RECORD_CHANGED,
        "reopened",
        cast.intake.pk,
    )


@pytest.mark.parametrize("status", [Status.NEW, Status.DISCHARGED, Status.WITHDRAWN])
def test_only_a_closed_request_is_reopened(cast: Any, status: Status) -> None:
    evaluation = fresh(cast.family_two)
    evaluation.status = status
    evaluation.save()
    with pytest.raises(actions.NotAllowedNow):
        actions.do_reopen(evaluation, by=cast.intake)
    assert fresh(cast.family_two).status == status
