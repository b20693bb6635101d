"""What the record and plan tests share: URLs, a fresh copy of a request, and the POSTs of
each form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from wholechild.care.models import (
    Discipline,
    EvaluationRequest,
    Goal,
    Plan,
    Status,
)


def url(name: str, family: Any) -> str:
    return reverse(f"clinic:{name}", args=[family.reference])


def fresh(family: Any) -> EvaluationRequest:
    return EvaluationRequest.objects.get(pk=family.request.pk)


def set_status(family: Any, status: Status) -> None:
    EvaluationRequest.objects.filter(pk=family.request.pk).update(status=status)


def move(client: Any, family: Any, to: str, reason: str = "", checked: bool = True) -> Any:
    """POST the status form; `checked` ticks "I have checked this is right"."""
    body = {"status-to_status": to, "status-reason": reason}
    if checked:
        body["status-confirm"] = "on"
    return client.post(url("status", family), body)


def reopen(client: Any, family: Any) -> Any:
    return client.post(url("reopen", family))


def answers_section(page: str) -> str:
    start = page.index('id="answers-title"')
    return page[start : page.index("</section>", start)]


def plan_url(family: Any) -> str:
    return reverse("clinic:plan", args=[family.reference])


def add_goal(plan: Plan, discipline: Discipline, text: str, by: Any) -> Goal:
    return Goal.objects.create(
        plan=plan,
        discipline=discipline,
        text=text,
        baseline="Baseline",
        measure="Measure",
        target_date=date(2027, 3, 31),
        created_by=by,
        **LEVELS,
    )


# The five levels every goal of these tests states, as the forms post them without a prefix.
LEVELS = {
    "level_much_less": "Two steps holding a hand",
    "level_less": "Five steps holding a hand",
    "level_expected": "Ten steps alone",
    "level_more": "Fifteen steps alone",
    "level_much_more": "Twenty steps alone, turning",
}
WEIGHT = {"baseline_level": "-2", "importance": "1", "difficulty": "1"}


def goal_body(discipline: str, text: str = "Walks ten steps alone") -> dict[str, str]:
    return {
        "goal-discipline": discipline,
        "goal-text": text,
        "goal-baseline": "Cruises along furniture",
        "goal-measure": "Steps without support, best of three",
        "goal-target_date": "2027-03-31",
        **{f"goal-{name}": value for name, value in {**LEVELS, **WEIGHT}.items()},
    }


def post_goal(client: Any, family: Any, body: dict[str, str]) -> Any:
    return client.post(reverse("clinic:goal_new", args=[family.reference]), body)


def record_visit(
    client: Any,
    family: Any,
    levels: dict[Goal, str],
    *,
    discipline: str = "pt",
    attendance: str = "attended",
    on: str = "2027-01-15",
    **notes: str,
) -> Any:
    """POST the visit form: the level reached on each goal given, and the notes given."""
    body = {
        "visit-on": on,
        "visit-discipline": discipline,
        "visit-attendance": attendance,
        **{f"visit-{name}": text for name, text in notes.items()},
        **{f"visit-level_{goal.pk}": level for goal, level in levels.items()},
    }
    return client.post(reverse("clinic:visit_new", args=[family.reference]), body)


def change_state(client: Any, family: Any, goal: Goal, state: str) -> Any:
    return client.post(
        reverse("clinic:goal_edit", args=[family.reference, goal.pk]),
        {f"goal-{goal.pk}-state-state": state},
    )


def details_url(family: Any, goal: Goal) -> str:
    return reverse("clinic:goal_details", args=[family.reference, goal.pk])


def edit_body(**changes: str) -> dict[str, str]:
    body = {
        "goal-text": "Walks twenty steps alone",
        "goal-baseline": "Walks ten steps alone",
        "goal-measure": "Steps without support, best of three",
        "goal-target_date": "2027-09-30",
        **{f"goal-{name}": value for name, value in {**LEVELS, **WEIGHT}.items()},
    }
    body.update({f"goal-{name}": value for name, value in changes.items()})
    return body


def edit_goal(client: Any, family: Any, goal: Goal, body: dict[str, str]) -> Any:
    return client.post(details_url(family, goal), body)
