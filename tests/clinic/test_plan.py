"""The shared plan: started once the child is evaluated, PT and OT goals side by side, each
therapist writing only in their own discipline, GAS progress from −2 to +2, and a clean print."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Discipline,
    EvaluationRequest,
    Goal,
    GoalState,
    Plan,
    ProgressEntry,
    Status,
)

pytestmark = pytest.mark.django_db


def plan_url(family: Any) -> str:
    return reverse("clinic:plan", args=[family.reference])


@pytest.fixture
def plan(cast: Any) -> Plan:
    return Plan.objects.create(request=cast.family_one.request, created_by=cast.pt)


def add_goal(plan: Plan, discipline: Discipline, text: str, by: Any) -> Goal:
    return Goal.objects.create(
        plan=plan,
        discipline=discipline,
        text=text,
        baseline="Baseline",
        measure="Measure",
        target_date=date(2027, 3, 31),
        created_by=by,
    )


def goal_body(discipline: str, text: str = "Walks ten steps alone") -> dict[str, str]:
    return {
        "goal-discipline": discipline,
        "goal-text": text,
        "goal-baseline": "Cruises along furniture",
        "goal-measure": "Steps without support, best of three",
        "goal-target_date": "2027-03-31",
    }


def post_goal(client: Any, family: Any, body: dict[str, str]) -> Any:
    return client.post(reverse("clinic:goal_new", args=[family.reference]), body)


def record_progress(client: Any, family: Any, goal: Goal, score: str, note: str = "") -> Any:
    return client.post(
        reverse("clinic:progress_new", args=[family.reference, goal.pk]),
        {f"goal-{goal.pk}-progress-gas_score": score, f"goal-{goal.pk}-progress-note": note},
    )


def change_state(client: Any, family: Any, goal: Goal, state: str) -> Any:
    return client.post(
        reverse("clinic:goal_edit", args=[family.reference, goal.pk]),
        {f"goal-{goal.pk}-state-state": state},
    )


# --- Starting the plan -----------------------------------------------------------------------


def test_a_plan_cannot_be_started_before_the_child_is_evaluated(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    page = client.get(plan_url(cast.family_two)).content.decode()
    assert "A plan can be started once the child has been evaluated." in page
    assert "Start the plan" not in page

    response = client.post(reverse("clinic:plan_start", args=[cast.family_two.reference]))

    assert response.status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_once_evaluated_the_plan_is_started_once(cast: Any, as_user: Any, who: str) -> None:
    client = as_user(getattr(cast, who))
    start = reverse("clinic:plan_start", args=[cast.family_one.reference])
    assert "Start the plan" in client.get(plan_url(cast.family_one)).content.decode()

    assert client.post(start)["Location"] == plan_url(cast.family_one)
    client.post(start)

    plan = Plan.objects.get()
    assert (plan.request, plan.created_by) == (cast.family_one.request, getattr(cast, who))
    changes = AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED)
    assert [event.detail for event in changes] == ["plan started"]


# --- Goals -----------------------------------------------------------------------------------


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
    assert "New physical therapy goal" not in page
    assert "New occupational therapy goal" not in page
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


def test_both_therapists_see_pt_and_ot_goals_side_by_side(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    for who in (cast.pt, cast.ot):
        page = as_user(who).get(plan_url(cast.family_one)).content.decode()
        pt_column = page.index('id="pt-goals"')
        ot_column = page.index('id="ot-goals"')
        assert pt_column < page.index("Walks ten steps alone") < ot_column
        assert ot_column < page.index("Feeds self with a spoon")
        assert 'class="plan"' in page


def test_each_therapist_gets_forms_only_for_their_own_goals(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    pt_goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    ot_goal = add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    page = as_user(cast.ot).get(plan_url(cast.family_one)).content.decode()
    assert reverse("clinic:progress_new", args=[cast.family_one.reference, ot_goal.pk]) in page
    assert reverse("clinic:progress_new", args=[cast.family_one.reference, pt_goal.pk]) not in page
    assert "New occupational therapy goal" in page
    assert "New physical therapy goal" not in page


# --- Editing a goal's details ----------------------------------------------------------------


def details_url(family: Any, goal: Goal) -> str:
    return reverse("clinic:goal_details", args=[family.reference, goal.pk])


def edit_body(**changes: str) -> dict[str, str]:
    body = {
        "goal-text": "Walks twenty steps alone",
        "goal-baseline": "Walks ten steps alone",
        "goal-measure": "Steps without support, best of three",
        "goal-target_date": "2027-09-30",
    }
    body.update({f"goal-{name}": value for name, value in changes.items()})
    return body


def edit_goal(client: Any, family: Any, goal: Goal, body: dict[str, str]) -> Any:
    return client.post(details_url(family, goal), body)


def test_the_pt_edits_their_goals_words_and_date_and_the_plan_shows_the_new_words(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    client = as_user(cast.pt)
    plan_page = client.get(plan_url(cast.family_one)).content.decode()
    assert f'href="{details_url(cast.family_one, goal)}">Edit this goal' in plan_page
    edit_page = client.get(details_url(cast.family_one, goal)).content.decode()
    assert "Walks ten steps alone</textarea>" in edit_page
    assert 'value="2027-03-31"' in edit_page

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
    link = 'Edit this goal<span class="visually-hidden"> – Walks ten steps alone</span></a>'
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


# --- States and progress ---------------------------------------------------------------------


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


def test_each_goals_forms_name_the_goal_so_a_screen_reader_says_which_it_is(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    first = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    long_text = "Climbs the stairs at home holding the rail, one foot per step, " * 3
    second = add_goal(plan, Discipline.PT, long_text, cast.pt)
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()

    assert re.search(
        rf'<label class="label" for="id_goal-{first.pk}-state-state">'
        r"State of: Walks ten steps alone</label>",
        page,
    )
    assert "Record progress: Walks ten steps alone</legend>" in page
    label = re.search(rf'for="id_goal-{second.pk}-state-state">State of: ([^<]+)</label>', page)
    assert label is not None
    assert label.group(1).startswith("Climbs the stairs at home")
    assert label.group(1).endswith("…")
    assert len(label.group(1)) <= 60
    assert "State</label>" not in page  # no control is called just "State" any more


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
    assert record_progress(client, cast.family_one, goal, "1").status_code == 403
    goal.refresh_from_db()
    assert goal.state == GoalState.PROPOSED
    assert not ProgressEntry.objects.exists()


def test_progress_is_recorded_with_its_gas_score_in_words(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    client = as_user(cast.ot)
    response = record_progress(client, cast.family_one, goal, "-1", "Needs hand over hand")
    assert response.status_code == 302

    entry = ProgressEntry.objects.get()
    assert (entry.gas_score, entry.note, entry.by) == (-1, "Needs hand over hand", cast.ot)
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()
    assert "−1: Somewhat less than expected" in page
    assert "Needs hand over hand" in page
    assert "OT," in page  # who


@pytest.mark.parametrize("score", ["3", "-3", "1.5", "lots", ""])
def test_a_gas_score_outside_minus_two_to_plus_two_is_refused(
    cast: Any, as_user: Any, plan: Plan, score: str
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = record_progress(as_user(cast.pt), cast.family_one, goal, score)
    assert response.status_code == 200
    assert re.search(r"Choose a GAS score", response.content.decode())
    assert not ProgressEntry.objects.exists()


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
    assert record_progress(client, cast.family_one, goal, "0").status_code == 403
    assert post_goal(client, cast.family_one, goal_body("pt")).status_code == 403


# --- Audit and print -------------------------------------------------------------------------


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
