"""What the FHIR server does: its CapabilityStatement (`/fhir/metadata`) and the definition of
its one operation, `$screen`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .base import FHIR_VERSION, MEDIA_TYPE, Resource, base
from .questionnaire import canonical

# The types of a child's record, each read by id and searched by `patient` (Patient by `_id`).
RECORD_TYPES = (
    "Patient",
    "RelatedPerson",
    "QuestionnaireResponse",
    "Observation",
    "ServiceRequest",
    "Appointment",
    "CarePlan",
    "Goal",
    "Encounter",
    "CareTeam",
)
# Read by id only: the clinic and its therapists, and a child's whole record.
DIRECTORY_TYPES = ("Organization", "Practitioner", "PractitionerRole", "Bundle")
OPERATION = "screen"
TOKEN_SCHEME = "Bearer"  # noqa: S105 - the name of the scheme


def operation_definition() -> Resource:
    return {
        "resourceType": "OperationDefinition",
        "id": OPERATION,
        "url": f"{base()}/OperationDefinition/{OPERATION}",
        "name": "Screen",
        "title": _("Screen the answers to the WholeChild check"),
        "status": "active",
        "kind": "operation",
        "description": _(
            "Takes a QuestionnaireResponse to the WholeChild check and returns the check's "
            "answer: a Bundle (collection) of the response and three Observations, one for "
            "each discipline and one for the whole answer. Nothing is stored. A response with "
            "an unknown linkId or answer is refused with an OperationOutcome naming each "
            "problem."
        ),
        "code": OPERATION,
        "resource": ["QuestionnaireResponse"],
        "system": False,
        "type": True,
        "instance": False,
        "parameter": [
            {
                "name": "resource",
                "use": "in",
                "min": 1,
                "max": "1",
                "documentation": _("The answers, as a QuestionnaireResponse to %(url)s.")
                % {"url": canonical()},
                "type": "QuestionnaireResponse",
            },
            {
                "name": "return",
                "use": "out",
                "min": 1,
                "max": "1",
                "documentation": _("The answer, as a Bundle of Observations."),
                "type": "Bundle",
            },
        ],
    }


def _record_type(name: str) -> dict[str, Any]:
    param = (
        {"name": "_id", "type": "token"}
        if name == "Patient"
        else {"name": "patient", "type": "reference"}
    )
    return {
        "type": name,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [param],
    }


def capability_statement(software_version: str, date: str) -> Resource:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "WholeChild",
        "kind": "instance",
        "software": {"name": "WholeChild", "version": software_version},
        "implementation": {
            "description": _("WholeChild: the check, evaluation requests and shared plans"),
            "url": base(),
        },
        "fhirVersion": FHIR_VERSION,
        "format": [MEDIA_TYPE, "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": _(
                    "The check's Questionnaire and this statement are public. Everything else "
                    "needs an API client's bearer token with its scope: read-fhir to read a "
                    "child's record, screen for $screen. What a client may not see is not "
                    "found (404)."
                ),
                "security": {
                    "cors": False,
                    "description": _(
                        "Authorization: Bearer with the token of an API client, created by "
                        "the clinic's administrator. Every use is audited with the client's "
                        "name."
                    ),
                },
                "resource": [
                    {
                        "type": "Questionnaire",
                        "interaction": [{"code": "read"}],
                    },
                    {
                        "type": "OperationDefinition",
                        "interaction": [{"code": "read"}],
                    },
                    *(_record_type(name) for name in RECORD_TYPES),
                    *(
                        {"type": name, "interaction": [{"code": "read"}]}
                        for name in DIRECTORY_TYPES
                    ),
                ],
                "operation": [
                    {
                        "name": OPERATION,
                        "definition": f"{base()}/OperationDefinition/{OPERATION}",
                    }
                ],
            }
        ],
    }
