"""A goal's chart (clinic/records/chart.py): the expected line runs from where the child started,
on the day the goal was set, to 0 on the target date; each level recorded is a square there,
and the SVG says all of it, named for a screen reader."""

from __future__ import annotations

import re
from datetime import date

from wholechild.clinic.records.chart import BOTTOM, HEIGHT, LEFT, RIGHT, ROWS, TOP, WIDTH, chart


def test_the_expected_line_runs_from_the_start_level_to_zero_on_the_target_date() -> None:
    drawn = chart(start=date(2027, 1, 1), target=date(2027, 3, 1), baseline_level=-2, recorded=[])

    x1, y1, x2, y2 = drawn.expected
    assert (x1, x2) == (LEFT, WIDTH - RIGHT)
    assert y1 == HEIGHT - BOTTOM  # -2, at the bottom
    assert y2 == TOP + (HEIGHT - TOP - BOTTOM) / 2  # 0, in the middle
    assert drawn.line == drawn.squares == ""


def test_each_level_is_a_square_at_its_date_and_level() -> None:
    drawn = chart(
        start=date(2027, 1, 1),
        target=date(2027, 1, 11),
        baseline_level=-2,
        recorded=[(date(2027, 1, 1), -1), (date(2027, 1, 6), 2)],
    )

    middle = LEFT + (WIDTH - LEFT - RIGHT) / 2  # halfway through the ten days
    below = TOP + (HEIGHT - TOP - BOTTOM) * 3 / 4  # -1
    assert drawn.line == f"{LEFT:g},{below:g} {middle:g},{TOP:g}"  # +2, at the top
    assert drawn.squares == (
        f"M{LEFT - 4:g},{below - 4:g}h8v8h-8zM{middle - 4:g},{TOP - 4:g}h8v8h-8z"
    )
    assert [label for _y, label in ROWS] == ["+2", "+1", "0", "−1", "−2"]


def test_a_level_recorded_after_the_target_date_widens_the_chart() -> None:
    drawn = chart(
        start=date(2027, 1, 1),
        target=date(2027, 1, 11),
        baseline_level=-1,
        recorded=[(date(2027, 1, 21), 0)],
    )

    assert drawn.line == f"{WIDTH - RIGHT:g},{TOP + (HEIGHT - TOP - BOTTOM) / 2:g}"
    assert drawn.expected[2] == LEFT + (WIDTH - LEFT - RIGHT) / 2
    assert drawn.end_label == (WIDTH - RIGHT, "Jan 2027")


def test_the_svg_draws_the_grid_the_labels_the_line_and_the_squares() -> None:
    drawn = chart(
        start=date(2027, 1, 1),
        target=date(2027, 3, 1),
        baseline_level=-2,
        recorded=[(date(2027, 1, 15), -1), (date(2027, 2, 1), 0)],
    )

    svg = drawn.svg(title_id="goal-7-chart", title="Levels over time for: Walks alone.")

    assert svg.startswith('<svg class="goal-chart__svg" viewBox="0 0 320 132" role="img"')
    assert 'aria-labelledby="goal-7-chart"' in svg
    assert '<title id="goal-7-chart">Levels over time for: Walks alone.</title>' in svg
    assert re.findall(r'<text x="24" y="[\d.]+">([^<]+)</text>', svg) == [
        "+2",
        "+1",
        "0",
        "−1",
        "−2",
    ]
    x1, y1, x2, y2 = drawn.expected
    assert f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="goal-chart__expected"/>' in svg
    assert f'<polyline points="{drawn.line}" class="goal-chart__line"/>' in svg
    assert f'<path d="{drawn.squares}" class="goal-chart__point"/>' in svg
    assert drawn.squares.count("h8v8h-8z") == 2
    assert ">Jan 2027</text>" in svg
    assert 'text-anchor="end">Mar 2027</text>' in svg


def test_with_no_level_the_svg_has_no_line_or_squares() -> None:
    drawn = chart(start=date(2027, 1, 1), target=date(2027, 3, 1), baseline_level=-1, recorded=[])

    svg = drawn.svg(title_id="goal-7-chart", title="Levels")

    assert "polyline" not in svg
    assert "goal-chart__point" not in svg
    assert "goal-chart__expected" in svg


def test_the_title_is_escaped() -> None:
    drawn = chart(start=date(2027, 1, 1), target=date(2027, 3, 1), baseline_level=-2, recorded=[])

    svg = drawn.svg(title_id='goal-"7"', title='Uses <b>both</b> hands & "says" it\'s done')

    assert "<b>" not in svg
    assert "Uses &lt;b&gt;both&lt;/b&gt; hands &amp; &quot;says&quot; it&#x27;s done" in svg
    assert 'id="goal-&quot;7&quot;"' in svg
