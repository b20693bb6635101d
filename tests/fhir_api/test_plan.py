"""API clients read the shared plan: the visits as Encounters, the levels and the T-score as
Observations, the goals, by id and by `?patient=`; what is not in a record they may see is not
found."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.care.helpers import fresh
from tests.fhir.helpers import api_client
from tests.fhir.validation import validate
from tests.fhir_api.test_read import get
from wholechild.care import actions
from wholechild.care.models import ApiScope, Attendance, Discipline, GoalState

pytestmark = pytest.mark.django_db


@pytest.fixture
def ehr() -> Any:
    return api_client("Riverside EHR", ApiScope.READ_FHIR)


@pytest.fixture
def visited(cast: Any) -> Any:
    """Family one with a PT goal and a visit that recorded a level on it."""
    evaluation = fresh(cast.family_one)
    actions.do_start_plan(evaluation, by=cast.pt)
    walks = actions.do_add_goal(
        evaluation,
        discipline=Discipline.PT,
        text="Walks ten steps",
        baseline="Cruises",
        measure="Steps",
        target_date=date(2027, 4, 30),
        by=cast.pt,
        state=GoalState.ACTIVE,
        level_expected="Ten steps alone",
    )
    visit = actions.do_record_visit(
        evaluation,
        on=date(2027, 1, 12),
        discipline=Discipline.PT,
        attendance=Attendance.ATTENDED,
        by=cast.pt,
        levels={walks.pk: -1},
    )
    return fresh(cast.family_one), walks, visit


def test_a_client_reads_a_visit_and_a_goal_by_id(client: Client, ehr: Any, visited: Any) -> None:
    evaluation, walks, visit = visited

    status, encounter = get(
        client, f"/fhir/Encounter/{evaluation.fhir_id}-visit-{visit.pk}", ehr.token
    )
    assert (status, encounter["status"]) == (200, "finished")
    validate(encounter)
    status, goal = get(client, f"/fhir/Goal/{evaluation.fhir_id}-goal-{walks.pk}", ehr.token)
    assert (status, goal["achievementStatus"]["coding"][0]["code"]) == (200, "improving")


@pytest.mark.parametrize("kind", ["Encounter", "Goal", "CarePlan", "Observation"])
def test_a_client_searches_the_plan_by_patient(
    client: Client, ehr: Any, visited: Any, kind: str
) -> None:
    evaluation, _walks, _visit = visited

    status, found = get(client, f"/fhir/{kind}?patient={evaluation.fhir_id}", ehr.token)

    assert status == 200
    validate(found)
    assert {e["resource"]["resourceType"] for e in found["entry"]} == {kind}


def test_the_levels_and_the_t_score_are_among_the_observations(
    client: Client, ehr: Any, visited: Any
) -> None:
    evaluation, _walks, _visit = visited

    _status, found = get(client, f"/fhir/Observation?patient={evaluation.fhir_id}", ehr.token)

    codes = {e["resource"]["code"]["coding"][0]["code"] for e in found["entry"]}
    assert {"pt-need", "ot-need", "answer", "goal-level", "t-score"} <= codes


@pytest.mark.parametrize("suffix", ["-visit-999999", "-level-999999", "-goal-999999"])
def test_what_is_not_in_the_record_is_not_found(
    client: Client, ehr: Any, visited: Any, suffix: str
) -> None:
    evaluation, _walks, _visit = visited
    kind = {"-visit-999999": "Encounter", "-level-999999": "Observation"}.get(suffix, "Goal")

    status, found = get(client, f"/fhir/{kind}/{evaluation.fhir_id}{suffix}", ehr.token)

    assert (status, found["issue"][0]["code"]) == (404, "not-found")


def test_a_visit_of_another_childs_record_is_not_found(
    cast: Any, client: Client, ehr: Any, visited: Any
) -> None:
    _evaluation, _walks, visit = visited
    other = fresh(cast.family_two).fhir_id

    status, _found = get(client, f"/fhir/Encounter/{other}-visit-{visit.pk}", ehr.token)

    assert status == 404
