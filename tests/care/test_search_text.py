"""A request's search text: what the inbox's search finds it by, kept with it by every save
(wholechild.care.search), and filled in for the requests stored before it existed."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from tests.care.helpers import fresh
from wholechild.care import actions
from wholechild.care.models import EvaluationRequest

pytestmark = pytest.mark.django_db

FILL = importlib.import_module("wholechild.care.migrations.0011_inbox_search").fill_search_text


def test_a_request_is_stored_with_the_text_it_is_found_by(cast: Any) -> None:
    stored = fresh(cast.family_two)
    reference = stored.reference.replace("-", "").lower()
    # The phone's digits first, then the reference without its dash, the names and the email.
    assert stored.search_text == f"5550100\n{reference}\nsam sample\nleo\n"


def test_the_text_is_without_case_or_accents(cast: Any) -> None:
    stored = fresh(cast.family_one)
    stored.parent_name = "José ÁLVAREZ-Núñez"
    stored.email = "Jose@Example.ORG"
    stored.save()
    assert "jose alvarez-nunez\nmia\njose@example.org" in fresh(cast.family_one).search_text


def test_saving_only_the_phone_writes_the_search_text_too(cast: Any) -> None:
    stored = fresh(cast.family_two)
    stored.phone = "+1 (212) 555-0199"
    stored.save(update_fields=["phone"])
    assert fresh(cast.family_two).search_text.startswith("12125550199\n")


def test_withdrawing_leaves_only_the_reference_in_the_search_text(cast: Any) -> None:
    assert actions.do_withdraw(fresh(cast.family_two)) is True
    stored = fresh(cast.family_two)
    assert stored.search_text == f"\n{stored.reference.replace('-', '').lower()}\n\n\n"


def test_the_migration_fills_in_the_search_text_of_every_request(cast: Any) -> None:
    before = {row.pk: row.search_text for row in EvaluationRequest.objects.all()}
    EvaluationRequest.objects.update(search_text="")
    FILL(apps, None)
    assert {row.pk: row.search_text for row in EvaluationRequest.objects.all()} == before
    assert all(before.values())
