"""A goal in family one's plan, made by the action, for the goal action tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.care.helpers import with_plan
from wholechild.care import actions
from wholechild.care.models import Discipline, Goal


def pt_goal(cast: Any) -> Goal:
    evaluation = with_plan(cast.family_one, cast.pt)
    return actions.do_add_goal(
        evaluation,
        discipline=Discipline.PT,
        text="Walks ten steps alone",
        baseline="Two steps holding a hand",
        measure="Steps, best of three",
        target_date=date(2027, 3, 31),
        by=cast.pt,
    )
