"""Goal Attainment Scaling's T-score: how a set of goals went, as one number.

Kiresuk and Sherman's formula (1968), as Turner-Stokes' practical guide (2009) gives it:

    T = 50 + 10 * sum(w * x) / sqrt((1 - rho) * sum(w ** 2) + rho * sum(w) ** 2)

where x is each goal's level (-2 to +2), w its weight (here importance times difficulty, 1 by
default) and rho the correlation assumed between the goals' levels, 0.3 by convention. 50 is
every goal met as expected; about 10 either side is one level better or worse across the board.
Plain Python: no Django, so the tests check it against worked figures on its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

RHO = 0.3


def t_score(goals: Iterable[tuple[int, int]]) -> float | None:
    """The T-score of goals given as (weight, level) pairs; None for no goals (or no weight),
    since no number describes nothing."""
    pairs = [(weight, level) for weight, level in goals if weight > 0]
    if not pairs:
        return None
    weighted = sum(weight * level for weight, level in pairs)
    squares = sum(weight * weight for weight, _level in pairs)
    total = sum(weight for weight, _level in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - RHO) * squares + RHO * total * total)


def rounded(score: float | None) -> str:
    """A T-score as staff read it: one decimal, or a dash for none."""
    return "–" if score is None else f"{score:.1f}"


class Levelled(Protocol):
    """What the T-scores need of a goal: its weight, its state, where it started and the
    levels recorded since, oldest first (`Goal`, with its progress prefetched)."""

    @property
    def weight(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def baseline_level(self) -> int: ...

    def recorded(self) -> Sequence[int]: ...


@dataclass(frozen=True)
class Scores:
    """A set of goals' T-score at the start and now, and how many goals it counts."""

    baseline: float | None
    now: float | None
    goals: int

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.now is None:
            return None
        return self.now - self.baseline


def latest(goal: Levelled) -> int:
    """The level a goal is at now: the last recorded, or where it started."""
    recorded = goal.recorded()
    return recorded[-1] if recorded else goal.baseline_level


def is_met(goal: Levelled) -> bool:
    """Met: marked achieved, or at the expected level (0) or better."""
    return goal.state == "achieved" or latest(goal) >= 0


def plan_scores(goals: Iterable[Levelled]) -> Scores:
    """The T-score of goals at the start (each at its baseline level) and now (each at its
    latest level). Goals stopped ("discontinued") are left out: their levels say nothing of
    how the therapy went, and the plan says they were stopped."""
    counted = [goal for goal in goals if goal.state != "discontinued"]
    return Scores(
        baseline=t_score((goal.weight, goal.baseline_level) for goal in counted),
        now=t_score((goal.weight, latest(goal)) for goal in counted),
        goals=len(counted),
    )
