"""A goal's chart (clinic/records/chart.py): the expected line runs from where the child started,
on the day the goal was set, to 0 on the target date; each level recorded is a square there."""

from __future__ import annotations

from datetime import date

from wholechild.clinic.records.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, chart


def test_the_expected_line_runs_from_the_start_level_to_zero_on_the_target_date() -> None:
    drawn = chart(start=date(2027, 1, 1), target=date(2027, 3, 1), baseline_level=-2, recorded=[])

    x1, y1, x2, y2 = drawn.expected
    assert (x1, x2) == (LEFT, WIDTH - RIGHT)
    assert y1 == HEIGHT - BOTTOM  # -2, at the bottom
    assert y2 == TOP + (HEIGHT - TOP - BOTTOM) / 2  # 0, in the middle
    assert drawn.squares == ""


def test_each_level_is_a_square_at_its_date_and_level() -> None:
    drawn = chart(
        start=date(2027, 1, 1),
        target=date(2027, 1, 11),
        baseline_level=-2,
        recorded=[(date(2027, 1, 6), 2)],
    )

    (point,) = drawn.points
    assert point.x == LEFT + (WIDTH - LEFT - RIGHT) / 2  # halfway through the ten days
    assert point.y == TOP  # +2, at the top
    assert drawn.squares == f"M{point.x - 4:g},{point.y - 4:g}h8v8h-8z"
    assert [label for _y, label in drawn.rows] == ["+2", "+1", "0", "−1", "−2"]


def test_a_level_recorded_after_the_target_date_widens_the_chart() -> None:
    drawn = chart(
        start=date(2027, 1, 1),
        target=date(2027, 1, 11),
        baseline_level=-1,
        recorded=[(date(2027, 1, 21), 0)],
    )

    assert drawn.points[0].x == WIDTH - RIGHT
    assert drawn.expected[2] == LEFT + (WIDTH - LEFT - RIGHT) / 2
