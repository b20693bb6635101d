"""do_add_goal: a goal for one discipline in a started plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.care.helpers import at_status, audit_details, fresh, with_plan
from wholechild.care import actions
from wholechild.care.models import AuditAction, Discipline, Goal, GoalState, Status

pytestmark = pytest.mark.django_db

WORDS = {
    "text": "Walks ten steps alone",
    "baseline": "Two steps holding a hand",
    "measure": "Steps, best of three",
    "target_date": date(2027, 3, 31),
}


def test_it_adds_a_proposed_goal_and_audits_its_discipline_only(cast: Any) -> None:
    evaluation = with_plan(cast.family_one, cast.pt)

    goal = actions.do_add_goal(evaluation, discipline=Discipline.PT, by=cast.pt, **WORDS)

    assert (goal.plan.request_id, goal.discipline, goal.state) == (
        evaluation.pk,
        Discipline.PT,
        GoalState.PROPOSED,
    )
    assert goal.text == WORDS["text"] and goal.created_by == cast.pt
    assert audit_details(evaluation.reference) == [
        (AuditAction.PLAN_CHANGED, "PT goal added", cast.pt.pk)
    ]


def test_without_a_plan_there_is_no_goal(cast: Any) -> None:
    with pytest.raises(actions.NotAllowedNow):
        actions.do_add_goal(fresh(cast.family_one), discipline=Discipline.OT, by=cast.ot, **WORDS)
    assert not Goal.objects.exists()


def test_a_discharged_childs_plan_takes_no_new_goals(cast: Any) -> None:
    with_plan(cast.family_one, cast.pt)
    evaluation = at_status(cast.family_one, Status.DISCHARGED)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_add_goal(evaluation, discipline=Discipline.PT, by=cast.pt, **WORDS)
    assert not Goal.objects.exists()
