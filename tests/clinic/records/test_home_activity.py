"""Home activities: a therapist attaches them to their goals (or shared ones), and stops them;
another child's activity is not found under this reference."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, plan_url
from wholechild.care import actions
from wholechild.care.models import Discipline, GoalDiscipline, HomeActivity, Plan, Status

pytestmark = pytest.mark.django_db


def add(client: Any, family: Any, goal: Any, **body: str) -> Any:
    url = reverse("clinic:activity_new", args=[family.reference, goal.pk])
    return client.post(
        url, {"what": "Stand at the sofa for a song", "how_often": "Twice a day", **body}
    )


def test_a_therapist_adds_a_home_activity_and_the_plan_shows_it(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, GoalDiscipline.BOTH, "Dresses standing up", cast.ot)
    client = as_user(cast.pt)  # a shared goal: either therapist

    response = add(client, cast.family_one, goal, watch_for="Wobbling")

    assert response.status_code == 302
    activity = HomeActivity.objects.get()
    assert (activity.goal, activity.how_often, activity.watch_for) == (
        goal,
        "Twice a day",
        "Wobbling",
    )
    page = client.get(plan_url(cast.family_one)).content.decode()
    assert "Stand at the sofa for a song" in page
    assert "How often: Twice a day" in page


def test_what_to_do_and_how_often_are_needed(cast: Any, as_user: Any, plan: Plan) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    page = add(as_user(cast.pt), cast.family_one, goal, what="", how_often="").content.decode()
    assert "Enter what the family should do" in page
    assert "Enter how often" in page
    assert not HomeActivity.objects.exists()


def test_the_other_discipline_cannot_add_to_a_goal_not_theirs(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    assert add(as_user(cast.ot), cast.family_one, goal).status_code == 403
    assert not HomeActivity.objects.exists()


def test_a_stopped_activity_leaves_the_plan_and_stopping_twice_changes_nothing(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(cast.pt)
    add(client, cast.family_one, goal)
    activity = HomeActivity.objects.get()
    url = reverse("clinic:activity_stop", args=[cast.family_one.reference, activity.pk])

    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    activity.refresh_from_db()
    assert activity.stopped
    assert "Stand at the sofa" not in client.get(plan_url(cast.family_one)).content.decode()
    assert as_user(cast.ot).post(url).status_code == 403  # not an OT goal


def test_another_childs_activity_is_not_found_under_this_reference(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    from wholechild.care.models import EvaluationRequest

    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
        pt_evaluator=cast.pt, status=Status.EVALUATED
    )
    other_plan = Plan.objects.create(request=cast.family_two.request, created_by=cast.pt)
    other_goal = add_goal(other_plan, Discipline.PT, "Writes own name", cast.pt)
    other = actions.do_add_home_activity(
        other_goal, what="Draw circles", how_often="Daily", watch_for="", by=cast.pt
    )
    url = reverse("clinic:activity_stop", args=[cast.family_one.reference, other.pk])
    assert as_user(cast.pt).post(url).status_code == 404
    other.refresh_from_db()
    assert not other.stopped
