"""The GAS T-score (care/gas.py) against figures worked by hand from Kiresuk and Sherman's
formula, with the correlation of 0.3 that Turner-Stokes' practical guide uses:

    T = 50 + 10 * sum(w * x) / sqrt(0.7 * sum(w ** 2) + 0.3 * sum(w) ** 2)

Sources: Kiresuk TJ, Sherman RE. Goal attainment scaling: a general method for evaluating
comprehensive community mental health programs. Community Ment Health J 1968;4(6):443–453.
Turner-Stokes L. Goal attainment scaling (GAS) in rehabilitation: a practical guide. Clin
Rehabil 2009;23(4):362–370 (one goal: T = 50 + 10x; every goal met as expected: 50; a
baseline of -2 on every goal: below 30 once there are several goals)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wholechild.care import gas


@pytest.mark.parametrize(("level", "expected"), [(-2, 30.0), (-1, 40.0), (0, 50.0), (2, 70.0)])
def test_one_goal_of_weight_one_scores_fifty_plus_ten_a_level(level: int, expected: float) -> None:
    # The denominator is sqrt(0.7 * 1 + 0.3 * 1) = 1.
    assert gas.t_score([(1, level)]) == pytest.approx(expected)


def test_three_unweighted_goals_at_their_baseline_score_about_22_6() -> None:
    # sum(w * x) = -6; sqrt(0.7 * 3 + 0.3 * 9) = sqrt(4.8) = 2.19089; 50 - 60 / 2.19089.
    assert gas.t_score([(1, -2)] * 3) == pytest.approx(22.61, abs=0.01)


def test_three_unweighted_goals_one_better_and_one_worse_than_expected_score_fifty() -> None:
    assert gas.t_score([(1, 1), (1, -1), (1, 0)]) == pytest.approx(50.0)


def test_weights_count_as_importance_times_difficulty_would() -> None:
    # (w 2, x -1), (w 1, x +1), (w 3, x 0): sum(w * x) = -1; sum(w ** 2) = 14; sum(w) = 6;
    # sqrt(0.7 * 14 + 0.3 * 36) = sqrt(20.6) = 4.53872; 50 - 10 / 4.53872 = 47.80.
    assert gas.t_score([(2, -1), (1, 1), (3, 0)]) == pytest.approx(47.80, abs=0.01)


def test_four_goals_each_one_level_better_than_expected_score_about_64_5() -> None:
    # sum(w * x) = 4; sqrt(0.7 * 4 + 0.3 * 16) = sqrt(7.6) = 2.75681; 50 + 40 / 2.75681.
    assert gas.t_score([(1, 1)] * 4) == pytest.approx(64.51, abs=0.01)


def test_no_goals_have_no_score() -> None:
    assert gas.t_score([]) is None
    assert gas.rounded(None) == "–"
    assert gas.rounded(47.803) == "47.8"


@given(st.lists(st.tuples(st.integers(1, 9), st.integers(-2, 2)), min_size=1, max_size=60))
def test_the_score_is_fifty_exactly_when_the_weighted_levels_balance(
    goals: list[tuple[int, int]],
) -> None:
    score = gas.t_score(goals)
    assert score is not None
    balance = sum(weight * level for weight, level in goals)
    assert (score > 50) == (balance > 0)
    assert (score < 50) == (balance < 0)
    mirrored = gas.t_score([(weight, -level) for weight, level in goals])
    assert mirrored == pytest.approx(100 - score)


@dataclass
class Goal:
    baseline_level: int = -2
    levels: list[int] = field(default_factory=list)
    state: str = "active"
    weight: int = 1

    def recorded(self) -> list[int]:
        return self.levels


def test_a_plan_scores_its_goals_at_the_start_and_at_their_latest_level() -> None:
    goals = [Goal(levels=[-1, 0]), Goal(levels=[-1]), Goal(baseline_level=-1)]

    scores = gas.plan_scores(goals)

    # Start: -2, -2, -1 = -5 / sqrt(4.8) -> 27.18; now: 0, -1, -1 = -2 / sqrt(4.8) -> 40.87.
    assert scores.baseline == pytest.approx(27.18, abs=0.01)
    assert scores.now == pytest.approx(40.87, abs=0.01)
    assert scores.change == pytest.approx(13.69, abs=0.01)
    assert scores.goals == 3


def test_a_stopped_goal_is_left_out_and_an_achieved_one_counts_as_met() -> None:
    stopped = Goal(levels=[-2], state="discontinued")
    achieved = Goal(levels=[-1], state="achieved")

    assert gas.plan_scores([stopped, Goal(levels=[0])]).now == pytest.approx(50.0)
    assert gas.is_met(achieved)
    assert gas.is_met(Goal(levels=[-1, 0]))
    assert not gas.is_met(Goal(levels=[0, -1]))
