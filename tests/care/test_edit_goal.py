"""do_edit_goal: a goal's words, baseline, measure and target date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.care.goals import pt_goal
from tests.care.helpers import at_status, audit_details
from wholechild.care import actions
from wholechild.care.models import AuditAction, Goal, Status

pytestmark = pytest.mark.django_db


def words(goal: Goal, **changes: Any) -> dict[str, Any]:
    given = {name: getattr(goal, name) for name in actions.GOAL_DETAILS}
    given.update(changes)
    return given


def test_it_changes_what_was_changed_and_says_which(cast: Any) -> None:
    goal = pt_goal(cast)

    changed = actions.do_edit_goal(
        goal, by=cast.pt, **words(goal, text="Walks twenty steps", target_date=date(2027, 9, 30))
    )

    stored = Goal.objects.get(pk=goal.pk)
    assert changed == ["text", "target_date"]
    assert (stored.text, stored.target_date) == ("Walks twenty steps", date(2027, 9, 30))
    assert stored.baseline == "Two steps holding a hand"
    detail = audit_details(cast.family_one.reference)[-1]
    assert detail == (AuditAction.PLAN_CHANGED, f"PT goal {goal.pk} edited", cast.pt.pk)
    assert "twenty" not in detail[1]


def test_no_change_writes_nothing(cast: Any) -> None:
    goal = pt_goal(cast)
    before = audit_details(cast.family_one.reference)
    assert actions.do_edit_goal(goal, by=cast.pt, **words(goal)) == []
    assert audit_details(cast.family_one.reference) == before


def test_a_closed_requests_goal_is_not_edited(cast: Any) -> None:
    goal = pt_goal(cast)
    at_status(cast.family_one, Status.CLOSED)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_edit_goal(goal, by=cast.pt, **words(goal, text="Runs"))
    assert Goal.objects.get(pk=goal.pk).text == "Walks ten steps alone"
