"""An engine's answer as the pages show it: the results page, and the clinic's record of what
the parent saw (from the stored snapshot, never worked out again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wholechild.screening import describe_age, get_content
from wholechild.screening.text import overall_key

from .words import CHECK_AGAIN, OVERALL, OVERALL_V2, level_label

DISCIPLINES = ("pt", "ot")


def _check_again(answer: Mapping[str, Any]) -> str:
    """When to check again, in words; nothing for an answer from before version 2."""
    if "check_again_at_months" not in answer:
        return ""
    months = answer["check_again_at_months"]
    if not isinstance(months, int | float):
        return str(CHECK_AGAIN["yearly"])
    return str(CHECK_AGAIN["at"]) % {"age": describe_age(months)}


def _overall(answer: Mapping[str, Any]) -> str:
    """The answer in one sentence. A version-2 answer (it has `notes`) that is `monitor` says
    nothing points to PT or OT, and leads with the doctor where the doctor comes first; an
    older one keeps the words its parent saw."""
    overall = str(answer.get("overall", ""))
    if overall != "monitor" or "notes" not in answer:
        return str(OVERALL.get(overall, ""))
    try:
        return str(OVERALL_V2[overall_key(answer)])
    except (KeyError, TypeError):
        return str(OVERALL[overall])


def answer_view(answer: Mapping[str, Any]) -> dict[str, Any]:
    """The answer's parts for a page: the one-sentence answer, a card per discipline (its level
    and its reasons), the reasons that are for the child's doctor, and (version 2) the notes,
    who else may help and when to check again.
    An old snapshot's missing parts are shown empty, never guessed."""
    content = get_content()
    reasons = list(answer.get("reasons") or [])
    medical = [r for r in reasons if r.get("discipline") == "medical"]
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
        "overall": _overall(answer),
        "cards": cards,
        "medical_reasons": medical,
        # The care card's words: a lost skill is named only when it is one of the reasons, and
        # an answer with no PT or OT that should not wait leads with the doctor.
        "lost_skill": any(r.get("finding") == "lost-skills" for r in medical),
        "doctor_first": answer.get("overall") == "monitor"
        and answer.get("urgency") in ("soon", "urgent"),
        "notes": list(answer.get("notes") or []),
        "other_professionals": list(answer.get("other_professionals") or []),
        "check_again": _check_again(answer),
    }
