"""The shared plan as FHIR: the CarePlan, its Goals with their Goal Attainment Scaling levels,
the visits as Encounters, each level recorded as an Observation, and the plan's GAS T-score as
another (docs/fhir.md, "The plan").

- Goal: one `target` per GAS level written (-2 to +2, `<base>/CodeSystem/gas-level`, the
  level's words as text, each due by the target date: every level describes the outcome at
  that date, and 0 is the one expected); `achievementStatus` from the latest level (see
  `achievement`); the weight and the level at the start in the extension
  `goal-attainment-scaling`; a shared goal has both disciplines as its `category` and
  `addresses` both disciplines' screening Observations.
- Encounter per visit: `finished` when the child came, `cancelled` when the visit was
  cancelled or the child did not come (R4 has no no-show status for an Encounter, only for an
  Appointment), the extension `visit-attendance` telling which. The visit's notes stay in
  WholeChild, as every staff note does.
- Observation per level recorded (`valueInteger` -2 to +2, `focus` the Goal, `encounter` the
  visit), and one of the plan's T-score (now, with the start as a component).
- CarePlan: an activity per discipline (how often, for how long, its therapist, its goals, its
  visits as `outcomeReference`) and per home activity; the review date in the extension
  `plan-review-date`; at discharge `completed`, with the summary as a `note`.

Ids: "<fhir_id>-goal-<n>", "<fhir_id>-visit-<n>", "<fhir_id>-level-<n>", "<fhir_id>-t-score".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wholechild.care import gas
from wholechild.care.models import (
    Attendance,
    Discipline,
    EvaluationRequest,
    GasScore,
    Goal,
    GoalDiscipline,
    GoalState,
    HomeActivity,
    Plan,
    PlanDiscipline,
    ProgressEntry,
    Status,
    Visit,
)

from .base import (
    OBSERVATION_CATEGORY,
    ORGANIZATION_ID,
    SNOMED,
    UCUM,
    Resource,
    code_system,
    coding,
    concept,
    extension_url,
    practitioner_reference,
)

if TYPE_CHECKING:
    from datetime import date, datetime

GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_CATEGORY = "http://terminology.hl7.org/CodeSystem/goal-category"
CAREPLAN_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
# The therapy itself (a visit's type, a plan's activity), beside the assessment codes of the
# ServiceRequests.
THERAPY = {
    "pt": ("91251008", "Physical therapy procedure (regime/therapy)"),
    "ot": ("84478008", "Occupational therapy (regime/therapy)"),
}
GOAL_LIFECYCLE = {
    GoalState.PROPOSED: "proposed",
    GoalState.ACTIVE: "active",
    GoalState.ACHIEVED: "completed",
    GoalState.DISCONTINUED: "cancelled",
}
# HL7's goal-achievement codes used, with their displays.
ACHIEVEMENT_DISPLAY = {
    "in-progress": "In Progress",
    "improving": "Improving",
    "worsening": "Worsening",
    "no-change": "No Change",
    "achieved": "Achieved",
    "not-achieved": "Not Achieved",
    "no-progress": "No Progress",
}
# R4's Encounter has no "no-show" (Appointment has): a visit the child did not come to is an
# Encounter that did not take place, cancelled, and the extension visit-attendance says why.
ENCOUNTER_STATUS = {
    Attendance.ATTENDED: "finished",
    Attendance.CANCELLED: "cancelled",
    Attendance.NO_SHOW: "cancelled",
}
T_SCORE_UNIT = {"unit": "T-score", "system": UCUM, "code": "{T-score}"}


def when(moment: date | datetime) -> str:
    return moment.isoformat()


def _patient(evaluation: EvaluationRequest) -> dict[str, str]:
    return {"reference": f"Patient/{evaluation.fhir_id}"}


def _plan_reference(evaluation: EvaluationRequest) -> dict[str, str]:
    return {"reference": f"CarePlan/{evaluation.fhir_id}"}


def goal_id(evaluation: EvaluationRequest, planned: Goal) -> str:
    return f"{evaluation.fhir_id}-goal-{planned.pk}"


def encounter_id(evaluation: EvaluationRequest, visit_id: int) -> str:
    return f"{evaluation.fhir_id}-visit-{visit_id}"


def level_id(evaluation: EvaluationRequest, entry: ProgressEntry) -> str:
    return f"{evaluation.fhir_id}-level-{entry.pk}"


def _in_order(disciplines: frozenset[Discipline]) -> list[Discipline]:
    """PT before OT, as everywhere in the clinic."""
    return [d for d in Discipline if d in disciplines]


def _discipline_concept(discipline: Discipline) -> dict[str, Any]:
    found = concept(code_system("discipline"), discipline.value, str(discipline.label))
    if discipline == Discipline.PT:
        found["coding"].append(coding(GOAL_CATEGORY, "physiotherapy", "Physiotherapy"))
    return found


def _therapy_concept(discipline: Discipline) -> dict[str, Any]:
    found = concept(SNOMED, *THERAPY[discipline.value], text=str(discipline.label))
    found["coding"].append(coding(code_system("discipline"), discipline.value))
    return found


def _level_concept(level: int, words: str = "") -> dict[str, Any]:
    return concept(code_system("gas-level"), str(level), str(GasScore(level).label), words)


def _level_words(planned: Goal, level: int) -> str:
    words = dict(planned.levels())[level]
    return words or (planned.text if level == 0 else "")


def _gas_label(level: int) -> str:
    return _("GAS %(level)+d: %(words)s") % {"level": level, "words": GasScore(level).label}


@dataclass
class PlanRecord:
    """A plan with everything its resources are made from, read once."""

    plan: Plan
    goals: list[Goal]
    parts: list[PlanDiscipline]
    visits: list[Visit]
    staff_ids: set[int] = field(default_factory=set)

    @property
    def ended(self) -> bool:
        """The therapy is over: discharged, or the request closed."""
        status = self.plan.request.status
        return self.plan.is_discharged or status in (Status.DISCHARGED, Status.CLOSED)


def read_plan(evaluation: EvaluationRequest) -> PlanRecord | None:
    plan = Plan.objects.filter(request=evaluation).select_related("created_by").first()
    if plan is None:
        return None
    plan.request = evaluation
    entries = ProgressEntry.objects.select_related("visit")
    goals = list(
        plan.goals.select_related("created_by").prefetch_related(
            Prefetch("progress", queryset=entries), "home_activities"
        )
    )
    return PlanRecord(
        plan=plan,
        goals=goals,
        parts=list(plan.disciplines.all()),
        visits=sorted(plan.visits.all(), key=lambda v: (v.on, v.pk)),
    )


# --- Goals ---------------------------------------------------------------------------------------


def achievement(planned: Goal, *, ended: bool) -> tuple[str, str] | None:
    """The goal's achievement in HL7's goal-achievement codes, with words for its text.

    GAS's 0 is the outcome expected by the target date, so 0 or better is achieved (and a
    goal the therapist marked achieved is, whatever its last level). Short of 0: while the goal
    is sought, the trend from the level before (or the start) says improving, worsening or no
    change; once it is not (stopped, or the therapy ended), not achieved when it moved from
    where it started, no progress when it did not. A goal being sought with no level yet is
    in progress; a proposed one has no achievement."""
    recorded = planned.recorded()
    if planned.state == GoalState.ACHIEVED:
        return "achieved", _gas_label(recorded[-1]) if recorded else _("Marked achieved")
    if not recorded:
        if planned.state == GoalState.ACTIVE and not ended:
            words = _("GAS %(level)+d at the start: %(words)s") % {
                "level": planned.baseline_level,
                "words": GasScore(planned.baseline_level).label,
            }
            return "in-progress", words
        return None
    latest = recorded[-1]
    if latest >= 0:
        return "achieved", _gas_label(latest)
    if ended or planned.state == GoalState.DISCONTINUED:
        code = "not-achieved" if latest > planned.baseline_level else "no-progress"
        return code, _gas_label(latest)
    before = recorded[-2] if len(recorded) > 1 else planned.baseline_level
    code = "improving" if latest > before else "worsening" if latest < before else "no-change"
    return code, _gas_label(latest)


def lifecycle(planned: Goal, *, ended: bool) -> str:
    """The goal's state; once the therapy has ended a goal is no longer sought (R4's
    `completed`), or, if it was never started, abandoned (`cancelled`)."""
    if ended and planned.state == GoalState.ACTIVE:
        return "completed"
    if ended and planned.state == GoalState.PROPOSED:
        return "cancelled"
    return GOAL_LIFECYCLE[GoalState(planned.state)]


def _targets(planned: Goal) -> list[dict[str, Any]]:
    """One target per level written, -2 to +2; the expected level (0) always, in the goal's
    own words when its level 0 was not written."""
    found = []
    for level, _words in planned.levels():
        words = _level_words(planned, level)
        if words:
            found.append(
                {
                    "measure": {"text": planned.measure},
                    "detailCodeableConcept": _level_concept(level, words),
                    "dueDate": when(planned.target_date),
                }
            )
    return found


def _gas_extension(planned: Goal) -> dict[str, Any]:
    return {
        "url": extension_url("goal-attainment-scaling"),
        "extension": [
            {"url": "importance", "valuePositiveInt": planned.importance},
            {"url": "difficulty", "valuePositiveInt": planned.difficulty},
            {"url": "weight", "valuePositiveInt": planned.weight},
            {"url": "baseline-level", "valueInteger": planned.baseline_level},
        ],
    }


def goal(evaluation: EvaluationRequest, planned: Goal, *, ended: bool = False) -> Resource:
    disciplines = _in_order(planned.disciplines)
    found: Resource = {
        "resourceType": "Goal",
        "id": goal_id(evaluation, planned),
        "extension": [_gas_extension(planned)],
        "lifecycleStatus": lifecycle(planned, ended=ended),
    }
    achieved = achievement(planned, ended=ended)
    if achieved is not None:
        code, words = achieved
        found["achievementStatus"] = concept(
            GOAL_ACHIEVEMENT, code, ACHIEVEMENT_DISPLAY[code], words
        )
    found["category"] = [_discipline_concept(d) for d in disciplines]
    found["description"] = {"text": planned.text}
    found["subject"] = _patient(evaluation)
    found["startDate"] = when(timezone.localdate(planned.created_at))
    found["target"] = _targets(planned)
    found["statusDate"] = when(timezone.localdate(planned.updated_at))
    if planned.created_by_id is not None:
        found["expressedBy"] = practitioner_reference(planned.created_by_id)
    if evaluation.screening_answer:
        found["addresses"] = [
            {"reference": f"Observation/{evaluation.fhir_id}-{d.value}"} for d in disciplines
        ]
    notes = []
    if planned.baseline:
        notes.append(
            _("Baseline (GAS %(level)+d): %(baseline)s")
            % {"level": planned.baseline_level, "baseline": planned.baseline}
        )
    if planned.is_shared:
        notes.append(_("Shared by the physical and the occupational therapist."))
    if notes:
        found["note"] = [{"text": text} for text in notes]
    levels = [
        {"reference": f"Observation/{level_id(evaluation, e)}"} for e in planned.progress.all()
    ]
    if levels:
        found["outcomeReference"] = levels
    return found


# --- Visits and levels ---------------------------------------------------------------------------


def encounter(evaluation: EvaluationRequest, visit: Visit) -> Resource:
    """A visit, as what took place (or did not). Its notes stay in WholeChild."""
    attendance = Attendance(visit.attendance)
    found: Resource = {
        "resourceType": "Encounter",
        "id": encounter_id(evaluation, visit.pk),
        "extension": [
            {
                "url": extension_url("visit-attendance"),
                "valueCoding": coding(
                    code_system("attendance"), attendance.value, str(attendance.label)
                ),
            }
        ],
        "status": ENCOUNTER_STATUS[attendance],
        "class": coding(V3_ACT_CODE, "AMB", "ambulatory"),
        "type": [_therapy_concept(d) for d in _in_order(visit.disciplines)],
        "subject": _patient(evaluation),
        "period": {"start": when(visit.on), "end": when(visit.on)},
        "serviceProvider": {"reference": f"Organization/{ORGANIZATION_ID}"},
    }
    if visit.by_id is not None or visit.by_name:
        individual = (
            practitioner_reference(visit.by_id)
            if visit.by_id is not None
            else {"display": visit.by_name}
        )
        found["participant"] = [
            {
                "type": [concept(V3_PARTICIPATION, "PPRF", "primary performer")],
                "individual": individual,
            }
        ]
    return found


def _therapy_category() -> list[dict[str, Any]]:
    return [concept(OBSERVATION_CATEGORY, "therapy", "Therapy")]


def level_observation(
    evaluation: EvaluationRequest, planned: Goal, entry: ProgressEntry
) -> Resource:
    """A level a goal reached, on a visit or at a review. The entry's staff note stays."""
    found: Resource = {
        "resourceType": "Observation",
        "id": level_id(evaluation, entry),
        "basedOn": [_plan_reference(evaluation)],
        "status": "final",
        "category": _therapy_category(),
        "code": concept(
            code_system("gas"),
            "goal-level",
            "Goal attainment scaling level",
            _("Goal attainment scaling level"),
        ),
        "subject": _patient(evaluation),
        "focus": [{"reference": f"Goal/{goal_id(evaluation, planned)}"}],
    }
    if entry.visit_id is not None:
        found["encounter"] = {"reference": f"Encounter/{encounter_id(evaluation, entry.visit_id)}"}
    found["effectiveDateTime"] = when(entry.visit.on if entry.visit is not None else entry.at)
    if entry.by_id is not None:
        found["performer"] = [practitioner_reference(entry.by_id)]
    found["valueInteger"] = entry.gas_score
    found["interpretation"] = [
        _level_concept(entry.gas_score, _level_words(planned, entry.gas_score))
    ]
    return found


def _t_quantity(score: float) -> dict[str, Any]:
    return {"value": round(score, 1), **T_SCORE_UNIT}


def t_score_observation(evaluation: EvaluationRequest, record: PlanRecord) -> Resource | None:
    """The plan's GAS T-score (Kiresuk and Sherman, correlation 0.3): now, as the value, and
    at the start, as a component. Preliminary while the therapy goes on; final at discharge,
    from the figures the discharge summary froze. None without goals to count."""
    plan = record.plan
    if plan.is_discharged:
        baseline, now, goals = (
            plan.discharge_t_baseline,
            plan.discharge_t_final,
            plan.discharge_goals_total,
        )
        status, effective = "final", when(plan.discharged_at or plan.created_at)
    else:
        scores = gas.plan_scores(record.goals)
        baseline, now, goals = scores.baseline, scores.now, scores.goals
        moments = [e.at for g in record.goals for e in g.progress.all()]
        status, effective = "preliminary", when(max(moments, default=plan.created_at))
    if now is None:
        return None
    counted = [g for g in record.goals if g.state != GoalState.DISCONTINUED]
    latest = [list(g.progress.all())[-1] for g in counted if g.progress.all()]
    found: Resource = {
        "resourceType": "Observation",
        "id": f"{evaluation.fhir_id}-t-score",
        "basedOn": [_plan_reference(evaluation)],
        "status": status,
        "category": _therapy_category(),
        "code": concept(
            code_system("gas"), "t-score", "Goal attainment scaling T-score", _("GAS T-score")
        ),
        "subject": _patient(evaluation),
        "focus": [_plan_reference(evaluation)],
        "effectiveDateTime": effective,
        "valueQuantity": _t_quantity(now),
        "method": {
            "text": _(
                "Kiresuk and Sherman's T-score over the plan's goals (not those stopped), "
                "weighted by importance times difficulty, correlation 0.3. 50 is every goal "
                "as expected."
            )
        },
        "component": [],
    }
    if baseline is not None:
        found["component"].append(
            {
                "code": concept(code_system("gas"), "t-score-baseline", "T-score at the start"),
                "valueQuantity": _t_quantity(baseline),
            }
        )
    if goals is not None:
        found["component"].append(
            {
                "code": concept(code_system("gas"), "goals-counted", "Goals counted"),
                "valueInteger": goals,
            }
        )
    if not found["component"]:
        del found["component"]
    if latest:
        found["derivedFrom"] = [
            {"reference": f"Observation/{level_id(evaluation, e)}"} for e in latest
        ]
    return found


# --- The CarePlan --------------------------------------------------------------------------------


def _timing(part: PlanDiscipline) -> dict[str, Any] | None:
    """How often and for how long: sessions a week, for so many weeks, of so many minutes."""
    repeat: dict[str, Any] = {}
    if part.weeks:
        repeat["boundsDuration"] = {
            "value": part.weeks,
            "unit": "weeks",
            "system": UCUM,
            "code": "wk",
        }
    if part.minutes:
        repeat["duration"] = part.minutes
        repeat["durationUnit"] = "min"
    if part.sessions_per_week:
        repeat["frequency"] = part.sessions_per_week
        repeat["period"] = 1
        repeat["periodUnit"] = "wk"
    return {"repeat": repeat} if repeat else None


def _how_often(part: PlanDiscipline) -> str:
    said = []
    if part.sessions_per_week:
        said.append(
            ngettext("%(n)d session a week", "%(n)d sessions a week", part.sessions_per_week)
            % {"n": part.sessions_per_week}
        )
    if part.weeks:
        said.append(ngettext("for %(n)d week", "for %(n)d weeks", part.weeks) % {"n": part.weeks})
    if part.minutes:
        said.append(
            ngettext("%(n)d minute a session", "%(n)d minutes a session", part.minutes)
            % {"n": part.minutes}
        )
    return ", ".join(said)


def _activity_status(record: PlanRecord, discipline: Discipline) -> str:
    if record.plan.is_discharged or record.plan.request.status == Status.DISCHARGED:
        return "completed"
    if record.plan.request.status == Status.CLOSED:
        return "cancelled"
    came = any(
        v.attendance == Attendance.ATTENDED and discipline in v.disciplines for v in record.visits
    )
    return "in-progress" if came else "not-started"


def _therapy_activity(
    evaluation: EvaluationRequest, record: PlanRecord, discipline: Discipline
) -> dict[str, Any]:
    part = next((p for p in record.parts if p.discipline == discipline), None)
    detail: dict[str, Any] = {
        "kind": "ServiceRequest",
        "code": _therapy_concept(discipline),
        "status": _activity_status(record, discipline),
    }
    if part is not None and part.findings:
        detail["reasonCode"] = [{"text": part.findings}]
    goals = [g for g in record.goals if discipline in g.disciplines]
    if goals:
        detail["goal"] = [{"reference": f"Goal/{goal_id(evaluation, g)}"} for g in goals]
    if part is not None:
        timing = _timing(part)
        if timing is not None:
            detail["scheduledTiming"] = timing
            detail["description"] = _how_often(part)
        if part.therapist_id is not None:
            detail["performer"] = [practitioner_reference(part.therapist_id)]
        elif part.therapist_name:
            detail["performer"] = [{"display": part.therapist_name}]
    activity: dict[str, Any] = {}
    visits = [v for v in record.visits if discipline in v.disciplines]
    if visits:
        activity["outcomeReference"] = [
            {"reference": f"Encounter/{encounter_id(evaluation, v.pk)}"} for v in visits
        ]
    activity["detail"] = detail
    return activity


def _home_activity(
    evaluation: EvaluationRequest, planned: Goal, home: HomeActivity
) -> dict[str, Any]:
    """Something the family does at home towards a goal, in the words they read."""
    description = home.what
    if home.watch_for:
        description += "\n" + _("What to watch for: %(what)s") % {"what": home.watch_for}
    return {
        "detail": {
            "code": {"text": _("Home program")},
            "goal": [{"reference": f"Goal/{goal_id(evaluation, planned)}"}],
            "status": "stopped" if home.stopped else "in-progress",
            "scheduledString": home.how_often,
            "performer": [{"reference": f"RelatedPerson/{evaluation.fhir_id}"}],
            "description": description,
        }
    }


def _discharge_note(plan: Plan) -> str:
    said = [
        _("Discharged on %(date)s by %(name)s.")
        % {
            "date": when(timezone.localdate(plan.discharged_at or timezone.now())),
            "name": plan.discharged_by_name or _("the clinic"),
        }
    ]
    if plan.discharge_goals_total is not None:
        said.append(
            _("Goals met: %(met)d of %(total)d.")
            % {"met": plan.discharge_goals_met or 0, "total": plan.discharge_goals_total}
        )
    if plan.discharge_t_final is not None:
        said.append(
            _("GAS T-score %(start)s at the start, %(end)s at discharge.")
            % {
                "start": gas.rounded(plan.discharge_t_baseline),
                "end": gas.rounded(plan.discharge_t_final),
            }
        )
    if plan.discharge_recommendations:
        said.append(_("Recommendations: %(text)s") % {"text": plan.discharge_recommendations})
    return " ".join(said)


def _plan_text(record: PlanRecord) -> dict[str, str]:
    rows = "".join(
        f"<li>{escape(GoalDiscipline(g.discipline).label)}: {escape(g.text)} "
        f"({escape(GoalState(g.state).label)})</li>"
        for g in record.goals
    )
    heading = escape(_("The shared PT and OT plan"))
    body = f"<ul>{rows}</ul>" if rows else f"<p>{escape(_('No goals yet.'))}</p>"
    often = "".join(
        f"<p>{escape(Discipline(p.discipline).label)}: {escape(_how_often(p))}</p>"
        for p in record.parts
        if _how_often(p)
    )
    review = (
        f"<p>{escape(_('Review date: %(date)s') % {'date': when(record.plan.review_date)})}</p>"
        if record.plan.review_date
        else ""
    )
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{heading}</p>{body}{often}'
        f"{review}</div>",
    }


def _plan_status(record: PlanRecord) -> str:
    status = record.plan.request.status
    if record.plan.is_discharged or status == Status.DISCHARGED:
        return "completed"
    return "revoked" if status == Status.CLOSED else "active"


def care_plan(evaluation: EvaluationRequest, record: PlanRecord) -> Resource:
    plan = record.plan
    found: Resource = {"resourceType": "CarePlan", "id": evaluation.fhir_id}
    found["text"] = _plan_text(record)
    if plan.review_date is not None:
        found["extension"] = [
            {"url": extension_url("plan-review-date"), "valueDate": when(plan.review_date)}
        ]
    found |= {
        "status": _plan_status(record),
        "intent": "plan",
        "category": [concept(CAREPLAN_CATEGORY, "assess-plan", "Assessment and Plan of Treatment")],
        "title": _("The shared PT and OT plan"),
        "subject": _patient(evaluation),
        "period": {"start": when(plan.created_at)},
        "created": when(plan.created_at),
    }
    if plan.discharged_at is not None:
        found["period"]["end"] = when(plan.discharged_at)
    if plan.created_by_id is not None:
        found["author"] = practitioner_reference(plan.created_by_id)
    if evaluation.pt_evaluator_id or evaluation.ot_evaluator_id:
        found["careTeam"] = [{"reference": f"CareTeam/{evaluation.fhir_id}"}]
    if evaluation.screening_request:
        found["supportingInfo"] = [{"reference": f"QuestionnaireResponse/{evaluation.fhir_id}"}]
    if record.goals:
        found["goal"] = [{"reference": f"Goal/{goal_id(evaluation, g)}"} for g in record.goals]
    disciplines = {Discipline(p.discipline) for p in record.parts}
    disciplines |= {d for g in record.goals for d in g.disciplines}
    disciplines |= {d for v in record.visits for d in v.disciplines}
    activities = [
        _therapy_activity(evaluation, record, d) for d in _in_order(frozenset(disciplines))
    ]
    activities += [
        _home_activity(evaluation, g, a) for g in record.goals for a in g.home_activities.all()
    ]
    if activities:
        found["activity"] = activities
    if plan.is_discharged:
        found["note"] = [{"text": _discharge_note(plan)}]
    return found


def plan_resources(evaluation: EvaluationRequest, record: PlanRecord) -> list[Resource]:
    """The CarePlan, its Goals, the visits as Encounters, each level recorded and the
    T-score; `record.staff_ids` gains the staff they name (their Practitioners go beside)."""
    ended = record.ended
    found = [care_plan(evaluation, record)]
    found += [goal(evaluation, g, ended=ended) for g in record.goals]
    found += [encounter(evaluation, v) for v in record.visits]
    found += [level_observation(evaluation, g, e) for g in record.goals for e in g.progress.all()]
    score = t_score_observation(evaluation, record)
    if score is not None:
        found.append(score)
    record.staff_ids |= {
        user_id
        for user_id in (
            record.plan.created_by_id,
            *(g.created_by_id for g in record.goals),
            *(p.therapist_id for p in record.parts),
            *(v.by_id for v in record.visits),
            *(e.by_id for g in record.goals for e in g.progress.all()),
        )
        if user_id is not None
    }
    return found
