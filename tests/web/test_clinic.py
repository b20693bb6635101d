"""Who the clinic is, for the family's pages: what the administrator set, or the environment's
first values, and never an error page when the database cannot say."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from wholechild.care.models import ClinicSettings
from wholechild.web import clinic


@pytest.mark.django_db
def test_it_is_what_the_administrator_set():
    ClinicSettings.objects.create(pk=1, name="Brightside", phone="555 0100")
    found = clinic.clinic_settings()
    assert (found.name, found.phone) == ("Brightside", "555 0100")


@pytest.mark.django_db
def test_before_anything_is_set_it_is_the_environments_and_nothing_is_written(settings: Any):
    settings.CLINIC_NAME = "Env Clinic"
    settings.CLINIC_PHONE = "555 0199"
    found = clinic.clinic_settings()
    assert (found.name, found.phone) == ("Env Clinic", "555 0199")
    assert not ClinicSettings.objects.exists()


def test_a_database_that_cannot_answer_gives_the_environments(monkeypatch: Any, settings: Any):
    settings.CLINIC_NAME = "Env Clinic"

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("down")

    monkeypatch.setattr(ClinicSettings.objects, "filter", broken)
    assert clinic.clinic_settings().name == "Env Clinic"


def test_the_context_processor_reads_nothing_until_a_page_uses_it(monkeypatch: Any):
    calls: list[int] = []
    monkeypatch.setattr(
        clinic, "clinic_settings", lambda: calls.append(1) or ClinicSettings(name="X")
    )
    context = clinic.clinic(RequestFactory().get("/"))
    assert calls == []
    assert context["clinic"].name == "X"
    assert calls == [1]
