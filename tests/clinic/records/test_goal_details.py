"""Editing a goal's words, baseline, measure and target date on its own page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, details_url, edit_body, edit_goal, plan_url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Discipline,
    EvaluationRequest,
    GoalState,
    Plan,
    Status,
)

pytestmark = pytest.mark.django_db


def test_the_pt_edits_their_goals_words_and_date_and_the_plan_shows_the_new_words(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(cast.pt)
    plan_page = client.get(plan_url(cast.family_one)).content.decode()
    assert f'href="{details_url(cast.family_one, goal)}">Edit this goal and its levels' in plan_page
    edit_page = client.get(details_url(cast.family_one, goal)).content.decode()
    assert "Walks ten steps alone</textarea>" in edit_page
    assert 'value="2027-03-31"' in edit_page
    # The browser's date control says the order itself; no hint in another order beside it.
    assert 'type="date"' in edit_page
    assert "For example, 20" not in edit_page

    response = edit_goal(client, cast.family_one, goal, edit_body())

    assert response.status_code == 302
    assert response["Location"] == f"{plan_url(cast.family_one)}#goal-{goal.pk}"
    goal.refresh_from_db()
    assert (goal.text, goal.baseline, goal.target_date) == (
        "Walks twenty steps alone",
        "Walks ten steps alone",
        date(2027, 9, 30),
    )
    assert (goal.discipline, goal.state) == (Discipline.PT, GoalState.PROPOSED)
    page = client.get(response["Location"]).content.decode()
    assert "Goal saved." in page
    assert "Walks twenty steps alone" in page
    assert "30 September 2027" in page


def test_the_edit_link_names_its_goal_for_a_screen_reader_and_only_its_therapist_gets_it(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    link = 'Edit this goal and its levels<span class="visually-hidden"> – Walks ten steps alone'
    assert link in as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()
    for other in (cast.ot, cast.intake):
        page = as_user(other).get(plan_url(cast.family_one)).content.decode()
        assert "Edit this goal" not in page
        assert details_url(cast.family_one, goal) not in page


@pytest.mark.parametrize("who", ["ot", "intake"])
def test_the_ot_or_the_intake_coordinator_gets_403_editing_a_pt_goal(
    cast: Any, as_user: Any, plan: Plan, who: str
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(getattr(cast, who))
    assert client.get(details_url(cast.family_one, goal)).status_code == 403
    assert edit_goal(client, cast.family_one, goal, edit_body()).status_code == 403
    goal.refresh_from_db()
    assert goal.text == "Walks ten steps alone"
    assert not AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).exists()


def test_a_therapist_not_assigned_gets_404_and_the_refusal_is_audited(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).update(pt_evaluator=None)
    client = as_user(cast.pt)
    assert client.get(details_url(cast.family_one, goal)).status_code == 404
    assert edit_goal(client, cast.family_one, goal, edit_body()).status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Walks ten steps alone"
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED)
    assert [(event.target, event.detail) for event in refused] == [
        (cast.family_one.reference, "goal_details"),
        (cast.family_one.reference, "goal_details"),
    ]


def test_a_goal_of_another_childs_plan_is_not_found_under_this_reference(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
        pt_evaluator=cast.pt, status=Status.EVALUATED
    )
    other_plan = Plan.objects.create(request=cast.family_two.request, created_by=cast.pt)
    other = add_goal(other_plan, Discipline.PT, "Writes own name", cast.pt)
    client = as_user(cast.pt)
    url = reverse("clinic:goal_details", args=[cast.family_one.reference, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_body()).status_code == 404
    other.refresh_from_db()
    assert other.text == "Writes own name"


@pytest.mark.parametrize(
    ("changes", "message", "target"),
    [
        ({"text": ""}, "Enter the goal", "id_goal-text"),
        ({"text": "   "}, "Enter the goal", "id_goal-text"),
        (
            {"target_date": "31/09/2027"},
            "Enter the target date as year-month-day",
            "id_goal-target_date",
        ),
        (
            {"target_date": "2027-02-30"},
            "Enter the target date as year-month-day",
            "id_goal-target_date",
        ),
    ],
)
def test_invalid_answers_show_the_error_summary_and_change_nothing(
    cast: Any, as_user: Any, plan: Plan, changes: dict[str, str], message: str, target: str
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = edit_goal(as_user(cast.pt), cast.family_one, goal, edit_body(**changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert f'href="#{target}"' in page
    assert message in page
    assert 'value="Steps without support, best of three"' in page  # the answers are kept
    goal.refresh_from_db()
    assert (goal.text, goal.target_date) == ("Walks ten steps alone", date(2027, 3, 31))
    assert not AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).exists()


def test_an_edit_is_audited_by_goal_number_with_no_goal_text_in_it(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    edit_goal(as_user(cast.pt), cast.family_one, goal, edit_body())

    event = AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED)
    assert (event.target, event.actor_id) == (cast.family_one.reference, cast.pt.pk)
    assert event.detail == f"PT goal {goal.pk} edited"
    for words in ("Walks", "steps", "Cruises", "2027"):
        assert not AuditEvent.objects.filter(detail__icontains=words).exists()


def test_saving_without_a_change_changes_and_audits_nothing(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    unchanged = edit_body(
        text="Walks ten steps alone",
        baseline="Baseline",
        measure="Measure",
        target_date="2027-03-31",
    )
    client = as_user(cast.pt)
    response = edit_goal(client, cast.family_one, goal, unchanged)
    assert response.status_code == 302
    assert "Nothing was changed." in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).exists()


@pytest.mark.parametrize("status", [Status.DISCHARGED, Status.CLOSED, Status.WITHDRAWN])
def test_a_read_only_plan_refuses_an_edit(
    cast: Any, as_user: Any, plan: Plan, status: Status
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).update(status=status)
    client = as_user(cast.pt)
    assert "Edit this goal" not in client.get(plan_url(cast.family_one)).content.decode()
    assert client.get(details_url(cast.family_one, goal)).status_code == 403
    assert edit_goal(client, cast.family_one, goal, edit_body()).status_code == 403
    goal.refresh_from_db()
    assert goal.text == "Walks ten steps alone"
