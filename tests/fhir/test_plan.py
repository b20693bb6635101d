"""The shared plan as FHIR: goals with their five GAS levels as targets and their achievement
from the latest level, a shared goal in both disciplines, visits as Encounters (a no-show
included), each level and the T-score as Observations, the plan's frequency, review date and
discharge; every resource valid R4, and no visit note or staff note in any of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.care.helpers import fresh
from tests.fhir.helpers import codes, of_type, one
from tests.fhir.validation import validate
from wholechild.care import actions, gas
from wholechild.care.models import Attendance, Discipline, GoalDiscipline, GoalState
from wholechild.fhir.plan import GOAL_ACHIEVEMENT, achievement
from wholechild.fhir.record import record_bundle

pytestmark = pytest.mark.django_db

Resource = dict[str, Any]
LEVELS = {
    "level_much_less": "Stands with both hands held",
    "level_less": "Stands holding on with one hand",
    "level_expected": "Stands alone to pull up trousers",
    "level_more": "Pulls up trousers and shorts standing alone",
    "level_much_more": "Dresses the lower half standing, without help",
}
NOTES = {
    "worked_on": "Sit to stand at the bench, private words one",
    "response": "Tired after ten minutes, private words two",
    "next_time": "Try the wobble board, private words three",
}
VISIT_DAY = date(2027, 1, 12)


@dataclass
class Plan:
    evaluation: Any
    walks: Any
    spoon: Any
    dressing: Any
    visit: Any
    no_show: Any
    cancelled: Any


def goal_with_levels(evaluation: Any, discipline: str, text: str, by: Any, **more: Any) -> Any:
    return actions.do_add_goal(
        evaluation,
        discipline=discipline,
        text=text,
        baseline="Holds on to furniture",
        measure="Observed at the visit",
        target_date=date(2027, 4, 30),
        by=by,
        **LEVELS,
        **more,
    )


@pytest.fixture
def plan(cast: Any) -> Plan:
    """Family one in therapy: a PT goal, an OT goal and a shared goal (weighted 2 x 3), PT's
    frequency, a review date, an attended shared visit with levels on two goals and notes, an
    OT visit the child did not come to and a cancelled PT visit, and a home activity."""
    evaluation = fresh(cast.family_one)
    actions.do_start_plan(evaluation, by=cast.pt)
    walks = goal_with_levels(evaluation, Discipline.PT, "Walks ten steps", cast.pt)
    spoon = goal_with_levels(evaluation, Discipline.OT, "Eats with a spoon", cast.ot)
    dressing = goal_with_levels(
        evaluation,
        GoalDiscipline.BOTH,
        "Gets dressed standing up",
        cast.ot,
        importance=2,
        difficulty=3,
    )
    actions.do_update_plan_discipline(
        evaluation,
        discipline=Discipline.PT,
        findings="Low tone in the trunk; cruises but does not step alone.",
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=cast.pt,
    )
    actions.do_set_review_date(evaluation, review_date=date(2027, 3, 1), by=cast.pt)
    visit = actions.do_record_visit(
        evaluation,
        on=VISIT_DAY,
        discipline=GoalDiscipline.BOTH,
        attendance=Attendance.ATTENDED,
        by=cast.pt,
        levels={walks.pk: -1, dressing.pk: 0},
        **NOTES,
    )
    no_show = actions.do_record_visit(
        evaluation,
        on=VISIT_DAY + timedelta(days=2),
        discipline=Discipline.OT,
        attendance=Attendance.NO_SHOW,
        by=cast.ot,
    )
    cancelled = actions.do_record_visit(
        evaluation,
        on=VISIT_DAY + timedelta(days=3),
        discipline=Discipline.PT,
        attendance=Attendance.CANCELLED,
        by=cast.pt,
    )
    actions.do_add_home_activity(
        walks,
        what="Walk along the sofa to reach a toy",
        how_often="Every day, five minutes",
        watch_for="Tired legs",
        by=cast.pt,
    )
    return Plan(fresh(cast.family_one), walks, spoon, dressing, visit, no_show, cancelled)


def by_id(bundle: Resource, kind: str, suffix: str) -> Resource:
    [found] = [r for r in of_type(bundle, kind) if r["id"].endswith(suffix)]
    return found


def test_every_resource_of_a_plan_in_therapy_is_valid_r4(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)

    validate(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"CarePlan", "Goal", "Encounter", "Observation"} <= kinds


def test_every_reference_of_the_record_is_in_it(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    held = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}

    found = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("reference"), str):
                found.add(value["reference"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(bundle)
    assert found - held == set()


def test_a_goal_has_its_five_levels_as_targets_and_its_weight(plan: Plan) -> None:
    walks = by_id(record_bundle(plan.evaluation), "Goal", f"-goal-{plan.walks.pk}")

    targets = walks["target"]
    assert [t["detailCodeableConcept"]["coding"][0]["code"] for t in targets] == [
        "-2",
        "-1",
        "0",
        "1",
        "2",
    ]
    assert [t["detailCodeableConcept"]["text"] for t in targets] == list(LEVELS.values())
    assert {t["dueDate"] for t in targets} == {"2027-04-30"}
    assert {t["measure"]["text"] for t in targets} == {"Observed at the visit"}
    [scale] = walks["extension"]
    assert scale["url"].endswith("/StructureDefinition/goal-attainment-scaling")
    assert {e["url"]: next(v for k, v in e.items() if k != "url") for e in scale["extension"]} == {
        "importance": 1,
        "difficulty": 1,
        "weight": 1,
        "baseline-level": -2,
    }


def test_a_goal_without_written_levels_targets_its_own_words(cast: Any) -> None:
    evaluation = fresh(cast.family_one)
    actions.do_start_plan(evaluation, by=cast.pt)
    actions.do_add_goal(
        evaluation,
        discipline=Discipline.PT,
        text="Walks ten steps",
        baseline="Cruises",
        measure="Steps",
        target_date=date(2027, 4, 30),
        by=cast.pt,
    )

    [walks] = of_type(record_bundle(fresh(cast.family_one)), "Goal")

    [target] = walks["target"]
    assert target["detailCodeableConcept"]["coding"][0]["code"] == "0"
    assert target["detailCodeableConcept"]["text"] == "Walks ten steps"


def test_a_shared_goal_belongs_to_both_disciplines(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    dressing = by_id(bundle, "Goal", f"-goal-{plan.dressing.pk}")
    fhir_id = plan.evaluation.fhir_id

    assert [c["coding"][0]["code"] for c in dressing["category"]] == ["pt", "ot"]
    assert ("http://terminology.hl7.org/CodeSystem/goal-category", "physiotherapy") in codes(
        dressing["category"][0]
    )
    assert dressing["addresses"] == [
        {"reference": f"Observation/{fhir_id}-pt"},
        {"reference": f"Observation/{fhir_id}-ot"},
    ]
    weights = {e["url"]: e["valuePositiveInt"] for e in dressing["extension"][0]["extension"][:3]}
    assert weights == {"importance": 2, "difficulty": 3, "weight": 6}
    # Both disciplines' activities of the plan name it.
    activities = one(bundle, "CarePlan")["activity"]
    goal_reference = {"reference": f"Goal/{dressing['id']}"}
    therapy = [a for a in activities if a["detail"].get("kind") == "ServiceRequest"]
    assert [goal_reference in a["detail"]["goal"] for a in therapy] == [True, True]


@dataclass
class Levelled:
    state: str
    baseline_level: int
    levels: list[int]

    def recorded(self) -> list[int]:
        return self.levels


@pytest.mark.parametrize(
    ("state", "baseline", "levels", "ended", "expected"),
    [
        ("proposed", -2, [], False, None),
        ("active", -2, [], False, "in-progress"),
        ("active", -2, [-2], False, "no-change"),
        ("active", -2, [-1], False, "improving"),
        ("active", -1, [-2], False, "worsening"),
        ("active", -2, [-1, -2], False, "worsening"),
        ("active", -2, [-1, -1], False, "no-change"),
        ("active", -2, [-1, 0], False, "achieved"),
        ("active", -2, [2], False, "achieved"),
        ("achieved", -2, [], False, "achieved"),
        ("achieved", -2, [-1], False, "achieved"),  # the therapist judged it met
        ("discontinued", -2, [-1], False, "not-achieved"),
        ("discontinued", -2, [-2], False, "no-progress"),
        ("active", -2, [-1], True, "not-achieved"),
        ("active", -2, [-2, -2], True, "no-progress"),
        ("active", -2, [], True, None),
    ],
)
def test_achievement_follows_the_latest_level(
    state: str, baseline: int, levels: list[int], ended: bool, expected: str | None
) -> None:
    found = achievement(Levelled(state, baseline, levels), ended=ended)  # type: ignore[arg-type]

    assert (found[0] if found else None) == expected


def test_a_visit_with_levels_is_an_encounter_with_an_observation_per_level(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    visit = by_id(bundle, "Encounter", f"-visit-{plan.visit.pk}")

    assert visit["status"] == "finished"
    assert visit["class"]["code"] == "AMB"
    assert [codes(t)[0] for t in visit["type"]] == [
        ("http://snomed.info/sct", "91251008"),
        ("http://snomed.info/sct", "84478008"),
    ]
    assert visit["period"] == {"start": "2027-01-12", "end": "2027-01-12"}
    assert visit["subject"] == {"reference": f"Patient/{plan.evaluation.fhir_id}"}
    assert visit["participant"][0]["individual"] == {
        "reference": f"Practitioner/staff-{plan.visit.by_id}"
    }
    levels = [
        o
        for o in of_type(bundle, "Observation")
        if o.get("encounter") == {"reference": f"Encounter/{visit['id']}"}
    ]
    assert sorted((o["focus"][0]["reference"], o["valueInteger"]) for o in levels) == sorted(
        [
            (f"Goal/{plan.evaluation.fhir_id}-goal-{plan.walks.pk}", -1),
            (f"Goal/{plan.evaluation.fhir_id}-goal-{plan.dressing.pk}", 0),
        ]
    )
    for level in levels:
        assert level["effectiveDateTime"] == "2027-01-12"
        assert level["status"] == "final"
        assert codes(level["category"][0]) == [
            ("http://terminology.hl7.org/CodeSystem/observation-category", "therapy")
        ]
    walks = by_id(bundle, "Goal", f"-goal-{plan.walks.pk}")
    assert codes(walks["achievementStatus"]) == [(GOAL_ACHIEVEMENT, "improving")]  # -2 to -1
    assert walks["outcomeReference"] == [
        {"reference": f"Observation/{o['id']}"}
        for o in levels
        if o["focus"][0]["reference"].endswith(f"-goal-{plan.walks.pk}")
    ]
    dressing = by_id(bundle, "Goal", f"-goal-{plan.dressing.pk}")
    assert codes(dressing["achievementStatus"]) == [(GOAL_ACHIEVEMENT, "achieved")]
    assert dressing["lifecycleStatus"] == "active"  # proposed, active once worked on


def test_a_no_show_is_a_cancelled_encounter_that_says_so(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    no_show = by_id(bundle, "Encounter", f"-visit-{plan.no_show.pk}")
    cancelled = by_id(bundle, "Encounter", f"-visit-{plan.cancelled.pk}")

    validate(no_show)
    assert (no_show["status"], cancelled["status"]) == ("cancelled", "cancelled")
    [attendance] = no_show["extension"]
    assert attendance["url"].endswith("/StructureDefinition/visit-attendance")
    assert attendance["valueCoding"]["code"] == "no-show"
    assert cancelled["extension"][0]["valueCoding"]["code"] == "cancelled"
    assert [codes(t)[0][1] for t in no_show["type"]] == ["84478008"]  # OT


def test_visit_notes_and_staff_notes_stay_in_wholechild(cast: Any, plan: Plan) -> None:
    actions.do_record_progress(plan.spoon, gas_score=-1, note="A private progress note", by=cast.ot)

    text = json.dumps(record_bundle(fresh(cast.family_one)))

    for note in [*NOTES.values(), "A private progress note", "private words"]:
        assert note not in text


def test_the_plans_t_score_is_an_observation_of_the_care_plan(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    score = by_id(bundle, "Observation", "-t-score")
    goals = list(plan.evaluation.plan.goals.prefetch_related("progress"))
    expected = gas.plan_scores(goals)

    assert score["status"] == "preliminary"  # the therapy goes on
    assert (
        score["focus"] == score["basedOn"] == [{"reference": f"CarePlan/{plan.evaluation.fhir_id}"}]
    )
    assert score["valueQuantity"] == {
        "value": round(expected.now, 1),
        "unit": "T-score",
        "system": "http://unitsofmeasure.org",
        "code": "{T-score}",
    }
    components = {c["code"]["coding"][0]["code"]: c for c in score["component"]}
    assert components["t-score-baseline"]["valueQuantity"]["value"] == round(expected.baseline, 1)
    assert components["goals-counted"]["valueInteger"] == 3
    # Three goals at -2 weigh (1, 1, 6); now walks -1, spoon -2, dressing 0.
    assert round(expected.baseline, 1) == 26.4
    assert len(score["derivedFrom"]) == 2


def test_the_care_plan_has_each_disciplines_frequency_and_the_review_date(plan: Plan) -> None:
    bundle = record_bundle(plan.evaluation)
    care_plan = one(bundle, "CarePlan")
    [review] = care_plan["extension"]
    pt, ot, home = care_plan["activity"]

    assert review["url"].endswith("/StructureDefinition/plan-review-date")
    assert review["valueDate"] == "2027-03-01"
    assert pt["detail"]["scheduledTiming"] == {
        "repeat": {
            "boundsDuration": {
                "value": 12,
                "unit": "weeks",
                "system": "http://unitsofmeasure.org",
                "code": "wk",
            },
            "duration": 45,
            "durationUnit": "min",
            "frequency": 2,
            "period": 1,
            "periodUnit": "wk",
        }
    }
    assert pt["detail"]["description"] == "2 sessions a week, for 12 weeks, 45 minutes a session"
    assert pt["detail"]["reasonCode"] == [
        {"text": "Low tone in the trunk; cruises but does not step alone."}
    ]
    assert pt["detail"]["status"] == "in-progress"
    assert pt["detail"]["performer"] == [
        {"reference": f"Practitioner/staff-{plan.walks.created_by_id}"}
    ]
    fhir_id = plan.evaluation.fhir_id
    assert pt["outcomeReference"] == [
        {"reference": f"Encounter/{fhir_id}-visit-{plan.visit.pk}"},
        {"reference": f"Encounter/{fhir_id}-visit-{plan.cancelled.pk}"},
    ]
    assert "scheduledTiming" not in ot["detail"]  # OT has not written its part yet
    assert home["detail"]["scheduledString"] == "Every day, five minutes"
    assert home["detail"]["performer"] == [{"reference": f"RelatedPerson/{fhir_id}"}]
    assert "Tired legs" in home["detail"]["description"]


def test_a_discharged_plan_is_completed_with_its_summary(cast: Any, plan: Plan) -> None:
    actions.do_discharge(
        plan.evaluation, recommendations="Keep walking to the park every day.", by=cast.pt
    )
    bundle = record_bundle(fresh(cast.family_one))
    validate(bundle)

    care_plan = one(bundle, "CarePlan")
    assert care_plan["status"] == "completed"
    assert "end" in care_plan["period"]
    [note] = care_plan["note"]
    assert "Goals met: 1 of 3." in note["text"]
    assert "Keep walking to the park every day." in note["text"]
    assert {a["detail"]["status"] for a in care_plan["activity"][:2]} == {"completed"}
    score = by_id(bundle, "Observation", "-t-score")
    stored = fresh(cast.family_one).plan
    assert score["status"] == "final"
    assert score["valueQuantity"]["value"] == round(stored.discharge_t_final, 1)
    goals = {g["id"]: g for g in of_type(bundle, "Goal")}
    walks = goals[f"{plan.evaluation.fhir_id}-goal-{plan.walks.pk}"]
    spoon = goals[f"{plan.evaluation.fhir_id}-goal-{plan.spoon.pk}"]
    assert walks["lifecycleStatus"] == "completed"  # no longer sought
    assert codes(walks["achievementStatus"])[0][1] == "not-achieved"  # moved, not met
    assert spoon["lifecycleStatus"] == "cancelled"  # proposed, never worked on
    assert "achievementStatus" not in spoon


def test_a_stopped_goal_says_so(cast: Any, plan: Plan) -> None:
    actions.do_set_goal_state(plan.walks, state=GoalState.DISCONTINUED, by=cast.pt)

    walks = by_id(record_bundle(fresh(cast.family_one)), "Goal", f"-goal-{plan.walks.pk}")

    assert walks["lifecycleStatus"] == "cancelled"
    assert codes(walks["achievementStatus"])[0][1] == "not-achieved"


def test_a_level_recorded_outside_a_visit_has_no_encounter(cast: Any, plan: Plan) -> None:
    at = timezone.now()
    entry = actions.do_record_progress(plan.spoon, gas_score=1, note="", by=cast.ot, at=at)

    level = by_id(record_bundle(fresh(cast.family_one)), "Observation", f"-level-{entry.pk}")

    validate(level)
    assert "encounter" not in level
    assert level["effectiveDateTime"] == at.isoformat()
    assert level["interpretation"][0]["text"] == LEVELS["level_more"]
