"""Recording a goal's progress as a GAS score from −2 to +2."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.clinic.records.helpers import add_goal, plan_url, record_progress
from wholechild.care.models import (
    Discipline,
    Plan,
    ProgressEntry,
)

pytestmark = pytest.mark.django_db


def test_progress_is_recorded_with_its_gas_score_in_words(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = add_goal(plan, Discipline.OT, "Feeds self with a spoon", cast.ot)
    client = as_user(cast.ot)
    response = record_progress(client, cast.family_one, goal, "-1", "Needs hand over hand")
    assert response.status_code == 302

    entry = ProgressEntry.objects.get()
    assert (entry.gas_score, entry.note, entry.by) == (-1, "Needs hand over hand", cast.ot)
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()
    assert "−1: Somewhat less than expected" in page
    assert "Needs hand over hand" in page
    assert "OT," in page  # who


@pytest.mark.parametrize("score", ["3", "-3", "1.5", "lots", ""])
def test_a_gas_score_outside_minus_two_to_plus_two_is_refused(
    cast: Any, as_user: Any, plan: Plan, score: str
) -> None:
    goal = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    response = record_progress(as_user(cast.pt), cast.family_one, goal, score)
    assert response.status_code == 200
    assert re.search(r"Choose a GAS score", response.content.decode())
    assert not ProgressEntry.objects.exists()
