"""The plan tests' plan: family one's, started by the PT (family one is evaluated)."""

from __future__ import annotations

from typing import Any

import pytest

from wholechild.care.models import (
    Plan,
)


@pytest.fixture
def plan(cast: Any) -> Plan:
    return Plan.objects.create(request=cast.family_one.request, created_by=cast.pt)
