"""An engine's answer as the pages show it: the results page, and the clinic's record of what
the parent saw (from the stored snapshot, never worked out again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wholechild.screening import get_content

from .words import OVERALL, level_label

DISCIPLINES = ("pt", "ot")


def answer_view(answer: Mapping[str, Any]) -> dict[str, Any]:
    """The answer's parts for a page: the one-sentence answer, a card per discipline (its level
    and its reasons), and the reasons that are for the child's doctor.
    An old snapshot's missing parts are shown empty, never guessed."""
    content = get_content()
    reasons = list(answer.get("reasons") or [])
    cards = []
    for key in DISCIPLINES:
        level = (answer.get(key) or {}).get("level", "")
        cards.append(
            {
                "id": key,
                "discipline": content.disciplines[key],  # type: ignore[index]
                "level": level,
                "level_label": level_label(level),
                "reasons": [r for r in reasons if r.get("discipline") == key],
            }
        )
    return {
        "answer": answer,
        "overall": OVERALL.get(str(answer.get("overall", "")), ""),
        "cards": cards,
        "medical_reasons": [r for r in reasons if r.get("discipline") == "medical"],
    }
