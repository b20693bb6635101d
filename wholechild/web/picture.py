"""The milestone picture: the milestones asked, the ages children do them, and the child's age.

Drawn on the server as one SVG in the page (components/milestone_picture.html): no charting
library and no script. For each milestone asked, a row with the parent's answer (by shape and by
word, never by colour alone), the CDC age by which most children (75%) do it, as a diamond, and
for the six WHO motor milestones the window in which almost all children (1st to 99th
percentile) first do it, as a band. The child's age crosses every row as a solid line, and the
corrected age, where it applies, as a dashed one. A table says the same for screen readers.

Everything is placed here, in the SVG's own units, so the template only writes it out. The
picture is 320 units wide, the width of the smallest phone, and scales with the page; its
labels are wrapped to that width here, as SVG text does not wrap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from wholechild.screening import describe_age
from wholechild.screening.content import Milestone

from .language import page_language
from .words import ANSWER_WORDS

WIDTH = 320
AXIS_LEFT, AXIS_RIGHT = 14, WIDTH - 14
LABEL_X = 26  # the label starts after the answer's shape
LINE = 16  # the height of a line of label
LABEL_CHARACTERS = 35  # what fits in a line at 14 units, for a wide system font
TRACK = 16  # the height of the row's line of ages
GAP = 6  # between rows
CDC_LABEL = 12  # the room under a "not yet" row's line for "most by 18 mo"
HEADER_LINE = 15


def _wrap(words: str, width: int, first_taken: int = 0) -> list[str]:
    """Lines of at most `width` characters, the first shorter by `first_taken`."""
    lines: list[str] = []
    current = ""
    room = width - first_taken
    for word in words.split():
        candidate = f"{current} {word}".strip()
        if current and len(candidate) > room:
            lines.append(current)
            current, room = word, width
        else:
            current = candidate
    lines.append(current)
    return lines


def _age_words(months: float) -> str:
    """The child's age beside its line: to one decimal under 2 years, as the rules judged it
    ("6.7 months"), and in the engine's words from then ("2 years and 5 months")."""
    if months >= 24:
        return describe_age(months, page_language())
    return _("%(n)s months") % {"n": f"{months:.1f}".removesuffix(".0")}


def _short_age(months: float) -> str:
    """An age as a tick or a diamond says it, in few characters: "18 mo", "3 yr"."""
    if months < 24:
        return _("%(n)s mo") % {"n": f"{months:g}"}
    years = months / 12
    return _("%(n)s yr") % {"n": f"{years:g}" if years != int(years) else f"{int(years)}"}


class _Scale:
    """Months to the SVG's x, over ticks that read well for the ages in the picture."""

    def __init__(self, values: Iterable[float]) -> None:
        found = list(values)
        high = max(found)
        self.step = 3 if high <= 12 else 6 if high <= 36 else 12
        self.high = math.ceil((high + self.step * 0.25) / self.step) * self.step
        low = min(found)
        self.low = 0 if high <= 36 else max(0, math.floor(low / self.step) * self.step - self.step)
        self.in_years = self.high > 36

    def x(self, months: float) -> float:
        share = (months - self.low) / (self.high - self.low)
        return round(AXIS_LEFT + share * (AXIS_RIGHT - AXIS_LEFT), 1)


def _beside(x: float, words: str) -> tuple[str, float]:
    """Where a label goes beside the line at `x`: after it if it fits, before it if that fits,
    or else as far right as it can while staying in the picture."""
    width = len(words) * 7.2  # 12 units of a wide system font, in bold
    if x + 4 + width <= WIDTH - 2:
        return "start", x + 4
    if x - 4 - width >= 2:
        return "end", x - 4
    return "end", WIDTH - 2


def _text_width(text: str, word: str = "") -> float:
    """About how wide a line of label is, in the picture's units (14-unit text, and the answer
    before it in bold), on the wide side so that its white box covers it."""
    width = 2 + len(text) * 7.4 + (len(word) + 2) * 8.4 if word else 2 + len(text) * 7.4
    return min(width, WIDTH - 26)


def _n(value: float) -> str:
    """A coordinate as the SVG says it: never localized (a Spanish page would write 12,5)."""
    return f"{value:.1f}".removesuffix(".0")


def milestone_picture(
    answered: Iterable[tuple[Milestone, str]], age: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The picture's parts, every coordinate worked out, or None when no milestone was asked
    (under 2 months, and from 6 years).

    `answered`: each milestone asked with the parent's answer ("yes", "not-yet", "unsure"), in
    the order asked; `age`: the answer's `age` (chronological and corrected months).

    The shapes of all the rows are gathered into a few paths (the tracks, the WHO windows, the
    CDC diamonds, the white boxes behind the words), which keeps the page small; each row
    keeps its words and its answer's shape (a symbol of the SVG)."""
    rows_in = list(answered)
    if not rows_in:
        return None
    chronological = float(age["chronological_months"])
    corrected = age.get("corrected_months")
    ages = [(chronological, False)]
    if corrected is not None:
        ages.append((float(corrected), True))
    values = [months for months, _dashed in ages]
    for milestone, _answer in rows_in:
        if milestone.cdc_months is not None:
            values.append(milestone.cdc_months)
        if milestone.who_window is not None:
            values.extend(milestone.who_window)
    scale = _Scale(values)

    # A label for each age line, each on its own line of the header so they never overlap.
    if corrected is None:
        words = [_("Your child: %(age)s") % {"age": _age_words(chronological)}]
    else:
        words = [
            _("From birth: %(age)s") % {"age": _age_words(chronological)},
            _("From the due date: %(age)s") % {"age": _age_words(float(corrected))},
        ]
    y = 0.0
    lines = []
    for (months, dashed), text in zip(ages, words, strict=True):
        y += HEADER_LINE
        x = scale.x(months)
        anchor, label_x = _beside(x, text)
        lines.append(
            {
                "x": _n(x),
                "dashed": dashed,
                "words": text,
                "label_x": _n(label_x),
                "label_y": _n(y - 3),
                "anchor": anchor,
            }
        )
    for line in lines:  # every line starts below the last label, so none crosses a label
        line["y1"] = _n(y + 1)

    tracks, windows, diamonds, boxes = [], [], [], []
    rows = []
    y += 8
    for milestone, answer in rows_in:
        word = str(ANSWER_WORDS.get(answer, answer))
        label = _wrap(milestone.label, LABEL_CHARACTERS, first_taken=round(len(word) * 1.2) + 2)
        track_y = y + len(label) * LINE + TRACK / 2
        tracks.append(f"M{_n(AXIS_LEFT)} {_n(track_y)}H{_n(AXIS_RIGHT)}")
        extra = 0.0
        row: dict[str, Any] = {
            "id": milestone.id,
            "answer": answer,
            "word": word,
            "label": milestone.label,
            "lines": [
                {"text": text, "y": _n(y + 12 + number * LINE), "first": number == 0}
                for number, text in enumerate(label)
            ],
            # The answer's shape, before the words: a ticked circle, an empty square, a
            # question mark in a broken circle; never colour alone.
            "icon_y": _n(y),
            "cdc": None,
            "window": None,
        }
        for number, text in enumerate(label):
            # A white box behind the words, so the age line never runs through them (a stroke
            # around SVG text does not survive printing to PDF).
            width = _text_width(text, word if number == 0 else "")
            boxes.append(f"M24 {_n(y + number * LINE)}h{_n(width)}v16h-{_n(width)}z")
        if milestone.cdc_months is not None:
            x = scale.x(milestone.cdc_months)
            diamonds.append(f"M{_n(x)} {_n(track_y - 6)}l6 6-6 6-6-6z")
            row["cdc"] = {
                "months": milestone.cdc_months,
                "words": describe_age(milestone.cdc_months, page_language()),
            }
            if answer == "not-yet":  # said in words where the age matters most
                # Under the diamond, in room the row makes for it: clear of the band and the
                # line of ages, with a white box so the age line passes behind it.
                short = _("most by %(age)s") % {"age": _short_age(milestone.cdc_months)}
                width = len(short) * 6.6 + 4
                middle = min(max(x, AXIS_LEFT + width / 2), AXIS_RIGHT - width / 2)
                boxes.append(
                    f"M{_n(middle - width / 2)} {_n(track_y + 6)}h{_n(width)}v13h-{_n(width)}z"
                )
                row["cdc"].update(
                    short=short, label_x=_n(middle), label_y=_n(track_y + 16), anchor="middle"
                )
                extra = CDC_LABEL
        if milestone.who_window is not None:
            start, end = milestone.who_window
            left, width = scale.x(start), scale.x(end) - scale.x(start)
            windows.append(f"M{_n(left)} {_n(track_y - 4)}h{_n(width)}v8h-{_n(width)}z")
            row["window"] = {"start": f"{start:g}", "end": f"{end:g}"}
        rows.append(row)
        y = track_y + TRACK / 2 + GAP + extra
    for line in lines:
        line["y2"] = _n(y)
    axis_y = y + 2
    ticks = [
        {"x": _n(scale.x(m)), "label": f"{m // 12}" if scale.in_years else f"{m}"}
        for m in range(scale.low, scale.high + 1, scale.step)
    ]
    axis = f"M{_n(AXIS_LEFT)} {_n(axis_y)}H{_n(AXIS_RIGHT)}" + "".join(
        f"M{tick['x']} {_n(axis_y)}v5" for tick in ticks
    )
    return {
        "width": WIDTH,
        "height": _n(round(axis_y + 36)),
        "rows": rows,
        "lines": lines,
        "tracks": "".join(tracks),
        "windows": "".join(windows),
        "diamonds": "".join(diamonds),
        "boxes": "".join(boxes),
        "axis": {
            "d": axis,
            "ticks": ticks,
            "label_y": _n(axis_y + 17),
            "title_y": _n(axis_y + 32),
            "title": _("Age in years") if scale.in_years else _("Age in months"),
        },
        "corrected": corrected is not None,
        "not_yet": [row for row in rows if row["answer"] == "not-yet"],
    }
