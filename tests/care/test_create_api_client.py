"""An administrator creates an API client: its token is returned once and only its hash kept,
and the creation is audited with its scopes, never the token."""

from __future__ import annotations

from typing import Any

import pytest

from wholechild.care import actions, api_clients, intake
from wholechild.care.models import ApiClient, ApiScope, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_works(cast: Any) -> None:
    created = actions.do_create_api_client(
        name="Riverside EHR",
        scopes=[ApiScope.SCREEN, ApiScope.READ_FHIR],
        rate_limit=500,
        by=cast.admin,
        address="192.0.2.1",
    )

    client = ApiClient.objects.get()
    assert client == created.client
    assert (client.name, client.scopes, client.rate_limit) == (
        "Riverside EHR",
        ["read-fhir", "screen"],
        500,
    )
    assert client.may(ApiScope.SCREEN) and not client.may(ApiScope.SUBMIT)
    assert created.token.startswith("wcapi_") and len(created.token) > 40


def test_only_the_tokens_hash_is_kept(cast: Any) -> None:
    created = actions.do_create_api_client(
        name="Riverside EHR", scopes=[ApiScope.READ_FHIR], rate_limit=5, by=cast.admin
    )

    assert created.client.token_hash == intake.hash_token(created.token)
    stored = ApiClient.objects.filter(pk=created.client.pk).values().get()
    assert created.token not in str(stored)


def test_it_is_audited_without_the_token(cast: Any) -> None:
    created = actions.do_create_api_client(
        name="Riverside EHR", scopes=[ApiScope.READ_FHIR], rate_limit=5, by=cast.admin
    )

    [event] = AuditEvent.objects.filter(action=AuditAction.API_CLIENT_CHANGED)
    assert (event.actor_id, event.target, event.detail) == (
        cast.admin.pk,
        "Riverside EHR",
        "created: read-fhir; 5 an hour",
    )
    assert created.token not in event.detail


def test_its_token_names_it(cast: Any, rf: Any) -> None:
    created = actions.do_create_api_client(
        name="Riverside EHR", scopes=[ApiScope.READ_FHIR], rate_limit=5, by=cast.admin
    )
    request = rf.get("/", HTTP_AUTHORIZATION=f"Bearer {created.token}")

    assert api_clients.caller(request).client == created.client
    assert api_clients.caller(rf.get("/")) == api_clients.Caller(None)
    assert api_clients.caller(rf.get("/", HTTP_AUTHORIZATION="Basic abc")).refused
