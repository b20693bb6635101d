"""What every resource shares: the canonical base, our code systems, references and errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORGANIZATION_ID = "clinic"

Resource = dict[str, Any]


def base() -> str:
    """The server's base URL, which is also the canonical base of what it publishes (the
    Questionnaire, the code systems): WHOLECHILD_SITE_URL and /fhir. Set it once."""
    return settings.SITE_URL.rstrip("/") + "/fhir"


def code_system(name: str) -> str:
    """One of our own code systems: the contract's ids and words (docs/fhir.md lists them)."""
    return f"{base()}/CodeSystem/{name}"


def extension_url(name: str) -> str:
    return f"{base()}/StructureDefinition/{name}"


def identifier_system(name: str) -> str:
    return f"{base()}/sid/{name}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"system": system, "code": code}
    if display:
        found["display"] = str(display)
    return found


def concept(
    system: str, code: str, display: str | None = None, text: str | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if text:
        found["text"] = str(text)
    return found


def reference(resource: Resource, display: str | None = None) -> dict[str, str]:
    """A relative reference ("Patient/abc"), which a Bundle's fullUrls resolve."""
    found = {"reference": f"{resource['resourceType']}/{resource['id']}"}
    if display:
        found["display"] = str(display)
    return found


def practitioner_id(user_id: int) -> str:
    """A member of staff's id: "staff-" and the account's number, nothing of their name."""
    return f"staff-{user_id}"


def practitioner_reference(user_id: int) -> dict[str, str]:
    return {"reference": f"Practitioner/{practitioner_id(user_id)}"}


def full_url(resource: Resource) -> str:
    return f"{base()}/{resource['resourceType']}/{resource['id']}"


def bundle(
    kind: str, resources: list[Resource], *, id: str | None = None, timestamp: str | None = None
) -> Resource:
    """A Bundle of these resources: `collection` (a child's record, an answer) or `searchset`
    (a search's matches, each with its search mode)."""
    found: Resource = {"resourceType": "Bundle", "type": kind}
    if id is not None:
        found["id"] = id
    if timestamp is not None:
        found["timestamp"] = timestamp
    if kind == "searchset":
        found["total"] = len(resources)
    entries = []
    for resource in resources:
        entry: dict[str, Any] = {"fullUrl": full_url(resource), "resource": resource}
        if kind == "searchset":
            entry["search"] = {"mode": "match"}
        entries.append(entry)
    if entries:
        found["entry"] = entries
    return found


class Issue:
    """One problem with what a client sent, for an OperationOutcome: what is wrong, where
    (a FHIRPath expression into the resource sent), and the kind of problem."""

    __slots__ = ("code", "expression", "text")

    def __init__(self, text: str, expression: str = "", code: str = "invalid") -> None:
        self.text = text
        self.expression = expression
        self.code = code

    def __repr__(self) -> str:
        return f"Issue({self.expression!r}: {self.text!r})"

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "severity": "error",
            "code": self.code,
            "details": {"text": self.text},
        }
        if self.expression:
            found["expression"] = [self.expression]
        return found


def operation_outcome(issues: list[Issue]) -> Resource:
    """Why a request was refused, one issue per problem."""
    return {"resourceType": "OperationOutcome", "issue": [issue.as_dict() for issue in issues]}
