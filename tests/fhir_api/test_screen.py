"""`$screen`: an EHR's own form uses the engine. A QuestionnaireResponse in, the check's answer
out as Observations; a response it cannot take whole refused with every problem; and the round
trip: a child's exported record, its answers posted back, the same answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.fhir.helpers import answer_from, api_client, comparable, observations_in
from tests.fhir.validation import validate
from wholechild.care.models import ApiScope, AuditAction, AuditEvent
from wholechild.fhir.response import response_for
from wholechild.screening import screen

pytestmark = pytest.mark.django_db
SCREEN = "/fhir/QuestionnaireResponse/$screen"


@pytest.fixture
def ehr() -> Any:
    return api_client("Riverside EHR", ApiScope.SCREEN)


def post(client: Client, body: Any, token: str | None, **extra: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post(
        SCREEN,
        json.dumps(body),
        content_type=extra.pop("content_type", "application/fhir+json"),
        headers=headers,
    )
    return response.status_code, json.loads(response.content)


def test_it_answers_as_the_engine_does(client: Client, ehr: Any) -> None:
    request = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}
    sent = response_for(request, subject={"reference": "Patient/ehr-123"})

    status, found = post(client, sent, ehr.token)

    assert status == 200
    validate(found)
    assert found["entry"][0]["resource"] == sent
    observations = observations_in(found)
    assert comparable(answer_from(observations)) == comparable(screen(request))
    assert {o["subject"]["reference"] for o in observations} == {"Patient/ehr-123"}
    [event] = AuditEvent.objects.filter(action=AuditAction.API_SCREENED)
    assert (event.actor_name, event.target) == ("api:Riverside EHR", "")


def test_it_takes_the_response_as_a_parameters_resource_too(client: Client, ehr: Any) -> None:
    sent = response_for({"age_months": 84, "concerns": ["handwriting-scissors"]})
    body = {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": sent}]}

    status, found = post(client, body, ehr.token)

    assert status == 200
    assert answer_from(observations_in(found))["overall"] == "ot"


def test_unknown_linkids_and_answers_are_refused_each_named_and_nothing_screened(
    client: Client, ehr: Any
) -> None:
    sent = response_for({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})
    sent["item"][1]["item"].append({"linkId": "juggles", "answer": [{"valueBoolean": True}]})
    sent["item"][1]["item"][0]["answer"] = [{"valueCoding": {"code": "often"}}]

    status, found = post(client, sent, ehr.token)

    assert status == 422
    validate(found)
    assert [issue["code"] for issue in found["issue"]] == ["not-found", "value"]
    assert "juggles" in found["issue"][0]["details"]["text"]
    assert "walks-alone" in found["issue"][1]["expression"][0]
    assert not AuditEvent.objects.filter(action=AuditAction.API_SCREENED).exists()


def test_an_age_out_of_range_is_the_engines_refusal(client: Client, ehr: Any) -> None:
    status, found = post(client, response_for({"age_months": 300}), ehr.token)

    assert status == 422
    assert "age_months" in found["issue"][0]["expression"][0]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("not json", "application/fhir+json", 400),
        ({"resourceType": "Patient"}, "application/fhir+json", 422),
        ({"resourceType": "QuestionnaireResponse"}, "text/plain", 415),
    ],
)
def test_what_is_not_a_response_is_refused(
    client: Client, ehr: Any, body: Any, content_type: str, expected: int
) -> None:
    status, found = post(client, body, ehr.token, content_type=content_type)

    assert status == expected
    assert found["resourceType"] == "OperationOutcome"


def test_it_needs_a_client_with_the_scope_screen(client: Client) -> None:
    sent = response_for({"age_months": 20})
    reader = api_client("Reader", ApiScope.READ_FHIR)

    assert post(client, sent, None)[0] == 401
    assert post(client, sent, reader.token)[0] == 403


def test_the_round_trip_export_a_record_post_its_answers_back_get_the_same_answer(
    cast: Any, as_user: Any, ehr: Any
) -> None:
    staff = as_user(cast.intake)
    exported = staff.get(reverse("clinic:export_fhir", args=[cast.family_one.reference]))
    bundle = json.loads(exported.content)
    [sent] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]

    status, found = post(Client(), sent, ehr.token)

    assert status == 200
    assert comparable(answer_from(observations_in(found))) == comparable(
        answer_from(observations_in(bundle))
    )
    assert comparable(answer_from(observations_in(found))) == comparable(
        cast.family_one.request.screening_answer
    )
