"""Fixtures for the parent's pages: a parent with a test client, and what the session holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .helpers import Parent


@pytest.fixture(autouse=True)
def clinic_database(db: None) -> None:
    """The results and the footer's pages say who the clinic is, which the database holds (the
    questions of the check ask it nothing: tests/parents/test_privacy.py)."""


@pytest.fixture
def parent(client: Client) -> Parent:
    return Parent(client)


@pytest.fixture
def check_session(client: Client) -> Any:
    """What the session holds for the check right now."""
    return lambda: client.session.get("check")
