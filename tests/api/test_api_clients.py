"""`POST /api/v1/evaluation-requests` with an API client's token: Idempotency-Key is the
client's own, the rate limit is the client's and not its address's, the request is audited
with its name; a wrong token or a missing scope is refused; without a token, as before. The
OpenAPI document describes the scheme."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.api.test_evaluation_requests import body, post
from tests.fhir.helpers import api_client
from wholechild.care import actions
from wholechild.care.models import ApiScope, AuditAction, AuditEvent, EvaluationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def website() -> Any:
    return api_client("Riverside website", ApiScope.SUBMIT, limit=3)


def send(client: Client, token: str | None, key: str | None = None, **changes: Any) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return post(client, body(**changes), key, **extra)


def test_a_clients_request_is_audited_with_its_name(client: Client, website: Any) -> None:
    response = send(client, website.token, "k-1")

    assert response.status_code == 201
    reference = response.json()["reference"]
    [event] = AuditEvent.objects.filter(action=AuditAction.REQUEST_RECEIVED, target=reference)
    assert (event.actor_name, event.detail) == ("api:Riverside website", "api")
    website.client.refresh_from_db()
    assert website.client.last_used_at is not None


def test_idempotency_keys_are_each_clients_own(client: Client, website: Any) -> None:
    other = api_client("Lakeside website", ApiScope.SUBMIT)

    first = send(client, website.token, "1")
    again = send(client, website.token, "1")
    theirs = send(client, other.token, "1", parent_name="Sam Sample")
    anonymous = send(client, None, "1", parent_name="Kim Sample")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert theirs.status_code == anonymous.status_code == 201
    assert (
        len({first.json()["reference"], theirs.json()["reference"], anonymous.json()["reference"]})
        == 3
    )
    replay = AuditEvent.objects.get(action=AuditAction.API_READ)
    assert (replay.actor_name, replay.detail) == (
        "api:Riverside website",
        "evaluation-requests replay",
    )


@override_settings(REQUEST_RATE_LIMIT=1)
def test_a_client_is_limited_by_its_own_limit_not_its_address(client: Client, website: Any) -> None:
    sent = [send(client, website.token, f"k-{n}").status_code for n in range(4)]
    anonymous = [send(client, None, f"a-{n}").status_code for n in range(2)]

    assert sent == [201, 201, 201, 429]
    assert anonymous == [201, 429]  # the address's own limit, untouched by the client's sends


def test_a_wrong_or_revoked_token_is_refused_and_nothing_stored(
    client: Client, website: Any
) -> None:
    before = EvaluationRequest.objects.count()
    wrong = send(client, "wcapi_not-a-token")
    actions.do_revoke_api_client(website.client, by=None)
    revoked = send(client, website.token)

    assert wrong.status_code == revoked.status_code == 401
    assert wrong["WWW-Authenticate"] == "Bearer"
    assert wrong.json()["error"]["field"] == "Authorization"
    assert EvaluationRequest.objects.count() == before


def test_a_client_without_the_scope_may_not_send(client: Client) -> None:
    ehr = api_client("Riverside EHR", ApiScope.READ_FHIR)

    assert send(client, ehr.token).status_code == 403


def test_the_openapi_document_describes_the_token(client: Client) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)

    scheme = schema["components"]["securitySchemes"]["apiClient"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    operation = schema["paths"]["/api/v1/evaluation-requests"]["post"]
    assert operation["security"] == [{}, {"apiClient": []}]
    assert {"401", "403"} <= set(operation["responses"])
