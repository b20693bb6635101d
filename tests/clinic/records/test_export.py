"""The record as a JSON download."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.clinic.records.helpers import url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
)

pytestmark = pytest.mark.django_db


def test_the_export_is_a_json_download_of_the_whole_record(cast: Any, as_user: Any) -> None:
    as_user(cast.pt).post(url("note", cast.family_one), {"note-text": "Seen today."})
    response = as_user(cast.pt).get(url("export", cast.family_one))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="wholechild-{cast.family_one.reference}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["reference"] == cast.family_one.reference
    assert data["child"]["first_name"] == "Mia"
    assert data["screening"]["answer"] == cast.family_one.request.screening_answer
    assert data["notes"][0]["text"] == "Seen today."
    assert data["history"][0]["to"] == "new"
    assert data["exported_by"] == "pt-user"


def test_an_export_is_audited(cast: Any, as_user: Any) -> None:
    as_user(cast.intake).get(url("export", cast.family_two))
    event = AuditEvent.objects.get(action=AuditAction.RECORD_EXPORTED)
    assert event.target == cast.family_two.reference
