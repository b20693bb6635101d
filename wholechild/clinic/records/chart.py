"""A goal's levels over time, drawn as a small SVG on the server: the expected line from where
the child started (on the day the goal was set) to the expected outcome, 0, on the target date,
and each level recorded as a point. The page puts a table of the same levels beside it, for
screen readers and for anyone who reads numbers better than lines. No script, no library: it
prints as it shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 320, 132
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 22
LEVELS = (2, 1, 0, -1, -2)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    level: int
    on: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    expected: tuple[float, float, float, float]
    points: list[Point]
    line: str
    squares: str
    grid: str
    zero: str
    rows: list[tuple[float, str]]
    start_label: tuple[float, str]
    end_label: tuple[float, str]
    left: int
    right: int


def _sign(level: int) -> str:
    return f"{level:+d}".replace("-", "−") if level else "0"


def chart(
    *, start: date, target: date, baseline_level: int, recorded: list[tuple[date, int]]
) -> Chart:
    """The chart of one goal: set on `start`, due on `target`, starting at `baseline_level`,
    with the (date, level) pairs recorded, oldest first."""
    last = max([target, *(on for on, _level in recorded)])
    first = min([start, *(on for on, _level in recorded)])
    span = max((last - first).days, 1)
    inner_width = WIDTH - LEFT - RIGHT
    inner_height = HEIGHT - TOP - BOTTOM

    def x(on: date) -> float:
        return round(LEFT + inner_width * (on - first).days / span, 1)

    def y(level: int) -> float:
        return round(TOP + inner_height * (2 - level) / 4, 1)

    points = [Point(x(on), y(level), level, on) for on, level in recorded]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        expected=(x(start), y(baseline_level), x(target), y(0)),
        points=points,
        line=" ".join(f"{point.x:g},{point.y:g}" for point in points),
        # Every level recorded as an 8-pixel square, in one path: a long plan's page stays small.
        squares="".join(f"M{point.x - 4:g},{point.y - 4:g}h8v8h-8z" for point in points),
        rows=[(y(level), _sign(level)) for level in LEVELS],
        grid="".join(f"M{LEFT},{y(level):g}H{WIDTH - RIGHT}" for level in LEVELS if level),
        zero=f"M{LEFT},{y(0):g}H{WIDTH - RIGHT}",
        start_label=(x(first), first.strftime("%b %Y")),
        end_label=(x(last), last.strftime("%b %Y")),
        left=LEFT,
        right=WIDTH - RIGHT,
    )
