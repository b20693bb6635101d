"""A child's record as FHIR: what a family sent, what the clinic booked and what it plans.

- Patient: the child, minimal (first name, date of birth); `gender` is `unknown`, as the check
  never asks it, and US Core requires the element.
- RelatedPerson: the parent, with how to reach them and their language.
- QuestionnaireResponse and Observations: the answers and the answer the parent saw, from the
  request's snapshot, never worked out again.
- ServiceRequest: one per discipline asked for (SNOMED 410158009 physical therapy assessment /
  410155007 occupational therapy assessment, category 386053000 evaluation procedure),
  priority from the urgency, supportingInfo the answers.
- Appointment: each evaluation booked (or cancelled).
- The plan (`wholechild.fhir.plan`): the CarePlan, its Goals with their GAS levels, the visits
  as Encounters, the levels recorded and the T-score as Observations.
- The CareTeam of the PT and OT (Practitioner, PractitionerRole); the clinic as the
  Organization.

Ids are opaque: the request's random `fhir_id`, with a suffix for each resource of the record
("<fhir_id>-pt", "<fhir_id>-goal-12"). No id carries a name, a date or the reference.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wholechild.care.models import (
    Appointment,
    AppointmentState,
    ClinicSettings,
    Discipline,
    EvaluationRequest,
    Role,
    Status,
)

from .answer import answer_observations
from .base import (
    ORGANIZATION_ID,
    SNOMED,
    Resource,
    bundle,
    coding,
    concept,
    identifier_system,
    practitioner_id,
)
from .base import reference as ref
from .plan import plan_resources, read_plan
from .response import response_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User

V3_ROLE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
BCP47 = "urn:ietf:bcp:47"
EVALUATION_PROCEDURE = ("386053000", "Evaluation procedure (procedure)")
ASSESSMENT = {
    "pt": ("410158009", "Physical therapy assessment (procedure)"),
    "ot": ("410155007", "Occupational therapy assessment (procedure)"),
}
OCCUPATION = {
    "pt": ("36682004", "Physiotherapist (occupation)"),
    "ot": ("80546007", "Occupational therapist (occupation)"),
}
# The contract's urgency as a request's priority: "urgent" sends the family to their doctor
# first, "soon" asks for an evaluation now rather than later.
PRIORITY = {"urgent": "asap", "soon": "urgent", "routine": "routine"}
REQUEST_STATUS = {
    Status.NEW: "active",
    Status.CONTACTED: "active",
    Status.BOOKED: "active",
    Status.EVALUATED: "completed",
    Status.IN_THERAPY: "completed",
    Status.DISCHARGED: "completed",
    Status.CLOSED: "revoked",
    Status.WITHDRAWN: "revoked",
}
LANGUAGES = {"english": "en", "español": "es", "espanol": "es", "spanish": "es"}


def when(moment: date | datetime) -> str:
    return moment.isoformat()


def disciplines_asked(evaluation: EvaluationRequest) -> list[str]:
    """The evaluations the family asked for: each discipline the answer points to or has an
    evaluator assigned; both when neither does (the family asked for an evaluation, and the
    clinic's therapists decide)."""
    answer = evaluation.screening_answer or {}
    asked = [
        d
        for d in ("pt", "ot")
        if (answer.get(d) or {}).get("level", "not-indicated") != "not-indicated"
        or getattr(evaluation, f"{d}_evaluator_id") is not None
    ]
    return asked or ["pt", "ot"]


def _discipline_name(discipline: str) -> str:
    return str(Discipline(discipline).label)


def _language(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {"text": text}
    code = LANGUAGES.get(text.strip().lower())
    if code:
        found["coding"] = [coding(BCP47, code)]
    return found


# --- Who: the clinic, its therapists, the child and the parent ----------------------------------


def organization() -> Resource:
    clinic = ClinicSettings.current()
    found: Resource = {
        "resourceType": "Organization",
        "id": ORGANIZATION_ID,
        "active": True,
        "name": clinic.name,
    }
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", clinic.phone), ("email", clinic.email))
        if value
    ]
    if clinic.website:
        telecom.append({"system": "url", "value": clinic.website})
    if telecom:
        found["telecom"] = telecom
    if clinic.address:
        found["address"] = [{"text": clinic.address}]
    return found


def staff_users() -> QuerySet[User]:
    """The clinic's accounts, with their roles, as Practitioners are read from them."""
    return (
        get_user_model().objects.filter(staff_profile__isnull=False).select_related("staff_profile")
    )


def practitioner(user: User) -> Resource:
    name: dict[str, Any] = {"text": user.get_full_name() or user.get_username()}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return {
        "resourceType": "Practitioner",
        "id": practitioner_id(user.pk),
        "active": user.is_active,
        "name": [name],
    }


def practitioner_role(user: User) -> Resource | None:
    """What a therapist does at the clinic; None for staff who are not PT or OT."""
    profile = getattr(user, "staff_profile", None)
    role = profile.role if profile is not None else None
    if role not in (Role.PT, Role.OT):
        return None
    code, display = OCCUPATION[str(role)]
    return {
        "resourceType": "PractitionerRole",
        "id": practitioner_id(user.pk),
        "active": user.is_active,
        "practitioner": ref(practitioner(user)),
        "organization": ref(organization()),
        "code": [concept(SNOMED, code, display, _discipline_name(str(role)))],
    }


def patient(evaluation: EvaluationRequest) -> Resource:
    found: Resource = {
        "resourceType": "Patient",
        "id": evaluation.fhir_id,
        "identifier": [
            {"system": identifier_system("request-reference"), "value": evaluation.reference}
        ],
    }
    if evaluation.child_first_name:
        found["name"] = [
            {"text": evaluation.child_first_name, "given": [evaluation.child_first_name]}
        ]
    found["gender"] = "unknown"
    if evaluation.child_birth_date is not None:
        found["birthDate"] = when(evaluation.child_birth_date)
    if evaluation.preferred_language:
        found["communication"] = [
            {"language": _language(evaluation.preferred_language), "preferred": True}
        ]
    found["managingOrganization"] = {"reference": f"Organization/{ORGANIZATION_ID}"}
    return found


def related_person(evaluation: EvaluationRequest) -> Resource:
    found: Resource = {
        "resourceType": "RelatedPerson",
        "id": evaluation.fhir_id,
        "active": not evaluation.is_withdrawn,
        "patient": ref(patient(evaluation)),
        "relationship": [concept(V3_ROLE, "PRN", "parent")],
    }
    if evaluation.parent_name:
        found["name"] = [{"text": evaluation.parent_name}]
    telecom = [
        {"system": system, "value": value}
        for system, value in (("email", evaluation.email), ("phone", evaluation.phone))
        if value
    ]
    if telecom:
        found["telecom"] = telecom
    if evaluation.preferred_language:
        found["communication"] = [
            {"language": _language(evaluation.preferred_language), "preferred": True}
        ]
    return found


# --- What the family sent ------------------------------------------------------------------------


def _authored(evaluation: EvaluationRequest) -> str:
    as_of = (evaluation.screening_request or {}).get("as_of")
    return str(as_of) if as_of else when(evaluation.created_at)


def screening_resources(evaluation: EvaluationRequest) -> list[Resource]:
    """The answers the parent gave and the answer they saw, from the request's snapshot; none
    once the family has withdrawn (the snapshot is erased)."""
    if not evaluation.screening_request or not evaluation.screening_answer:
        return []
    child = ref(patient(evaluation))
    response = response_for(
        evaluation.screening_request,
        id=evaluation.fhir_id,
        authored=_authored(evaluation),
        subject=child,
        author=ref(related_person(evaluation)),
        version=evaluation.content_version,
        # The answers in the language the parent gave them in, when the request kept it.
        language=evaluation.check_language or None,
    )
    ids = {key: f"{evaluation.fhir_id}-{key}" for key in ("pt", "ot", "overall")}
    return [
        response,
        *answer_observations(
            evaluation.screening_answer,
            ids=ids,
            references={key: f"Observation/{value}" for key, value in ids.items()},
            derived_from=f"QuestionnaireResponse/{evaluation.fhir_id}",
            effective=_authored(evaluation),
            subject=child,
        ),
    ]


def service_requests(evaluation: EvaluationRequest) -> list[Resource]:
    found = []
    for discipline in disciplines_asked(evaluation):
        code, display = ASSESSMENT[discipline]
        request: Resource = {
            "resourceType": "ServiceRequest",
            "id": f"{evaluation.fhir_id}-{discipline}",
            "identifier": [
                {"system": identifier_system("request-reference"), "value": evaluation.reference}
            ],
            "status": REQUEST_STATUS[Status(evaluation.status)],
            "intent": "order",
            "category": [concept(SNOMED, *EVALUATION_PROCEDURE)],
            "priority": PRIORITY[evaluation.urgency],
            "code": concept(
                SNOMED,
                code,
                display,
                _("%(discipline)s evaluation") % {"discipline": _discipline_name(discipline)},
            ),
            "subject": ref(patient(evaluation)),
            "authoredOn": when(evaluation.created_at),
            "requester": ref(related_person(evaluation)),
        }
        evaluator = getattr(evaluation, f"{discipline}_evaluator")
        if evaluator is not None:
            request["performer"] = [ref(practitioner(evaluator))]
        if evaluation.screening_answer:
            request["reasonReference"] = [
                {"reference": f"Observation/{evaluation.fhir_id}-{discipline}"}
            ]
            request["supportingInfo"] = [
                {"reference": f"QuestionnaireResponse/{evaluation.fhir_id}"},
                {"reference": f"Observation/{evaluation.fhir_id}-overall"},
            ]
        if evaluation.best_time_to_call:
            request["note"] = [
                {"text": _("Best time to call: %(when)s") % {"when": evaluation.best_time_to_call}}
            ]
        found.append(request)
    return found


def appointment(evaluation: EvaluationRequest, booked: Appointment) -> Resource:
    therapists = [(d, user) for d, user in (("pt", booked.pt), ("ot", booked.ot)) if user]
    kinds = [d for d, _user in therapists] or disciplines_asked(evaluation)
    participants: list[dict[str, Any]] = [
        {"actor": ref(patient(evaluation)), "required": "required", "status": "needs-action"}
    ]
    participants += [
        {"actor": ref(practitioner(user)), "required": "required", "status": "accepted"}
        for _discipline, user in therapists
    ]
    found: Resource = {
        "resourceType": "Appointment",
        "id": f"{evaluation.fhir_id}-appointment-{booked.pk}",
        "status": "booked" if booked.state == AppointmentState.BOOKED else "cancelled",
        "serviceCategory": [concept(SNOMED, *EVALUATION_PROCEDURE)],
        "serviceType": [concept(SNOMED, *ASSESSMENT[d]) for d in kinds],
        "start": when(booked.starts_at),
        "end": when(booked.ends_at),
        "minutesDuration": booked.minutes,
        "created": when(booked.created_at),
        "basedOn": [
            {"reference": f"ServiceRequest/{evaluation.fhir_id}-{d}"}
            for d in disciplines_asked(evaluation)
        ],
        "participant": participants,
    }
    where = booked.get_place_display()
    if booked.place_detail:
        where = f"{where}: {booked.place_detail}"
    found["description"] = str(where)
    if booked.family_note:
        found["patientInstruction"] = booked.family_note
    return found


# --- The plan's team ----------------------------------------------------------------------------


def care_team(evaluation: EvaluationRequest) -> Resource | None:
    members = [
        (d, user)
        for d, user in (("pt", evaluation.pt_evaluator), ("ot", evaluation.ot_evaluator))
        if user is not None
    ]
    if not members:
        return None
    return {
        "resourceType": "CareTeam",
        "id": evaluation.fhir_id,
        "status": "active" if evaluation.is_open else "inactive",
        "name": _("The child's PT and OT"),
        "subject": ref(patient(evaluation)),
        "participant": [
            {
                "role": [concept(SNOMED, *OCCUPATION[d])],
                "member": ref(practitioner(user)),
                "onBehalfOf": {"reference": f"Organization/{ORGANIZATION_ID}"},
            }
            for d, user in members
        ],
        "managingOrganization": [{"reference": f"Organization/{ORGANIZATION_ID}"}],
    }


# --- The whole record ----------------------------------------------------------------------------


def record_resources(evaluation: EvaluationRequest) -> list[Resource]:
    """Every resource of one child's record, the clinic and its therapists included."""
    plan = read_plan(evaluation)
    appointments = list(
        evaluation.appointments.select_related("pt", "ot").order_by("starts_at", "pk")
    )
    found: list[Resource] = [
        organization(),
        patient(evaluation),
        related_person(evaluation),
        *screening_resources(evaluation),
        *service_requests(evaluation),
        *(appointment(evaluation, a) for a in appointments),
    ]
    staff_ids = {
        user_id
        for user_id in (
            evaluation.pt_evaluator_id,
            evaluation.ot_evaluator_id,
            *(user_id for a in appointments for user_id in (a.pt_id, a.ot_id)),
        )
        if user_id is not None
    }
    if plan is not None:
        found.extend(plan_resources(evaluation, plan))
        staff_ids |= plan.staff_ids
    team = care_team(evaluation)
    if team is not None:
        found.append(team)
    staff = get_user_model().objects.filter(pk__in=staff_ids).select_related("staff_profile")
    for user in staff.order_by("pk"):
        found.append(practitioner(user))
        role = practitioner_role(user)
        if role is not None:
            found.append(role)
    return found


def record_bundle(evaluation: EvaluationRequest) -> Resource:
    """The child's record as one Bundle (`collection`), as staff export it and clients read it."""
    return bundle(
        "collection",
        record_resources(evaluation),
        id=evaluation.fhir_id,
        timestamp=when(timezone.now()),
    )
