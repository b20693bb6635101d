"""The plan page: PT and OT goals side by side, forms only where the reader may write, named for
a screen reader, read-only once discharged, audited, and a clean print."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, goal_body, plan_url, post_goal, record_visit
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Discipline,
    EvaluationRequest,
    GoalDiscipline,
    Plan,
    Status,
)

pytestmark = pytest.mark.django_db


def test_both_therapists_see_pt_and_ot_goals_side_by_side(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    for who in (cast.pt, cast.ot):
        page = as_user(who).get(plan_url(cast.family_one)).content.decode()
        pt_column = page.index('id="pt-goals"')
        ot_column = page.index('id="ot-goals"')
        shared = page.index('id="shared-goals"')
        assert pt_column < page.index("Walks ten steps alone") < ot_column
        assert ot_column < page.index("Feeds self with a spoon") < shared
        assert 'class="plan"' in page


def test_each_therapist_gets_forms_only_for_their_own_goals(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    pt_goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    ot_goal = add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    shared = add_goal(plan, GoalDiscipline.BOTH, "Dresses standing up", cast.pt)
    page = as_user(cast.ot).get(plan_url(cast.family_one)).content.decode()
    reference = cast.family_one.reference
    assert reverse("clinic:goal_details", args=[reference, ot_goal.pk]) in page
    assert reverse("clinic:goal_details", args=[reference, shared.pk]) in page
    assert reverse("clinic:goal_details", args=[reference, pt_goal.pk]) not in page
    assert reverse("clinic:activity_new", args=[reference, pt_goal.pk]) not in page
    assert reverse("clinic:goal_new", args=[reference]) in page
    assert reverse("clinic:visit_new", args=[reference]) in page


def test_each_goals_forms_name_the_goal_so_a_screen_reader_says_which_it_is(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    first = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    long_text = "Climbs the stairs at home holding the rail, one foot per step, " * 3
    second = add_goal(plan, Discipline.PT, long_text, cast.pt)
    client = as_user(cast.pt)
    page = client.get(plan_url(cast.family_one)).content.decode()
    assert 'Edit this goal and its levels<span class="visually-hidden"> – Walks ten steps' in page
    assert "State of:" not in page  # the state's form is on the goal's own page
    goal_page = reverse("clinic:goal", args=[cast.family_one.reference, first.pk])
    assert goal_page in page
    page = client.get(goal_page).content.decode()

    assert re.search(
        rf'<label class="label" for="id_goal-{first.pk}-state-state">'
        r"State of: Walks ten steps alone</label>",
        page,
    )
    second_page = reverse("clinic:goal", args=[cast.family_one.reference, second.pk])
    page = client.get(second_page).content.decode()
    label = re.search(rf'for="id_goal-{second.pk}-state-state">State of: ([^<]+)</label>', page)
    assert label is not None
    assert label.group(1).startswith("Climbs the stairs at home")
    assert label.group(1).endswith("…")
    assert len(label.group(1)) <= 60
    assert "State</label>" not in page  # no control is called just "State" any more


def test_a_discharged_childs_plan_can_be_read_but_not_changed(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).update(status=Status.DISCHARGED)
    client = as_user(cast.pt)
    page = client.get(plan_url(cast.family_one)).content.decode()
    assert "Walks ten steps alone" in page
    assert "The plan can no longer be changed." in page
    assert '<form method="post" action="/clinic/requests/' not in page
    assert record_visit(client, cast.family_one, {goal: "0"}).status_code == 403
    assert post_goal(client, cast.family_one, goal_body("pt")).status_code == 403


def test_opening_the_plan_is_audited(cast: Any, as_user: Any, plan: Plan) -> None:
    as_user(cast.ot).get(plan_url(cast.family_one))
    event = AuditEvent.objects.get(action=AuditAction.PLAN_VIEWED)
    assert (event.target, event.actor_id) == (cast.family_one.reference, cast.ot.pk)


def test_the_plan_prints_without_the_navigation_or_the_forms(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()
    assert "clinic/clinic.css" in page
    stylesheet = finders.find("clinic/clinic.css")
    assert stylesheet is not None
    with open(stylesheet, encoding="utf-8") as css:
        rules = css.read()
    printed = rules[rules.index("@media print") :]
    assert ".staff-nav" in printed
    assert "form" in printed
    assert "display: none" in printed
