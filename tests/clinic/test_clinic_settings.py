"""The clinic's own settings: its name and contact details, and how soon to reach a family,
changed by the administrator on the Settings page and audited by field, never by value."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wholechild.care.models import AuditAction, AuditEvent, ClinicSettings

pytestmark = pytest.mark.django_db
SETTINGS = reverse("clinic:settings")


def body(**changes: str) -> dict[str, str]:
    values = {
        "name": "Riverside Pediatric Therapy",
        "phone": "555 0199",
        "email": "hello@riverside.example",
        "address": "12 Main Street\nSpringfield",
        "opening_hours": "Monday to Friday, 8am to 5pm",
        "website": "https://riverside.example",
        "reach_urgent_within_days": "1",
        "reach_soon_within_days": "3",
        "reach_routine_within_days": "10",
    }
    values.update(changes)
    return values


def test_the_first_settings_come_from_the_environment(settings: Any) -> None:
    settings.CLINIC_NAME = "Hillside Clinic"
    settings.CLINIC_PHONE = "555 0101"
    clinic = ClinicSettings.current()
    assert (clinic.name, clinic.phone, clinic.reach_soon_within_days) == (
        "Hillside Clinic",
        "555 0101",
        3,
    )


def test_the_administrator_changes_them_and_the_change_is_audited_by_field(
    cast: Any, as_user: Any
) -> None:
    ClinicSettings.current()
    response = as_user(cast.admin).post(SETTINGS, body(reach_soon_within_days="2"))

    assert response["Location"] == SETTINGS
    clinic = ClinicSettings.current()
    assert (clinic.name, clinic.reach_soon_within_days) == ("Riverside Pediatric Therapy", 2)
    assert clinic.reach_within_days("soon") == 2 and clinic.reach_within_days("routine") == 10
    event = AuditEvent.objects.get(action=AuditAction.SETTINGS_CHANGED)
    assert event.actor_id == cast.admin.pk
    assert "name" in event.detail and "reach_soon_within_days" in event.detail
    assert "Riverside" not in event.detail


def test_a_clinic_with_no_way_to_reach_it_is_refused(cast: Any, as_user: Any) -> None:
    response = as_user(cast.admin).post(SETTINGS, body(phone="", email=""))

    assert response.status_code == 200
    assert "Enter a phone number or an email" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SETTINGS_CHANGED).exists()


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_only_the_administrator_changes_them(cast: Any, as_user: Any, who: str) -> None:
    response = as_user(getattr(cast, who)).post(SETTINGS, body(name="Not Allowed"))
    assert response.status_code == 403
    assert ClinicSettings.current().name != "Not Allowed"
