"""POST /api/v1/evaluation-requests: a clinic's own site asking for an evaluation for a family."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from tests.family.helpers import remember_existing, stored
from wholechild.api import MAX_REQUEST_BYTES
from wholechild.care import actions, intake, ratelimit
from wholechild.care.models import AuditAction, AuditEvent, RateCount, Source, Status
from wholechild.screening import screen

URL = "/api/v1/evaluation-requests"
SCREENING = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_rate_limit() -> Iterator[None]:
    remember_existing()
    ratelimit.clear()
    yield
    ratelimit.clear()


def body(**changes: Any) -> dict[str, Any]:
    sent: dict[str, Any] = {
        "screening": SCREENING,
        "parent_name": "Alex Example",
        "email": "alex@example.org",
        "phone": "",
        "child_first_name": "Mia",
        "child_birth_date": "2025-03-14",
        "preferred_language": "English",
        "best_time_to_call": "Weekday mornings",
        "consent": True,
    }
    sent.update(changes)
    return {k: v for k, v in sent.items() if v is not None}


def post(client: Client, data: Any, key: str | None = None, **extra: Any) -> Any:
    content_type = extra.pop("content_type", "application/json")
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    raw = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(URL, raw, content_type=content_type, **extra)


# --- 201 ------------------------------------------------------------------------------------


def test_a_request_is_stored_and_answers_its_reference_and_status_link(client: Client) -> None:
    response = post(client, body())

    assert response.status_code == 201
    answer = response.json()
    saved = stored().get()
    assert answer["reference"] == saved.reference
    assert answer["status_url"].startswith("http://testserver/status/")
    assert saved.source == Source.API
    assert saved.status == Status.NEW
    assert saved.history.get().to_status == Status.NEW
    assert AuditEvent.objects.filter(
        action=AuditAction.REQUEST_RECEIVED, target=saved.reference
    ).exists()


def test_the_status_link_it_answers_opens_the_familys_status_page(client: Client) -> None:
    status_url = post(client, body()).json()["status_url"]

    page = client.get(status_url.removeprefix("http://testserver"))

    assert page.status_code == 200
    assert stored().get().reference in page.content.decode()


def test_it_stores_a_snapshot_of_the_screening_the_family_saw(client: Client) -> None:
    post(client, body())

    saved = stored().get()
    answer = screen(SCREENING)
    assert saved.screening_request == SCREENING
    assert saved.screening_answer == answer
    assert saved.content_version == answer["content_version"]
    assert saved.urgency == answer["urgency"]
    assert saved.recommended == answer["overall"]


def test_the_phone_alone_is_enough_to_be_contacted(client: Client) -> None:
    response = post(client, body(email=None, phone="555 0100"))

    assert response.status_code == 201
    assert stored().get().phone == "555 0100"


def test_the_language_defaults_to_the_language_the_client_asks_in(client: Client) -> None:
    post(client, body(preferred_language=None, best_time_to_call=None), HTTP_ACCEPT_LANGUAGE="es")

    saved = stored().get()
    assert saved.preferred_language == "Español"
    assert saved.best_time_to_call == ""


def test_it_sets_no_cookie_and_forbids_caching(client: Client) -> None:
    response = post(client, body())

    assert response.status_code == 201
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_it_needs_no_csrf_token() -> None:
    response = post(Client(enforce_csrf_checks=True), body())

    assert response.status_code == 201


# --- Idempotency ----------------------------------------------------------------------------


def test_a_replay_with_the_same_key_and_body_answers_the_same_and_stores_one(
    client: Client,
) -> None:
    first = post(client, body(), key="retry-me-1")
    second = post(client, body(), key="retry-me-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert stored().count() == 1


def test_the_same_key_with_a_different_body_is_a_conflict(client: Client) -> None:
    post(client, body(), key="used-once")

    response = post(client, body(child_first_name="Leo"), key="used-once")

    assert response.status_code == 409
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert stored().count() == 1


def test_without_a_key_each_post_is_a_new_request(client: Client) -> None:
    first = post(client, body())
    second = post(client, body())

    assert first.json()["reference"] != second.json()["reference"]
    assert stored().count() == 2


def test_without_a_key_nothing_stored_is_read_before_it_is_written(client: Client) -> None:
    post(client, body())  # the first POST of a process sweeps the expired counts: not this one
    seen: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql.lstrip().upper())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        response = post(client, body(child_first_name="Leo"))

    assert response.status_code == 201
    # No key was sent, so there is no earlier send to find, and a reference drawn twice is
    # found by its unique index rather than looked for first.
    assert [sql for sql in seen if sql.startswith("SELECT")] == []
    tables = [sql.split("(")[0].split()[-1] for sql in seen if sql.startswith("INSERT")]
    assert tables[:4] == [
        '"CLINIC_EVALUATIONREQUEST"',
        '"CLINIC_RATECOUNT"',  # the count, once the request's row is in
        '"CLINIC_STATUSCHANGE"',
        '"CLINIC_AUDITEVENT"',
    ]
    assert set(tables[4:]) == {'"CLINIC_MESSAGE"', '"DJANGO_TASKS_DATABASE_DBTASKRESULT"'}


def test_a_reference_drawn_twice_is_drawn_again_and_the_post_counted_once(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = post(client, body()).json()["reference"]
    drawn = [taken, "ABCD-EFGH"]
    monkeypatch.setattr(intake, "new_reference", lambda: drawn.pop(0))

    response = post(client, body(child_first_name="Leo"), key="drawn-twice")

    assert response.status_code == 201
    assert response.json()["reference"] == "ABCD-EFGH"
    assert stored().count() == 2
    assert RateCount.objects.get().count == 2  # one for each POST, none for the second draw


def test_the_same_key_from_the_web_form_and_the_api_are_different_requests(
    client: Client,
) -> None:
    details = {k: v for k, v in body().items() if k not in ("screening", "consent")}
    actions.do_submit_request(
        details=details, screening=SCREENING, submission_key="shared-key", source=Source.WEB
    )

    response = post(client, body(), key="shared-key")

    assert response.status_code == 201
    assert stored().count() == 2


def test_a_key_longer_than_255_characters_is_refused(client: Client) -> None:
    response = post(client, body(), key="k" * 256)

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert not stored().exists()


def test_a_key_of_255_characters_is_accepted(client: Client) -> None:
    assert post(client, body(), key="k" * 255).status_code == 201


# --- 422 ------------------------------------------------------------------------------------


def errors_of(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 422, response.content
    found = response.json()
    assert found["error"] == found["errors"][0]
    for error in found["errors"]:
        assert set(error) == {"field", "value", "message", "allowed"}
    return {error["field"]: error for error in found["errors"]}


def test_without_an_email_or_a_phone_it_is_refused(client: Client) -> None:
    errors = errors_of(post(client, body(email=None, phone=None)))

    assert errors["email"]["message"] == "Enter an email address or a phone number"
    assert not stored().exists()


def test_without_consent_it_is_refused(client: Client) -> None:
    assert "consent" in errors_of(post(client, body(consent=None)))
    assert "consent" in errors_of(post(client, body(consent=False)))
    assert "consent" in errors_of(post(client, body(consent="yes")))
    assert not stored().exists()


def test_a_birth_date_in_the_future_is_refused(client: Client) -> None:
    errors = errors_of(post(client, body(child_birth_date="2999-01-01")))

    assert errors["child_birth_date"]["value"] == "2999-01-01"
    assert "in the past" in errors["child_birth_date"]["message"]


def test_a_child_of_18_or_more_is_refused(client: Client) -> None:
    errors = errors_of(post(client, body(child_birth_date="2001-01-01")))

    assert "under 18" in errors["child_birth_date"]["message"]


def test_every_problem_is_listed_not_only_the_first(client: Client) -> None:
    response = post(
        client,
        body(parent_name="", child_birth_date="14/03/2025", consent=None, nickname="x"),
    )

    assert set(errors_of(response)) == {"parent_name", "child_birth_date", "consent", "nickname"}


def test_the_engine_judges_the_screening_and_its_field_is_named_inside_it(
    client: Client,
) -> None:
    errors = errors_of(post(client, body(screening={"age_months": -3})))

    assert errors["screening.age_months"]["value"] == -3
    assert not stored().exists()


def test_a_missing_screening_is_refused(client: Client) -> None:
    assert "screening" in errors_of(post(client, body(screening=None)))


def test_details_of_the_wrong_type_are_refused(client: Client) -> None:
    errors = errors_of(post(client, body(parent_name=["Alex"], phone=555)))

    assert errors["parent_name"]["message"] == "This field must be a string."
    assert set(errors) == {"parent_name", "phone"}


def test_a_name_over_its_length_limit_is_refused(client: Client) -> None:
    errors = errors_of(post(client, body(parent_name="A" * 201)))

    assert len(errors["parent_name"]["value"]) <= 81  # shortened, never the whole of it


# --- 400, 413, 415, 429 ---------------------------------------------------------------------


def test_malformed_json_is_a_bad_request(client: Client) -> None:
    response = post(client, '{"screening": ')

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "body"


def test_a_json_list_is_a_bad_request(client: Client) -> None:
    assert post(client, "[]").status_code == 400


def test_a_body_over_64_kb_is_too_large(client: Client) -> None:
    big = body(best_time_to_call="x" * MAX_REQUEST_BYTES)

    response = post(client, big)

    assert response.status_code == 413
    assert not stored().exists()


def test_a_body_that_is_not_json_is_refused(client: Client) -> None:
    response = post(client, "parent_name=Alex", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json()["error"]["allowed"] == "application/json"


@override_settings(REQUEST_RATE_LIMIT=2)
def test_too_many_posts_from_one_address_are_refused_with_retry_after(client: Client) -> None:
    assert post(client, body()).status_code == 201
    assert post(client, body()).status_code == 201

    response = post(client, body())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert stored().count() == 2


@override_settings(REQUEST_RATE_LIMIT=1)
def test_a_retry_of_a_stored_request_is_answered_even_at_the_limit(client: Client) -> None:
    first = post(client, body(), key="5b8a1a0e-retry")
    assert first.status_code == 201
    assert post(client, body(child_first_name="Leo")).status_code == 429

    again = post(client, body(), key="5b8a1a0e-retry")

    assert again.status_code == 201
    assert again.json() == first.json()


@override_settings(REQUEST_RATE_LIMIT=1)
def test_the_limit_is_per_address(client: Client) -> None:
    assert post(client, body(), REMOTE_ADDR="192.0.2.1").status_code == 201
    assert post(client, body(), REMOTE_ADDR="192.0.2.1").status_code == 429

    assert post(client, body(), REMOTE_ADDR="192.0.2.2").status_code == 201


# --- The OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_describes_the_endpoint(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/evaluation-requests"]["post"]

    assert set(operation["responses"]) >= {"201", "400", "409", "413", "415", "422", "429"}
    assert operation["parameters"][0]["name"] == "Idempotency-Key"
    body_schema = schema["components"]["schemas"]["EvaluationRequestBody"]
    assert "screening" in body_schema["required"]
    assert "ScreeningRequest" in schema["components"]["schemas"]


def test_a_lone_surrogate_in_a_name_is_refused_not_stored(client: Client) -> None:
    # Valid JSON ("\ud800" escaped), but no database can store it.
    response = post(client, body(parent_name="Ab\ud800"))

    assert response.status_code == 422
    assert "cannot be read" in errors_of(response)["parent_name"]["message"]
    assert not stored().exists()


def test_a_number_too_long_to_read_is_a_bad_request(client: Client) -> None:
    # Python refuses to read a whole number of more than 4,300 digits.
    raw = json.dumps(body()).replace('"age_months": 20', '"age_months": ' + "1" * 4301)

    response = post(client, raw)

    assert response.status_code == 400
    assert response.json()["error"]["value"] == "a number of 4301 digits"
    assert not stored().exists()
