"""do_record_progress: a GAS score for a goal, with a note the family never sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from tests.care.goals import pt_goal
from tests.care.helpers import at_status, audit_details
from wholechild.care import actions
from wholechild.care.models import AuditAction, ProgressEntry, Status

pytestmark = pytest.mark.django_db


def test_it_records_the_score_by_whom_and_audits_it_without_the_note(cast: Any) -> None:
    goal = pt_goal(cast)

    entry = actions.do_record_progress(goal, gas_score=1, note="Six steps", by=cast.pt)

    assert (entry.goal_id, entry.gas_score, entry.note, entry.by) == (
        goal.pk,
        1,
        "Six steps",
        cast.pt,
    )
    assert entry.by_name == actions.staff_name(cast.pt)
    assert audit_details(cast.family_one.reference)[-1] == (
        AuditAction.PLAN_CHANGED,
        f"PT goal {goal.pk} progress recorded",
        cast.pt.pk,
    )


@pytest.mark.parametrize("score", [3, -3])
def test_a_score_outside_minus_two_to_plus_two_is_refused(cast: Any, score: int) -> None:
    goal = pt_goal(cast)
    with pytest.raises((ValueError, IntegrityError)):
        actions.do_record_progress(goal, gas_score=score, note="", by=cast.pt)


def test_a_discharged_childs_goal_takes_no_progress(cast: Any) -> None:
    goal = pt_goal(cast)
    at_status(cast.family_one, Status.DISCHARGED)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_record_progress(goal, gas_score=0, note="", by=cast.pt)
    assert not ProgressEntry.objects.exists()
