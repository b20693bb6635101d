"""What anyone may read at /fhir/: the CapabilityStatement, the check's Questionnaire and the
$screen operation's definition, as application/fhir+json; anything else is an
OperationOutcome."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.fhir.validation import validate
from wholechild.screening import get_content

pytestmark = pytest.mark.django_db


def read(client: Client, path: str) -> tuple[int, dict[str, Any], Any]:
    response = client.get(path)
    return response.status_code, json.loads(response.content), response


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/fhir/metadata", "CapabilityStatement"),
        ("/fhir/Questionnaire/wholechild-check", "Questionnaire"),
        ("/fhir/OperationDefinition/screen", "OperationDefinition"),
    ],
)
def test_it_is_public_valid_and_fhir_json(client: Client, path: str, kind: str) -> None:
    status, body, response = read(client, path)

    assert status == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert body["resourceType"] == kind
    validate(body)


def test_the_capability_statement_says_what_is_supported(client: Client) -> None:
    _status, body, _response = read(client, "/fhir/metadata")

    assert body["fhirVersion"] == "4.0.1"
    [rest] = body["rest"]
    types = {r["type"]: r for r in rest["resource"]}
    assert {
        "Patient",
        "ServiceRequest",
        "CarePlan",
        "Goal",
        "Encounter",
        "Observation",
        "Appointment",
        "Bundle",
    } <= set(types)
    for kind in ("Goal", "Encounter", "Observation", "CarePlan"):
        assert types[kind]["searchParam"] == [{"name": "patient", "type": "reference"}]
    assert rest["operation"][0]["name"] == "screen"
    assert body["software"]["version"] == get_content().version


@pytest.mark.parametrize(
    "path",
    [
        "/fhir/Questionnaire/another",
        "/fhir/OperationDefinition/x",
        "/fhir/Medication/1",
        "/fhir/a/b/c",
    ],
)
def test_what_is_not_there_is_an_operation_outcome_404(client: Client, path: str) -> None:
    status, body, _response = read(client, path)

    assert status == 404
    assert body["resourceType"] == "OperationOutcome"
    validate(body)


def test_reading_is_only_a_get(client: Client) -> None:
    response = client.post("/fhir/metadata")

    assert response.status_code == 405
    assert json.loads(response.content)["issue"][0]["code"] == "not-supported"


@pytest.mark.parametrize(
    "path",
    [
        "/fhir/metadata",
        "/fhir/Questionnaire/wholechild-check",
        "/fhir/OperationDefinition/screen",
        "/fhir/Medication/1",
    ],
)
def test_the_server_speaks_english_whatever_the_browser_asks_for(client: Client, path: str) -> None:
    """The language switch and Accept-Language choose the family's pages' language, not the
    FHIR server's: the Questionnaire carries its Spanish in translations."""
    plain = client.get(path)
    client.cookies["wholechild_language"] = "es"
    asked = client.get(path, headers={"Accept-Language": "es-MX,es;q=0.9"})

    assert asked["Content-Language"] == plain["Content-Language"] == "en"
    body, expected = json.loads(asked.content), json.loads(plain.content)
    for found in (body, expected):
        found.pop("date", None)  # the CapabilityStatement's: today, which may turn between
    assert body == expected
    if path == "/fhir/Medication/1":
        assert body["issue"][0]["details"]["text"] == "Not found."
