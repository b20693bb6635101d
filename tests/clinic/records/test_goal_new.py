"""Adding a goal: each therapist in their own discipline only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, goal_body, plan_url, post_goal
from wholechild.care.models import (
    Discipline,
    Goal,
    GoalDiscipline,
    GoalState,
    Plan,
)

pytestmark = pytest.mark.django_db


def test_a_pt_adds_a_pt_goal_and_an_ot_adds_an_ot_goal(cast: Any, as_user: Any, plan: Plan) -> None:
    pt_response = post_goal(as_user(cast.pt), cast.family_one, goal_body("pt"))
    ot_response = post_goal(
        as_user(cast.ot), cast.family_one, goal_body("ot", "Feeds self with a spoon")
    )

    assert pt_response.status_code == ot_response.status_code == 302
    goals = {goal.discipline: goal for goal in plan.goals.all()}
    assert goals["pt"].text == "Walks ten steps alone"
    assert goals["pt"].created_by == cast.pt
    assert goals["pt"].state == GoalState.PROPOSED
    assert goals["ot"].text == "Feeds self with a spoon"
    assert pt_response["Location"].endswith(f"#goal-{goals['pt'].pk}")


def test_a_pt_cannot_add_an_ot_goal(cast: Any, as_user: Any, plan: Plan) -> None:
    response = post_goal(as_user(cast.pt), cast.family_one, goal_body("ot"))
    assert response.status_code == 403
    assert not Goal.objects.exists()


def test_the_intake_coordinator_reads_the_plan_but_writes_no_goals(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    add_goal(plan, Discipline.PT, "Climbs stairs", cast.pt)
    client = as_user(cast.intake)
    page = client.get(plan_url(cast.family_one)).content.decode()
    assert "Climbs stairs" in page
    assert "Add a goal" not in page
    assert (
        client.get(reverse("clinic:goal_new", args=[cast.family_one.reference])).status_code == 403
    )
    assert post_goal(client, cast.family_one, goal_body("pt")).status_code == 403


def test_a_goal_with_missing_answers_is_shown_again_with_the_problems(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    body = {**goal_body("pt"), "goal-text": "", "goal-target_date": "31/03/2027"}
    response = post_goal(as_user(cast.pt), cast.family_one, body)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_goal-text"' in page
    assert "Enter the goal" in page
    assert "Enter the target date as year-month-day" in page
    assert 'value="Steps without support, best of three"' in page
    assert not Goal.objects.exists()


def test_either_therapist_adds_a_shared_goal_with_its_five_levels_and_weight(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    body = {
        **goal_body("both", "Dresses standing up"),
        "goal-importance": "3",
        "goal-difficulty": "2",
        "goal-baseline_level": "-1",
    }
    response = post_goal(as_user(cast.ot), cast.family_one, body)

    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.discipline == GoalDiscipline.BOTH
    assert (goal.importance, goal.difficulty, goal.weight, goal.baseline_level) == (3, 2, 6, -1)
    assert [words for _level, words in goal.levels()][2] == "Ten steps alone"


def test_the_new_goal_page_offers_the_own_discipline_and_shared_only(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    page = as_user(cast.pt).get(reverse("clinic:goal_new", args=[cast.family_one.reference]))
    text = page.content.decode()
    assert 'value="pt"' in text
    assert 'value="both"' in text
    assert 'value="ot"' not in text
    assert "−2: much less than expected" in text


def test_a_goal_without_its_levels_is_refused_naming_each(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    body = {**goal_body("pt"), "goal-level_less": "", "goal-level_much_more": ""}
    page = post_goal(as_user(cast.pt), cast.family_one, body).content.decode()
    assert "Describe level −1" in page
    assert "Describe level +2" in page
    assert not Goal.objects.exists()
