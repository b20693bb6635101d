"""Staff download a child's record as a FHIR Bundle for the clinic's EHR: audited, never
cached, and only for a record they may see."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_it_downloads_the_records_bundle(cast: Any, as_user: Any) -> None:
    response = as_user(cast.pt).get(reverse("clinic:export_fhir", args=[cast.family_one.reference]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="wholechild-{cast.family_one.reference}.fhir.json"'
    )
    assert "no-store" in response["Cache-Control"]
    bundle = json.loads(response.content)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")


def test_it_is_audited_as_an_export(cast: Any, as_user: Any) -> None:
    as_user(cast.intake).get(reverse("clinic:export_fhir", args=[cast.family_two.reference]))

    [event] = AuditEvent.objects.filter(action=AuditAction.RECORD_EXPORTED)
    assert (event.actor_id, event.target, event.detail) == (
        cast.intake.pk,
        cast.family_two.reference,
        "FHIR",
    )


def test_the_record_links_to_it(cast: Any, as_user: Any) -> None:
    page = as_user(cast.intake).get(reverse("clinic:record", args=[cast.family_one.reference]))

    assert reverse("clinic:export_fhir", args=[cast.family_one.reference]) in page.content.decode()
