"""Changing a goal's state: its own discipline's therapist only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.records.helpers import add_goal, change_state, plan_url, record_visit
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Discipline,
    GoalState,
    Plan,
    ProgressEntry,
)

pytestmark = pytest.mark.django_db


def test_a_therapist_changes_the_state_of_their_own_goals(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(cast.pt)
    assert change_state(client, cast.family_one, goal, "active").status_code == 302
    goal.refresh_from_db()
    assert goal.state == GoalState.ACTIVE
    event = AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED)
    assert event.detail == f"PT goal {goal.pk} state: active"
    assert "Active" in client.get(plan_url(cast.family_one)).content.decode()


def test_a_goal_form_with_an_error_still_names_its_goal(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = change_state(as_user(cast.pt), cast.family_one, goal, "vanished")
    page = response.content.decode()
    assert response.status_code == 200
    assert "State of: Walks ten steps alone</label>" in page
    assert f'href="#id_goal-{goal.pk}-state-state"' in page


def test_a_therapist_cannot_change_the_other_disciplines_goals(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(cast.ot)
    assert change_state(client, cast.family_one, goal, "achieved").status_code == 403
    assert record_visit(client, cast.family_one, {goal: "1"}, discipline="ot").status_code == 200
    goal.refresh_from_db()
    assert goal.state == GoalState.PROPOSED
    assert not ProgressEntry.objects.exists()
