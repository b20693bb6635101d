"""`$screen`: an EHR's own form uses the engine. A QuestionnaireResponse in, the check's answer
out as Observations; a response it cannot take whole refused with every problem; and the round
trip: a child's exported record, its answers posted back, the same answer; and the answer in
the client's language (Accept-Language, else the response's own), the same but for its words."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.fhir.helpers import (
    answer_from,
    api_client,
    comparable,
    example_requests,
    observations_in,
    without_words,
)
from tests.fhir.validation import validate
from wholechild.care.models import ApiScope, AuditAction, AuditEvent
from wholechild.fhir.response import response_for
from wholechild.screening import largest_request, screen

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


# --- Languages ---------------------------------------------------------------------------------


def post_in(client: Client, body: Any, token: str, accept_language: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    return client.post(
        SCREEN, json.dumps(body), content_type="application/fhir+json", headers=headers
    )


def varies_by_language(response: Any) -> bool:
    return "accept-language" in [v.strip().lower() for v in response["Vary"].split(",")]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en;q=0.5, es-US;q=0.9", "es"),
        ("es;q=0.2, en", "en"),
        ("fr-FR, de", "en"),
        (None, "en"),
    ],
)
def test_it_answers_in_the_language_accept_language_prefers(
    client: Client, ehr: Any, accept_language: str | None, expected: str
) -> None:
    request = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}

    response = post_in(client, response_for(request), ehr.token, accept_language)

    assert response.status_code == 200
    assert response["Content-Language"] == expected
    assert varies_by_language(response)
    found = json.loads(response.content)
    validate(found)
    observations = observations_in(found)
    assert {o["language"] for o in observations} == {expected}
    assert comparable(answer_from(observations)) == comparable(screen(request, language=expected))


def machine(bundle: dict[str, Any]) -> Any:
    """The answer without its words, and without the moments it was made."""
    found = without_words(bundle)
    found.pop("timestamp")
    for entry in found["entry"]:
        entry["resource"].pop("effectiveDateTime", None)
    return found


@pytest.mark.parametrize("request_", [*example_requests(), largest_request()])
def test_the_machine_fields_are_the_same_in_both_languages(
    client: Client, ehr: Any, request_: dict[str, Any]
) -> None:
    sent = response_for(request_, subject={"reference": "Patient/ehr-1"})

    english = post_in(client, sent, ehr.token, "en")
    spanish = post_in(client, sent, ehr.token, "es")

    assert (english.status_code, spanish.status_code) == (200, 200)
    english_bundle, spanish_bundle = json.loads(english.content), json.loads(spanish.content)
    assert machine(spanish_bundle) == machine(english_bundle)
    assert spanish_bundle != english_bundle  # the words are not the same
    assert comparable(answer_from(observations_in(spanish_bundle))) == comparable(
        screen(request_, language="es")
    )


@pytest.mark.parametrize(
    ("given", "accept_language", "expected"),
    [
        ("es", None, "es"),  # no header: the response's own language
        ("es-MX", "fr", "es"),  # a header naming none of ours: the same
        ("es", "en", "en"),  # the client's header wins
        ("en", "es", "es"),
        ("fr", None, "en"),  # neither names one of ours: English
    ],
)
def test_the_responses_own_language_is_the_clients_last_choice(
    client: Client, ehr: Any, given: str, accept_language: str | None, expected: str
) -> None:
    sent = response_for({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})
    sent["language"] = given

    response = post_in(client, sent, ehr.token, accept_language)

    assert response.status_code == 200
    assert response["Content-Language"] == expected
    found = json.loads(response.content)
    assert found["entry"][0]["resource"] == sent  # the response as sent, its language too
    assert {o["language"] for o in observations_in(found)} == {expected}


def test_a_response_answered_in_spanish_screens_in_spanish(client: Client, ehr: Any) -> None:
    request = {"age_months": 30, "concerns": ["toe-walking"]}

    response = post_in(client, response_for(request, language="es"), ehr.token)

    assert response["Content-Language"] == "es"
    assert comparable(answer_from(observations_in(json.loads(response.content)))) == comparable(
        screen(request, language="es")
    )


@pytest.mark.parametrize(
    ("sent", "words"),
    [
        (
            {"age_months": 20, "milestones": {"walks-alone": "not-yet"}, "extra": "juggles"},
            "is not a question of the WholeChild check",
        ),
        ({"age_months": 300}, "age_months"),
    ],
)
def test_a_refusal_stays_in_english(
    client: Client, ehr: Any, sent: dict[str, Any], words: str
) -> None:
    response_ = response_for({k: v for k, v in sent.items() if k != "extra"}, language="es")
    if "extra" in sent:
        response_["item"][1]["item"].append(
            {"linkId": sent["extra"], "answer": [{"valueBoolean": True}]}
        )
    client.cookies["wholechild_language"] = "es"  # the language switch's choice, too

    response = post_in(client, response_, ehr.token, "es")

    assert response.status_code == 422
    assert response["Content-Language"] == "en"
    found = json.loads(response.content)
    assert found["resourceType"] == "OperationOutcome"
    assert words in found["issue"][0]["details"]["text"] + found["issue"][0]["expression"][0]
