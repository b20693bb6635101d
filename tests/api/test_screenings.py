"""POST /api/v1/screenings: the engine over HTTP, and its OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from wholechild.api import MAX_REQUEST_BYTES
from wholechild.api_schemas import ScreeningAnswer, ScreeningRequest
from wholechild.screening import ScreeningError, get_content, largest_request, screen

URL = "/api/v1/screenings"
REQUEST = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}


def post(client: Client, body: str | bytes, **extra: Any) -> Any:
    content_type = extra.pop("content_type", "application/json")
    return client.post(URL, body, content_type=content_type, **extra)


def test_it_answers_with_the_engines_answer(client: Client) -> None:
    response = post(client, json.dumps(REQUEST))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == screen(REQUEST)


def test_it_answers_the_largest_request_with_the_engines_answer_and_every_header(
    client: Client,
) -> None:
    request = largest_request()

    response = post(client, json.dumps(request), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    assert response.json() == screen(request, language="es")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == "es"
    assert response["Vary"] == "Accept-Language"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(response.content))


def test_it_answers_the_worked_examples(client: Client, worked_example: dict[str, Any]) -> None:
    response = post(client, json.dumps(worked_example["input"]))
    expect = worked_example["expect"]

    if expect.get("error"):
        assert response.status_code == 422
        assert set(response.json()["error"]) == {"field", "value", "message", "allowed"}
    else:
        assert response.status_code == 200
        answer = response.json()
        # What the OpenAPI document says is what the engine takes and gives.
        ScreeningRequest.model_validate(worked_example["input"])
        ScreeningAnswer.model_validate(answer)
        assert answer["overall"] in expect["overall"]
        assert answer["urgency"] in expect["urgency"]
        for discipline in ("pt", "ot"):
            if discipline in expect:
                assert answer[discipline]["level"] in expect[discipline]


def test_the_largest_request_fits_the_documented_schemas(
    client: Client, largest_request: dict[str, Any]
) -> None:
    ScreeningRequest.model_validate(largest_request)

    response = post(client, json.dumps(largest_request))

    assert response.status_code == 200
    ScreeningAnswer.model_validate(response.json())


def test_it_answers_422_with_the_contracts_error(client: Client) -> None:
    request = {"age_months": 20, "concerns": ["juggling"]}
    with pytest.raises(ScreeningError) as raised:
        screen(request)

    response = post(client, json.dumps(request))

    assert response.status_code == 422
    assert response.json() == raised.value.as_dict()
    assert response.json()["error"]["field"] == "concerns"


def test_it_answers_422_for_malformed_json(client: Client) -> None:
    response = post(client, '{"age_months": 20,}')

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "body"
    assert "not valid JSON" in error["message"]
    assert "line 1, column 19" in error["message"]
    assert error["allowed"]


@pytest.mark.parametrize(
    ("body", "value"), [("[1, 2]", "a list"), ('"20"', "a string"), ("null", "null")]
)
def test_it_answers_422_for_a_body_that_is_not_an_object(
    client: Client, body: str, value: str
) -> None:
    response = post(client, body)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body"
    assert response.json()["error"]["value"] == value


def _padded(size: int) -> bytes:
    """A valid request of exactly `size` bytes: JSON allows any amount of white space."""
    body = json.dumps(REQUEST).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def test_it_screens_a_body_of_exactly_64_kb(client: Client) -> None:
    response = post(client, _padded(MAX_REQUEST_BYTES))

    assert response.status_code == 200
    assert response.json() == screen(REQUEST)


def test_it_answers_413_for_a_body_over_64_kb(client: Client) -> None:
    response = post(client, _padded(MAX_REQUEST_BYTES + 1))

    assert response.status_code == 413
    assert response.json()["error"]["field"] == "body"
    assert "64 KB" in response.json()["error"]["message"]


def test_it_answers_413_on_the_declared_length_without_reading(
    client: Client, settings: Any
) -> None:
    # With Django's own ceiling out of the way, reading this body would fail: the test
    # client's payload refuses to be read past its two bytes.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None

    response = post(client, "{}", CONTENT_LENGTH=str(MAX_REQUEST_BYTES + 1))

    assert response.status_code == 413
    assert response.json()["error"]["field"] == "body"


def test_it_answers_413_rather_than_djangos_400_at_a_lower_ceiling(
    client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = post(client, _padded(2048))

    assert response.status_code == 413


def test_it_answers_400_for_a_length_that_is_not_a_number(client: Client) -> None:
    response = post(client, "{}", CONTENT_LENGTH="lots")

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "Content-Length"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_it_answers_415_for_a_body_that_is_not_json(client: Client, content_type: str) -> None:
    response = post(client, json.dumps(REQUEST), content_type=content_type)

    assert response.status_code == 415
    assert response.json()["error"]["field"] == "Content-Type"
    assert response.json()["error"]["value"] == content_type


def test_it_answers_415_for_a_form(client: Client) -> None:
    response = client.post(URL, {"age_months": "20"})

    assert response.status_code == 415


def test_it_accepts_json_with_a_charset(client: Client) -> None:
    response = post(client, json.dumps(REQUEST), content_type="application/json; charset=utf-8")

    assert response.status_code == 200


def test_it_only_allows_post(client: Client) -> None:
    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_it_stores_nothing(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert post(client, json.dumps(REQUEST)).status_code == 200
        assert post(client, "{").status_code == 422


def test_it_sets_no_cookie_and_needs_no_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)

    response = post(client, json.dumps(REQUEST))

    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_it_documents_the_request_and_the_answer(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    operation = document["paths"][URL]["post"]
    body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/ScreeningRequest"}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/ScreeningAnswer"}
    for status in ("400", "413", "415", "422"):
        error = operation["responses"][status]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorResponse"}

    schemas = document["components"]["schemas"]
    request_schema = schemas["ScreeningRequest"]
    assert request_schema["additionalProperties"] is False
    assert request_schema["properties"]["concerns"]["items"]["enum"] == list(get_content().concerns)
    assert set(schemas["ScreeningAnswer"]["properties"]) == {
        "age",
        "pt",
        "ot",
        "overall",
        "urgency",
        "reasons",
        "next_steps",
        "notes",
        "other_professionals",
        "check_again_at_months",
        "content_version",
    }
    assert {"ErrorResponse", "ErrorDetail"} <= set(schemas)


def test_it_documents_the_version_2_ids_and_fields(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    content = get_content()
    request_schema = schemas["ScreeningRequest"]["properties"]
    concerns = request_schema["concerns"]["items"]["enum"]
    red_flags = request_schema["red_flags"]["items"]["enum"]
    assert {"talking-understanding", "hearing-seeing", "play-relating", "uneven-back"} <= set(
        concerns
    )
    assert red_flags == list(content.red_flags)
    assert {"pain-limp-fever", "choking-with-feeds", "poor-weight-gain", "hip-signs"} <= set(
        red_flags
    )
    answer = schemas["ScreeningAnswer"]
    assert {"notes", "other_professionals", "check_again_at_months"} <= set(answer["required"])
    assert set(schemas["OtherProfessional"]["properties"]) == {"id", "because", "text", "source"}
    assert schemas["OtherProfessional"]["properties"]["id"]["enum"] == [
        "speech-language-therapy",
        "hearing-test",
        "eye-check",
        "orthopedics",
        "neurology",
        "developmental-pediatrics",
    ]
    assert set(schemas["Note"]["properties"]) == {"discipline", "finding", "text"}
    again = answer["properties"]["check_again_at_months"]
    assert {"type": "null"} in again["anyOf"]


def test_a_version_2_answer_fits_the_documented_answer(client: Client) -> None:
    request = {
        "age_months": 15,
        "concerns": ["talking-understanding", "toe-walking"],
        "red_flags": ["hip-signs"],
    }
    response = post(client, json.dumps(request))

    assert response.status_code == 200
    answer = response.json()
    ScreeningAnswer.model_validate(answer)
    assert [o["id"] for o in answer["other_professionals"]] == [
        "orthopedics",
        "speech-language-therapy",
        "hearing-test",
    ]
    assert answer["check_again_at_months"] == 18


def test_it_serves_no_docs_page_that_would_load_a_cdn(client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 404


def test_it_answers_422_for_a_number_too_long_to_read(client: Client) -> None:
    # Python refuses to read a whole number of more than 4,300 digits (a ValueError).
    response = post(client, '{"age_months": ' + "1" * 4301 + "}")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "body"
    assert error["value"] == "a number of 4301 digits"
    assert "too long to read" in error["message"]


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_answers_500_in_json_and_logs_no_body(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug

    def broken(request: Any, **options: Any) -> Any:
        raise RuntimeError(f"something about {request['note']}")

    monkeypatch.setattr("wholechild.api.screen", broken)

    response = post(client, json.dumps({**REQUEST, "note": "Mia"}))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == {"field", "value", "message", "allowed"}
    assert "went wrong on our side" in error["message"]
    assert "/api/v1/screenings" in caplog.text
    assert "RuntimeError" in caplog.text
    assert "Mia" not in caplog.text


def test_a_screening_goes_past_ninjas_dispatch_and_ninja_still_describes_it(
    client: Client,
) -> None:
    from django.urls import resolve

    from wholechild.api import screenings_door

    assert resolve(URL).func is screenings_door
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/screenings"]["post"]["operationId"] == "screen"
    for method in ("get", "put", "delete", "patch"):
        answer = getattr(client, method)(URL)
        assert answer.status_code == 405, method  # ninja's answer, as before
        assert answer["Allow"] == "POST"
