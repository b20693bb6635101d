"""The administrator's API clients: create one and see its token once, list them, revoke one;
administrators only (tests/clinic/test_access.py has the door)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.fhir.helpers import api_client
from wholechild.care import intake
from wholechild.care.models import ApiClient, ApiScope, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

NEW = {"name": "Riverside EHR", "may_read_fhir": "on", "may_screen": "on", "rate_limit": "200"}


def test_an_administrator_creates_a_client_and_sees_its_token_once(cast: Any, as_user: Any) -> None:
    admin = as_user(cast.admin)

    response = admin.post(reverse("clinic:api_client_new"), NEW, follow=True)

    client = ApiClient.objects.get()
    assert (client.scopes, client.rate_limit) == (["read-fhir", "screen"], 200)
    page = response.content.decode()
    [token] = [
        w for w in page.replace("<", " ").replace(">", " ").split() if w.startswith("wcapi_")
    ]
    assert intake.hash_token(token) == client.token_hash
    again = admin.get(reverse("clinic:api_client", args=[client.pk])).content.decode()
    assert token not in again
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter a name for the client"),
        ({"may_read_fhir": "", "may_screen": ""}, "Choose at least one thing the client may do"),
        ({"rate_limit": "0"}, "Allow at least 1 call an hour"),
        ({"name": "Bad <name>"}, "Use letters, numbers"),
    ],
)
def test_a_client_needs_a_name_a_scope_and_a_limit(
    cast: Any, as_user: Any, change: dict[str, str], message: str
) -> None:
    response = as_user(cast.admin).post(reverse("clinic:api_client_new"), {**NEW, **change})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_two_clients_cannot_share_a_name(cast: Any, as_user: Any) -> None:
    api_client("riverside ehr", ApiScope.READ_FHIR)

    response = as_user(cast.admin).post(reverse("clinic:api_client_new"), NEW)

    assert "There is already a client with that name" in response.content.decode()


def test_the_list_shows_each_client_and_whether_its_token_works(cast: Any, as_user: Any) -> None:
    api_client("Riverside EHR", ApiScope.READ_FHIR)

    page = as_user(cast.admin).get(reverse("clinic:api_clients")).content.decode()

    assert "Riverside EHR" in page
    assert "Works" in page
    assert AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEWED, detail="api clients").exists()


def test_an_administrator_revokes_a_client(cast: Any, as_user: Any) -> None:
    created = api_client("Riverside EHR", ApiScope.READ_FHIR)

    response = as_user(cast.admin).post(
        reverse("clinic:api_client_revoke", args=[created.client.pk]), follow=True
    )

    created.client.refresh_from_db()
    assert created.client.revoked_at is not None
    assert "no longer opens the API" in response.content.decode()
    assert "Revoke this client" not in response.content.decode()
