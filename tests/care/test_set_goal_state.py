"""do_set_goal_state: proposing, starting, reaching or stopping a goal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.goals import pt_goal
from tests.care.helpers import at_status, audit_details
from wholechild.care import actions
from wholechild.care.models import AuditAction, Goal, GoalState, Status

pytestmark = pytest.mark.django_db


def test_it_changes_the_state_and_audits_it_by_goal_number(cast: Any) -> None:
    goal = pt_goal(cast)

    assert actions.do_set_goal_state(goal, state=GoalState.ACTIVE, by=cast.pt) is True

    assert Goal.objects.get(pk=goal.pk).state == GoalState.ACTIVE
    assert audit_details(cast.family_one.reference)[-1] == (
        AuditAction.PLAN_CHANGED,
        f"PT goal {goal.pk} state: active",
        cast.pt.pk,
    )


def test_the_same_state_again_changes_and_audits_nothing(cast: Any) -> None:
    goal = pt_goal(cast)
    before = audit_details(cast.family_one.reference)
    assert actions.do_set_goal_state(goal, state=GoalState.PROPOSED, by=cast.pt) is False
    assert audit_details(cast.family_one.reference) == before


def test_a_read_only_plan_keeps_its_states(cast: Any) -> None:
    goal = pt_goal(cast)
    at_status(cast.family_one, Status.DISCHARGED)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_set_goal_state(goal, state=GoalState.ACHIEVED, by=cast.pt)
    assert Goal.objects.get(pk=goal.pk).state == GoalState.PROPOSED
