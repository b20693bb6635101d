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


@pytest.mark.django_db
def test_it_is_read_once_for_a_few_seconds_and_again_at_once_after_a_save(
    django_assert_num_queries: Any,
) -> None:
    ClinicSettings.objects.create(pk=1, name="Brightside")
    clinic.clinic_settings()
    with django_assert_num_queries(0):
        assert clinic.clinic_settings().name == "Brightside"

    ClinicSettings.objects.filter(pk=1).update(name="Elsewhere")  # another process's change
    assert clinic.clinic_settings().name == "Brightside"  # seen once the seconds are up
    saved = ClinicSettings.objects.get(pk=1)
    saved.save()  # this process's save
    assert clinic.clinic_settings().name == "Elsewhere"


@pytest.mark.django_db
def test_with_no_seconds_it_is_read_every_time(settings: Any, django_assert_num_queries: Any):
    settings.CLINIC_SETTINGS_SECONDS = 0
    clinic.clinic_settings()
    with django_assert_num_queries(1):
        clinic.clinic_settings()


def test_a_database_that_could_not_answer_is_asked_again_next_time(
    monkeypatch: Any, settings: Any
) -> None:
    settings.CLINIC_NAME = "Env Clinic"
    calls: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise DatabaseError("down")

    monkeypatch.setattr(ClinicSettings.objects, "filter", broken)
    clinic.clinic_settings()
    clinic.clinic_settings()
    assert calls == [1, 1]
