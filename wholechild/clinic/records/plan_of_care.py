"""The plan of care, printable: the shared plan as the family, the child's doctor and an
insurer read it, on one to three pages of A4 or US Letter.

It says who the child is and which clinic, who evaluated them and what they found (in the
therapists' own words), the goals with their five Goal Attainment Scaling levels, target dates
and weights, how often and for how long each therapy is planned, the review date, the T-score at
the start and now, and lines for each therapist and a parent to sign. Never a visit's or a
progress entry's note, nor the record's staff notes: those stay in the clinic.

Like every record page it is a `staff_view` that finds the request through `visible_requests`
(404, audited, for staff who may not see the child), and opening it is audited as an export:
it is made to leave the clinic, on paper.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from wholechild.care import audit, gas
from wholechild.care.actions import staff_name
from wholechild.care.models import (
    Appointment,
    AppointmentState,
    AuditAction,
    ClinicSettings,
    Discipline,
    EvaluationRequest,
    Goal,
    GoalDiscipline,
    GoalState,
    Plan,
    PlanDiscipline,
    Role,
)
from wholechild.clinic.access import StaffRequest, staff_view

from .plan import scores_of
from .presenters import age_text
from .views import _find

# The levels as a GAS form writes them, with a true minus sign.
LEVEL_NAMES = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}
GROUPS = (GoalDiscipline.PT, GoalDiscipline.OT, GoalDiscipline.BOTH)
AUDIT_DETAIL = "plan of care"


# --- What the page shows -----------------------------------------------------------------------


def frequency_words(part: PlanDiscipline | None) -> str:
    """How often and how long, as a referral letter says it: "2 sessions a week, 45 minutes,
    for 12 weeks" (the parts written; "" when none is)."""
    if part is None:
        return ""
    words = []
    if part.sessions_per_week:
        count = part.sessions_per_week
        words.append(
            ngettext("%(count)d session a week", "%(count)d sessions a week", count)
            % {"count": count}
        )
    if part.minutes:
        words.append(
            ngettext("%(count)d minute", "%(count)d minutes", part.minutes)
            % {"count": part.minutes}
        )
    if part.weeks:
        words.append(
            ngettext("for %(count)d week", "for %(count)d weeks", part.weeks)
            % {"count": part.weeks}
        )
    return ", ".join(words)


def _evaluators(evaluation: EvaluationRequest) -> dict[Discipline, str]:
    """Who evaluated the child, by discipline: the evaluation appointment's PT and OT, or
    the evaluators the request was assigned to."""
    appointment = (
        Appointment.objects.filter(request=evaluation)
        .exclude(state=AppointmentState.CANCELLED)
        .select_related("pt", "ot")
        .order_by("-starts_at", "-pk")
        .first()
    )
    pt = appointment.pt if appointment and appointment.pt else evaluation.pt_evaluator
    ot = appointment.ot if appointment and appointment.ot else evaluation.ot_evaluator
    found = {Discipline.PT: pt, Discipline.OT: ot}
    return {discipline: staff_name(user) for discipline, user in found.items() if user}


def _goal_view(goal: Goal) -> dict[str, Any]:
    now = gas.latest(goal)
    recorded = bool(goal.recorded())
    return {
        "text": goal.text,
        "baseline": goal.baseline,
        "measure": goal.measure,
        "target_date": goal.target_date,
        "state": goal.get_state_display(),
        "stopped": goal.state == GoalState.DISCONTINUED,
        "importance": goal.importance,
        "difficulty": goal.difficulty,
        "weight": goal.weight,
        "levels": [
            {
                "name": LEVEL_NAMES[level],
                "words": words,
                "start": level == goal.baseline_level,
                "now": recorded and level == now,
            }
            for level, words in goal.levels()
        ],
        "now": LEVEL_NAMES[now] if recorded else "",
    }


def plan_of_care_view(evaluation: EvaluationRequest, plan: Plan | None) -> dict[str, Any]:
    """The plan of care's content: the disciplines that take part (each with its therapist,
    findings, frequency and T-scores, shared goals counted in each), the goals in three groups,
    and the plan's own T-scores and review date."""
    if plan is None:
        return {}
    goals = list(plan.goals.prefetch_related("progress"))
    parts = {Discipline(part.discipline): part for part in plan.disciplines.all()}
    evaluators = _evaluators(evaluation)
    disciplines = []
    for discipline in Discipline:
        own = [goal for goal in goals if discipline in goal.disciplines]
        part = parts.get(discipline)
        therapist = (part.therapist_name if part else "") or evaluators.get(discipline, "")
        if not (own or part or therapist):
            continue
        disciplines.append(
            {
                "name": discipline.label,
                "role": Role(discipline.value).label,
                "therapist": therapist,
                "findings": part.findings if part else "",
                "frequency": frequency_words(part),
                "scores": scores_of(own),
            }
        )
    groups = [
        {
            "name": GoalDiscipline(group).label,
            "goals": [_goal_view(goal) for goal in goals if goal.discipline == group],
        }
        for group in GROUPS
    ]
    return {
        "disciplines": disciplines,
        "groups": [group for group in groups if group["goals"]],
        "goal_count": len(goals),
        "scores": scores_of(goals),
        "not_ready": not_ready(disciplines, len(goals)),
    }


def not_ready(disciplines: list[dict[str, Any]], goal_count: int) -> list[str]:
    """What is still to be written before the plan of care is signed, for a notice at its
    top: each therapy's findings and frequency, and at least one goal."""
    missing = []
    for part in disciplines:
        gap = {
            (True, True): _("%(therapy)s: the findings and the frequency"),
            (True, False): _("%(therapy)s: the findings"),
            (False, True): _("%(therapy)s: the frequency"),
        }.get((not part["findings"], not part["frequency"]))
        if gap:
            missing.append(gap % {"therapy": part["name"]})
    if not disciplines:
        missing.append(_("Each therapy's part: no therapist has written theirs"))
    if not goal_count:
        missing.append(_("The goals: none has been written"))
    return missing


@staff_view()
@require_safe
def plan_of_care(request: StaffRequest, reference: str) -> HttpResponse:
    """The plan of care to print (or save as PDF) for the family, the doctor or an insurer."""
    evaluation = _find(request, reference)
    audit.record(
        AuditAction.RECORD_EXPORTED,
        request=request,
        target=evaluation.reference,
        detail=AUDIT_DETAIL,
    )
    plan = Plan.objects.filter(request=evaluation).first()
    today = timezone.localdate()
    return render(
        request,
        "clinic/records/plan_of_care.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "plan": plan,
            "care": plan_of_care_view(evaluation, plan),
            "clinic": ClinicSettings.current(),
            "age": age_text(evaluation.child_birth_date, today),
            "today": today,
        },
    )
