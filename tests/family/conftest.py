"""Fixtures for the family's pages: a parent who has finished the check, and a clean count for
the rate limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.parents.helpers import Parent
from wholechild.care import ratelimit
from wholechild.care.models import EvaluationRequest

from .helpers import remember_existing


@pytest.fixture(autouse=True)
def clean_rate_limit(db: None) -> Iterator[None]:
    remember_existing()
    ratelimit.clear()
    yield
    ratelimit.clear()


@pytest.fixture(autouse=True)
def pages_in_english(request: pytest.FixtureRequest) -> None:
    """The cast's second family asked for Español, so their status pages are in Spanish
    (tests/i18n reads them so); these tests read them in English."""
    if "cast" in request.fixturenames:
        cast = request.getfixturevalue("cast")
        EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
            preferred_language="English"
        )


@pytest.fixture
def parent(client: Client) -> Parent:
    return Parent(client)


@pytest.fixture
def checked(parent: Parent) -> Parent:
    """A parent who has been through the check and seen the results (20 months, not walking,
    age given in years and months)."""
    parent.results(milestones={"walks-alone": "not-yet"})
    return parent


@pytest.fixture
def session(client: Client) -> Any:
    """The session as it is now."""
    return lambda: client.session
