"""A goal's levels over time, drawn as a small SVG on the server: the expected line from where
the child started (on the day the goal was set) to the expected outcome, 0, on the target date,
and each level recorded as a point. The page puts a table of the same levels beside it, for
screen readers and for anyone who reads numbers better than lines. No script, no library: it
prints as it shows.

The SVG is written here, numbers and all, rather than in a template: a plan of sixty goals
draws sixty charts, and a template printed each of their numbers through Django's number
formatting (thousands of calls a page). What every chart shares, the grid and the levels'
labels, is written once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 320, 132
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 22
LEVELS = (2, 1, 0, -1, -2)
INNER_WIDTH, INNER_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def _sign(level: int) -> str:
    return f"{level:+d}".replace("-", "−") if level else "0"


def _y(level: int) -> float:
    return round(TOP + INNER_HEIGHT * (2 - level) / 4, 1)


# What every chart shares: where each level is drawn (and its square's top, as the SVG writes
# them), the grid, and the levels' labels.
_Y = {level: _y(level) for level in LEVELS}
_Y_TEXT = {level: (f"{y:g}", f"{y - 4:g}") for level, y in _Y.items()}
ROWS = [(_Y[level], _sign(level)) for level in LEVELS]
GRID = "".join(f"M{LEFT},{_Y[level]:g}H{WIDTH - RIGHT}" for level in LEVELS if level)
ZERO = f"M{LEFT},{_Y[0]:g}H{WIDTH - RIGHT}"
_FRAME = (
    f'<path d="{GRID}" class="goal-chart__grid"/>'
    f'<path d="{ZERO}" class="goal-chart__grid goal-chart__grid--zero"/>\n'
    '    <g class="goal-chart__axis" text-anchor="end" dominant-baseline="middle">'
    + "".join(f'<text x="{LEFT - 6}" y="{y}">{label}</text>' for y, label in ROWS)
    + "</g>"
)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    expected: tuple[float, float, float, float]
    # The polyline's points through the levels recorded, and every level as an 8-pixel square,
    # in one path: a long plan's page stays small.
    line: str
    squares: str
    start_label: tuple[float, str]
    end_label: tuple[float, str]

    def svg(self, *, title_id: str, title: str) -> SafeString:
        """The chart as an SVG image named by `title` (its `<title>`, with id `title_id`). The
        words are escaped; the rest is numbers."""
        x1, y1, x2, y2 = self.expected
        (start_x, start), (end_x, end) = self.start_label, self.end_label
        named = escape(title_id)
        line = squares = ""
        if self.line:
            line = f'<polyline points="{self.line}" class="goal-chart__line"/>'
            squares = f'<path d="{self.squares}" class="goal-chart__point"/>'
        return mark_safe(  # noqa: S308 (the words escaped, the rest numbers)
            f'<svg class="goal-chart__svg" viewBox="0 0 {self.width} {self.height}" role="img"'
            f' aria-labelledby="{named}" focusable="false">\n'
            f'    <title id="{named}">{escape(title)}</title>\n'
            f"    {_FRAME}\n"
            f'    <line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="goal-chart__expected"/>\n'
            f"    {line}\n"
            f"    {squares}\n"
            f'    <text x="{start_x}" y="{self.height - 4}" class="goal-chart__axis">'
            f"{escape(start)}</text>\n"
            f'    <text x="{end_x}" y="{self.height - 4}" class="goal-chart__axis"'
            f' text-anchor="end">{escape(end)}</text>\n'
            "  </svg>"
        )


def chart(
    *, start: date, target: date, baseline_level: int, recorded: list[tuple[date, int]]
) -> Chart:
    """The chart of one goal: set on `start`, due on `target`, starting at `baseline_level`,
    with the (date, level) pairs recorded, oldest first (so the first and the last are the
    chart's ends, unless the start or the target date is beyond them)."""
    first = min(start, recorded[0][0]) if recorded else start
    last = max(target, recorded[-1][0]) if recorded else target
    span = max((last - first).days, 1)

    def x(on: date) -> float:
        return round(LEFT + INNER_WIDTH * (on - first).days / span, 1)

    line, squares = [], []
    for on, level in recorded:
        at, (y, top) = x(on), _Y_TEXT[level]
        line.append(f"{at:g},{y}")
        squares.append(f"M{at - 4:g},{top}h8v8h-8z")
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        expected=(x(start), _Y[baseline_level], x(target), _Y[0]),
        line=" ".join(line),
        squares="".join(squares),
        start_label=(x(first), first.strftime("%b %Y")),
        end_label=(x(last), last.strftime("%b %Y")),
    )
