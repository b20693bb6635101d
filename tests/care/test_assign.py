"""do_assign: choosing the PT and OT evaluators of an open request."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, Status

pytestmark = pytest.mark.django_db


def test_it_assigns_both_and_says_what_changed(cast: Any) -> None:
    changes = actions.do_assign(fresh(cast.family_two), pt=cast.pt, ot=cast.ot, by=cast.intake)

    stored = fresh(cast.family_two)
    assert (stored.pt_evaluator, stored.ot_evaluator) == (cast.pt, cast.ot)
    assert changes == ["assigned PT", "assigned OT"]
    assert audit_details(stored.reference) == [
        (AuditAction.RECORD_CHANGED, "assigned PT, assigned OT", cast.intake.pk)
    ]


def test_unassigning_one_changes_only_that_one(cast: Any) -> None:
    changes = actions.do_assign(fresh(cast.family_one), pt=cast.pt, ot=None, by=cast.intake)
    assert changes == ["unassigned OT"]
    assert fresh(cast.family_one).pt_evaluator == cast.pt


def test_nothing_changed_writes_nothing(cast: Any) -> None:
    assert actions.do_assign(fresh(cast.family_one), pt=cast.pt, ot=cast.ot, by=cast.intake) == []
    assert audit_details(cast.family_one.reference) == []


def test_a_finished_request_is_not_assigned(cast: Any) -> None:
    evaluation = at_status(cast.family_two, Status.CLOSED)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_assign(evaluation, pt=cast.pt, ot=None, by=cast.intake)
    assert fresh(cast.family_two).pt_evaluator is None
