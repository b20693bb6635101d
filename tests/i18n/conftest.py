"""Each test here leaves English active, as Django starts: a Spanish page activates Spanish for
the thread, and a test after it that reads words outside a request would read them in Spanish."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    translation.deactivate()
