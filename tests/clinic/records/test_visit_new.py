"""Recording a visit: when, whose, whether the child came, a staff note, and the level reached on
each goal worked on (GAS, −2 to +2); the plan's progress comes from visits."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, fresh, plan_url, record_visit
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Discipline,
    GoalDiscipline,
    GoalState,
    Plan,
    ProgressEntry,
    Status,
    Visit,
)

pytestmark = pytest.mark.django_db


def test_a_visit_records_its_note_and_a_level_on_each_goal_worked_on(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    walking = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    stairs = add_goal(plan, Discipline.PT, "Climbs stairs", cast.pt)
    client = as_user(cast.pt)

    response = record_visit(
        client, cast.family_one, {walking: "-1", stairs: ""}, worked_on="Walking on grass"
    )

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.attendance, visit.worked_on, visit.by) == (
        "attended",
        "Walking on grass",
        cast.pt,
    )
    entry = ProgressEntry.objects.get()
    assert (entry.goal, entry.visit, entry.gas_score) == (walking, visit, -1)
    walking.refresh_from_db()
    assert walking.state == GoalState.ACTIVE  # worked on, so no longer only proposed
    page = client.get(plan_url(cast.family_one)).content.decode()
    assert "Now at −1: Somewhat less than expected: Five steps holding a hand" in page
    assert "Walking on grass" not in page  # the note is on the visits page, not the plan
    visits = client.get(reverse("clinic:visits", args=[cast.family_one.reference]))
    assert "Walking on grass" in visits.content.decode()
    # The level as the goal itself words it, beside the GAS's words.
    assert (
        'Walks ten steps alone: <strong class="gas">−1: Somewhat less than expected: '
        "Five steps holding a hand</strong>"
    ) in visits.content.decode()


def test_the_first_visit_the_child_comes_to_moves_the_request_into_therapy(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    record_visit(as_user(cast.ot), cast.family_one, {}, discipline="ot", attendance="no-show")
    assert fresh(cast.family_one).status == Status.EVALUATED
    record_visit(as_user(cast.ot), cast.family_one, {}, discipline="ot")
    assert fresh(cast.family_one).status == Status.IN_THERAPY
    details = list(
        AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED)
        .order_by("at", "pk")
        .values_list("detail", flat=True)
    )
    assert details[0].endswith("recorded: no-show, 0 levels")
    assert details[1].endswith("recorded: attended, 0 levels, status: in-therapy")


def test_a_missed_visit_records_no_levels(cast: Any, as_user: Any, plan: Plan) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = record_visit(as_user(cast.pt), cast.family_one, {goal: "0"}, attendance="cancelled")
    assert response.status_code == 200
    assert "Levels are recorded only for a visit the child came to" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_pt_visit_levels_pt_and_shared_goals_but_not_ot_ones(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    shared = add_goal(plan, GoalDiscipline.BOTH, "Dresses standing up", cast.ot)
    ot_goal = add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    client = as_user(cast.pt)

    refused = record_visit(client, cast.family_one, {ot_goal: "0"})
    assert "not one this visit" in refused.content.decode()
    assert record_visit(client, cast.family_one, {shared: "1"}).status_code == 302
    assert ProgressEntry.objects.get().goal == shared
    joint = record_visit(client, cast.family_one, {ot_goal: "0"}, discipline="both")
    assert joint.status_code == 302  # a joint visit, PT and OT together, works on both


def test_a_pt_cannot_record_an_ot_visit(cast: Any, as_user: Any, plan: Plan) -> None:
    response = record_visit(as_user(cast.pt), cast.family_one, {}, discipline="ot")
    assert response.status_code == 200
    assert not Visit.objects.exists()


@pytest.mark.parametrize("level", ["3", "-3", "1.5", "lots"])
def test_a_level_outside_minus_two_to_plus_two_is_refused(
    cast: Any, as_user: Any, plan: Plan, level: str
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = record_visit(as_user(cast.pt), cast.family_one, {goal: level})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_visit_form_names_each_goal_and_its_levels_in_words(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    page = as_user(cast.pt).get(reverse("clinic:visit_new", args=[cast.family_one.reference]))
    text = page.content.decode()
    assert f'for="id_visit-level_{goal.pk}">Level reached: Walks ten steps alone' in text
    assert "0: As expected: Ten steps alone" in text
    assert "Staff only: the family never sees visit notes." in text


def test_the_intake_coordinator_records_no_visits(cast: Any, as_user: Any, plan: Plan) -> None:
    assert record_visit(as_user(cast.intake), cast.family_one, {}).status_code == 403
    assert not Visit.objects.exists()
