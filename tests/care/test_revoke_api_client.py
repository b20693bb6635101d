"""An administrator revokes an API client: its token stops opening the API at once, the row
stays for the audit log's sake, and revoking twice changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fhir.helpers import api_client
from wholechild.care import actions, api_clients
from wholechild.care.models import ApiScope, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_works(cast: Any, rf: Any) -> None:
    created = api_client("Riverside EHR", ApiScope.READ_FHIR)

    assert actions.do_revoke_api_client(created.client, by=cast.admin) is True

    created.client.refresh_from_db()
    assert created.client.revoked_at is not None
    assert not created.client.may(ApiScope.READ_FHIR)
    request = rf.get("/", HTTP_AUTHORIZATION=f"Bearer {created.token}")
    assert api_clients.caller(request) == api_clients.Caller(None, refused=True)


def test_it_is_audited_once(cast: Any) -> None:
    created = api_client("Riverside EHR", ApiScope.READ_FHIR)

    actions.do_revoke_api_client(created.client, by=cast.admin)
    assert actions.do_revoke_api_client(created.client, by=cast.admin) is False

    events = AuditEvent.objects.filter(action=AuditAction.API_CLIENT_CHANGED, detail="revoked")
    assert [(e.actor_id, e.target) for e in events] == [(cast.admin.pk, "Riverside EHR")]
