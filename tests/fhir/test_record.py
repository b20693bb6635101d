"""A child's record as a FHIR Bundle: every resource valid R4, the codes the evidence file
gives, the plan's goals with their GAS progress, the appointments, US Core's must-support
elements, and ids that say nothing about the child."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.care.helpers import fresh
from tests.fhir.helpers import answer_from, codes, comparable, observations_in, of_type, one
from tests.fhir.validation import validate
from wholechild.care import actions
from wholechild.care.models import Appointment, Attendance, Discipline, GoalState, Status
from wholechild.fhir.plan import CAREPLAN_CATEGORY
from wholechild.fhir.record import record_bundle

pytestmark = pytest.mark.django_db

Resource = dict[str, Any]


@pytest.fixture
def planned(cast: Any) -> Any:
    """Family one, evaluated, with a plan: a PT goal with two progress entries (the latest
    +1), an OT goal reached, an evaluation appointment that took place and a first PT visit."""
    evaluation = fresh(cast.family_one)
    actions.do_start_plan(evaluation, by=cast.pt)
    walks = actions.do_add_goal(
        evaluation,
        discipline=Discipline.PT,
        text="Walks ten steps on their own",
        baseline="Cruises along furniture",
        measure="Steps without support",
        target_date=date(2027, 3, 31),
        by=cast.pt,
        state=GoalState.ACTIVE,
    )
    spoon = actions.do_add_goal(
        evaluation,
        discipline=Discipline.OT,
        text="Eats with a spoon",
        baseline="Uses fingers",
        measure="Spoonfuls in a meal",
        target_date=date(2027, 6, 30),
        by=cast.ot,
    )
    actions.do_set_goal_state(spoon, state=GoalState.ACHIEVED, by=cast.ot)
    earlier = timezone.now() - timedelta(days=7)
    actions.do_record_progress(walks, gas_score=-1, note="", by=cast.pt, at=earlier)
    actions.do_record_progress(walks, gas_score=1, note="Steady", by=cast.pt)
    start = timezone.now() - timedelta(days=3)
    Appointment.objects.create(
        request=evaluation,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        pt=cast.pt,
        ot=cast.ot,
        family_note="Bring comfortable clothes.",
        booked_by=cast.intake,
        booked_by_name="INTAKE",
    )
    actions.do_record_visit(
        evaluation,
        on=timezone.localdate(),
        discipline=Discipline.PT,
        attendance=Attendance.ATTENDED,
        by=cast.pt,
    )
    return fresh(cast.family_one)


def test_every_resource_of_a_record_is_valid_r4(cast: Any, planned: Any) -> None:
    bundle = record_bundle(planned)

    validate(bundle)
    assert bundle["type"] == "collection"
    assert sorted({e["resource"]["resourceType"] for e in bundle["entry"]}) == [
        "Appointment",
        "CarePlan",
        "CareTeam",
        "Encounter",
        "Goal",
        "Observation",
        "Organization",
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "QuestionnaireResponse",
        "RelatedPerson",
        "ServiceRequest",
    ]


def test_a_new_request_has_the_family_what_they_sent_and_what_they_asked_for(cast: Any) -> None:
    bundle = record_bundle(fresh(cast.family_two))
    validate(bundle)

    child = one(bundle, "Patient")
    assert child["name"] == [{"text": "Leo", "given": ["Leo"]}]
    assert (child["birthDate"], child["gender"]) == ("2019-05-02", "unknown")
    parent = one(bundle, "RelatedPerson")
    assert parent["telecom"] == [{"system": "phone", "value": "555 0100"}]
    assert parent["patient"] == {"reference": f"Patient/{child['id']}"}
    assert of_type(bundle, "CarePlan") == of_type(bundle, "CareTeam") == []
    [request] = of_type(bundle, "ServiceRequest")  # OT only: handwriting at 7
    assert codes(request["code"]) == [("http://snomed.info/sct", "410155007")]
    assert codes(request["category"][0]) == [("http://snomed.info/sct", "386053000")]
    assert (request["status"], request["intent"], request["priority"]) == (
        "active",
        "order",
        "routine",
    )


def test_each_discipline_asked_for_has_its_service_request(cast: Any) -> None:
    bundle = record_bundle(fresh(cast.family_one))
    requests = {r["id"].rsplit("-", 1)[1]: r for r in of_type(bundle, "ServiceRequest")}

    # PT recommended by the answer, OT because the OT evaluator is assigned.
    assert set(requests) == {"pt", "ot"}
    pt = requests["pt"]
    assert codes(pt["code"]) == [("http://snomed.info/sct", "410158009")]
    assert pt["priority"] == "urgent"  # the answer's urgency: soon
    response = one(bundle, "QuestionnaireResponse")
    assert {"reference": f"QuestionnaireResponse/{response['id']}"} in pt["supportingInfo"]
    assert pt["performer"] == [{"reference": f"Practitioner/staff-{cast.pt.pk}"}]
    assert pt["status"] == "completed"  # evaluated


@pytest.mark.parametrize(("kept", "said"), [("es", "es"), ("", None)])
def test_the_answers_say_the_language_the_parent_gave_them_in(
    cast: Any, kept: str, said: str | None
) -> None:
    evaluation = fresh(cast.family_one)
    evaluation.check_language = kept
    bundle = record_bundle(evaluation)

    (response,) = of_type(bundle, "QuestionnaireResponse")
    assert response.get("language") == said
    validate(response)


def test_the_answer_is_the_one_the_parent_saw(cast: Any) -> None:
    evaluation = fresh(cast.family_one)
    bundle = record_bundle(evaluation)

    assert comparable(answer_from(observations_in(bundle))) == comparable(
        {k: v for k, v in evaluation.screening_answer.items() if k != "content_version"}
        | {"content_version": evaluation.content_version}
    )


def test_the_plan_has_its_goals_their_gas_progress_and_the_care_team(
    cast: Any, planned: Any
) -> None:
    bundle = record_bundle(planned)
    plan = one(bundle, "CarePlan")
    goals = {g["description"]["text"]: g for g in of_type(bundle, "Goal")}

    assert (plan["status"], plan["intent"]) == ("active", "plan")
    assert plan["goal"] == [{"reference": f"Goal/{g['id']}"} for g in of_type(bundle, "Goal")]
    assert plan["careTeam"] == [{"reference": f"CareTeam/{planned.fhir_id}"}]
    walks, spoon = goals["Walks ten steps on their own"], goals["Eats with a spoon"]
    assert walks["lifecycleStatus"] == "active"
    assert codes(walks["achievementStatus"])[0][1] == "achieved"  # the latest: +1
    assert walks["target"][0]["dueDate"] == "2027-03-31"
    assert walks["target"][0]["measure"] == {"text": "Steps without support"}
    assert walks["expressedBy"] == {"reference": f"Practitioner/staff-{cast.pt.pk}"}
    assert spoon["lifecycleStatus"] == "completed"
    # Marked achieved by its therapist, with no level recorded: achieved all the same.
    assert codes(spoon["achievementStatus"])[0][1] == "achieved"
    team = one(bundle, "CareTeam")
    assert [p["member"]["reference"] for p in team["participant"]] == [
        f"Practitioner/staff-{cast.pt.pk}",
        f"Practitioner/staff-{cast.ot.pk}",
    ]
    roles = {r["id"]: codes(r["code"][0]) for r in of_type(bundle, "PractitionerRole")}
    assert roles[f"staff-{cast.pt.pk}"] == [("http://snomed.info/sct", "36682004")]


def test_an_appointment_is_the_evaluation_booked(cast: Any, planned: Any) -> None:
    appointment = one(record_bundle(planned), "Appointment")

    assert appointment["status"] == "booked"
    assert appointment["minutesDuration"] == 60
    assert appointment["patientInstruction"] == "Bring comfortable clothes."
    assert [p["actor"]["reference"].split("/")[0] for p in appointment["participant"]] == [
        "Patient",
        "Practitioner",
        "Practitioner",
    ]


def test_a_discharged_childs_plan_is_completed(cast: Any, planned: Any) -> None:
    planned.status = Status.DISCHARGED
    planned.save()

    assert one(record_bundle(fresh(cast.family_one)), "CarePlan")["status"] == "completed"


def test_no_id_or_address_carries_the_reference_or_a_name(cast: Any, planned: Any) -> None:
    bundle = record_bundle(planned)
    addresses = [e["fullUrl"] for e in bundle["entry"]]
    ids = [e["resource"]["id"] for e in bundle["entry"]]

    for text in [*addresses, *ids]:
        for secret in (planned.reference, "Mia", "Alex", "2025-03-14"):
            assert secret not in text


def test_a_withdrawn_request_keeps_only_its_tombstone(cast: Any) -> None:
    evaluation = fresh(cast.family_two)
    actions.do_withdraw(evaluation)

    bundle = record_bundle(fresh(cast.family_two))

    validate(bundle)
    assert "name" not in one(bundle, "Patient")
    assert of_type(bundle, "QuestionnaireResponse") == of_type(bundle, "Observation") == []


# US Core 6.1's must-support elements for the profiles the issue names, and whether a record
# fills each. Those WholeChild never holds are listed with why: must-support means "send it
# when you have it".
MUST_SUPPORT: dict[str, dict[str, str | None]] = {
    "Patient": {
        "identifier": None,
        "name": None,
        "gender": None,
        "birthDate": None,
        "communication": None,
        "telecom": "the family's contact is the parent's (RelatedPerson), not the child's",
        "address": "the check asks no address",
        "extension:race": "the check asks no race",
        "extension:ethnicity": "the check asks no ethnicity",
        "extension:birthsex": "the check asks no sex",
    },
    "ServiceRequest": {
        "status": None,
        "intent": None,
        "category": None,
        "code": None,
        "subject": None,
        "authoredOn": None,
        "requester": None,
        "encounter": "nothing has happened yet when a family asks: no encounter",
        "occurrence[x]": "the Appointment has the time of the evaluation",
    },
    "CarePlan": {
        "text": None,
        "status": None,
        "intent": None,
        "category": None,
        "subject": None,
    },
    "Goal": {
        "lifecycleStatus": None,
        "description": None,
        "subject": None,
        "startDate": None,
        "target": None,
        "target.dueDate": None,
        "expressedBy": None,
    },
    "Encounter": {
        "status": None,
        "class": None,
        "type": None,
        "subject": None,
        "participant": None,
        "participant.type": None,
        "participant.individual": None,
        "period": None,
        "serviceProvider": None,
        "identifier": "the visit has no number of its own: its opaque id is all there is",
        "participant.period": "the therapist is there for the whole visit: its period",
        "reasonCode": "a visit carries out the plan (CarePlan.activity.outcomeReference)",
        "reasonReference": "a visit carries out the plan (CarePlan.activity.outcomeReference)",
        "hospitalization": "an outpatient therapy visit: no admission or discharge",
        "location": "the clinic keeps no place for a visit",
    },
}


def present(resource: Resource, element: str) -> bool:
    first, _dot, rest = element.partition(".")
    value = resource.get(first)
    if rest:
        values = value if isinstance(value, list) else [value]
        return any(isinstance(v, dict) and present(v, rest) for v in values)
    return value not in (None, [], {}, "")


@pytest.mark.parametrize("profile", list(MUST_SUPPORT))
def test_us_cores_must_support_elements_are_present(cast: Any, planned: Any, profile: str) -> None:
    [resource, *_] = of_type(record_bundle(planned), profile)

    for element, why_not in MUST_SUPPORT[profile].items():
        if why_not is None:
            assert present(resource, element), f"{profile}.{element} is missing"
        else:
            assert not present(resource, element.split(":")[0]), f"{profile}.{element} is new"
    if profile == "CarePlan":  # the slice US Core requires
        assert (CAREPLAN_CATEGORY, "assess-plan") in codes(resource["category"][0])
