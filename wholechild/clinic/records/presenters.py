"""Turning a request into what the clinic's pages show: a child's age as a clinic says it, the
answer the parent saw and the parent's own answers (both from the stored snapshot, never worked
out again), and the plan's goals in columns by discipline."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wholechild.care import rules
from wholechild.care.access import discipline_of
from wholechild.care.models import (
    Discipline,
    EvaluationRequest,
    Goal,
    GoalState,
    Plan,
    ProgressEntry,
)
from wholechild.screening import describe_age, get_content
from wholechild.screening.age import EARLY_BEFORE_WEEKS
from wholechild.web.answer import answer_view
from wholechild.web.words import ANSWER_WORDS, NOTICED_TITLES

from . import forms

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def age_text(birth_date: date | None, today: date) -> str:
    """A child's age as a clinic says it: months under two, then years and months."""
    if birth_date is None:
        return ""
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
    if today.day < birth_date.day:
        months -= 1
    months = max(months, 0)
    if months < 24:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years, rest = divmod(months, 12)
    text = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if rest and years < 6:
        text += " " + ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest}
    return text


def screening_view(evaluation: EvaluationRequest) -> dict[str, Any]:
    """The answer the parent saw, from the stored snapshot: never worked out again."""
    answer = evaluation.screening_answer or {}
    if not answer:
        return {}
    age = answer.get("age") or {}
    return {
        **answer_view(answer),
        "age_months": age.get("used_months"),
        "corrected": age.get("corrected_months") is not None,
        "content_version": evaluation.content_version or answer.get("content_version", ""),
    }


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _child_rows(asked: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    born = _iso_date(asked.get("birth_date"))
    if born is not None:
        on = _iso_date(asked.get("as_of"))
        value = _("Born %(date)s") % {"date": date_format(born, "j F Y")}
        if on is not None:
            value = _("Born %(date)s (checked on %(checked)s)") % {
                "date": date_format(born, "j F Y"),
                "checked": date_format(on, "j F Y"),
            }
        rows.append({"key": _("Date of birth given"), "values": [value]})
    elif isinstance(asked.get("age_months"), int | float):
        rows.append({"key": _("Age given"), "values": [describe_age(asked["age_months"])]})
    weeks = asked.get("gestational_age_weeks")
    if isinstance(weeks, int | float):
        if weeks < EARLY_BEFORE_WEEKS:
            born_early = _("Yes, at %(weeks)s weeks") % {"weeks": weeks}
        else:
            born_early = _("No, at %(weeks)s weeks") % {"weeks": weeks}
    else:
        born_early = _("Not given")
    rows.append({"key": _("Born early"), "values": [born_early]})
    return rows


def parent_answers(evaluation: EvaluationRequest) -> list[dict[str, Any]]:
    """What the parent told us, from the stored snapshot of the screening request, in the
    words of the parent's own pages. Ids the content no longer knows are shown as they are."""
    asked = evaluation.screening_request or {}
    if not asked:
        return []
    content = get_content()
    milestones = asked.get("milestones") or {}
    known = [key for key in content.milestones if key in milestones]
    unknown = [key for key in milestones if key not in content.milestones]
    milestone_rows = [
        {
            "key": content.milestones[key].label if key in content.milestones else key,
            "values": [ANSWER_WORDS.get(milestones[key], milestones[key])],
        }
        for key in [*known, *unknown]
    ]
    sources: dict[str, Any] = {
        "concerns": content.concerns,
        "conditions": content.conditions,
        "red_flags": content.red_flags,
    }
    noticed = [
        {
            "key": NOTICED_TITLES[step],
            "values": [
                sources[step][item].label if item in sources[step] else str(item)
                for item in asked.get(step) or []
            ]
            or [_("None")],
        }
        for step in NOTICED_TITLES
    ]
    return [
        {"id": "answers-child", "title": _("The child"), "rows": _child_rows(asked)},
        {
            "id": "answers-milestones",
            "title": _("Milestones asked about"),
            "rows": milestone_rows or [{"key": _("Milestones"), "values": [_("None asked")]}],
        },
        {"id": "answers-noticed", "title": _("What the parent has noticed"), "rows": noticed},
    ]


def plan_goals(plan: Plan | None) -> list[Goal]:
    """The plan's goals with their progress, oldest entry first, in two queries."""
    if plan is None:
        return []
    progress = Prefetch("progress", queryset=ProgressEntry.objects.order_by("at", "pk"))
    return list(plan.goals.prefetch_related(progress))


def plan_columns(
    user: User,
    evaluation: EvaluationRequest,
    plan: Plan | None,
    *,
    goal_form: forms.GoalForm | None = None,
    bound: dict[tuple[str, int], forms.StaffForm] | None = None,
) -> list[dict[str, Any]]:
    """A column per discipline, PT then OT, each goal with its progress and, where this user
    may change it, its forms (the bound one, with its errors, when a POST was refused)."""
    bound = bound or {}
    goals = plan_goals(plan)
    own = discipline_of(user)
    columns = []
    for discipline in Discipline:
        items = []
        for goal in goals:
            if goal.discipline != discipline:
                continue
            editable = rules.may_change_goal(user, goal, evaluation)
            items.append(
                {
                    "goal": goal,
                    "words": forms.goal_words(goal),
                    "state_label": GoalState(goal.state).label,
                    "progress": [
                        {"entry": entry, "score": forms.gas_label(entry.gas_score)}
                        for entry in goal.progress.all()
                    ],
                    "state_form": (
                        bound.get(("state", goal.pk)) or forms.goal_state_form(goal)
                        if editable
                        else None
                    ),
                    "progress_form": (
                        bound.get(("progress", goal.pk)) or forms.progress_form(goal)
                        if editable
                        else None
                    ),
                    "details_url": (
                        reverse("clinic:goal_details", args=[evaluation.reference, goal.pk])
                        if editable
                        else None
                    ),
                }
            )
        can_add = plan is not None and own == discipline and rules.may_add_goal(user, evaluation)
        columns.append(
            {
                "discipline": discipline,
                "id": f"{discipline.value}-goals",
                "goals": items,
                "own": own == discipline,
                "goal_form": (goal_form or forms.GoalForm(own=discipline, prefix="goal"))
                if can_add
                else None,
            }
        )
    return columns
