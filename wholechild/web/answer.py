"""An engine's answer as the pages show it: the results page, and the clinic's record of what
the parent saw (from the stored snapshot, never worked out again)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wholechild.screening import describe_age, get_content
from wholechild.screening.content import LEVELS
from wholechild.screening.text import overall_key

from .language import page_language
from .words import CHECK_AGAIN, OVERALL, OVERALL_URGENT, OVERALL_V2, level_label

DISCIPLINES = ("pt", "ot")
# A web address the engine's words give bare, like "cdc.gov/FindEI": a link on the page.
ADDRESS = re.compile(r"\b((?:[a-z0-9-]+\.)+(?:gov|org))(/[A-Za-z0-9_/-]*[A-Za-z0-9_])?", re.I)


def with_links(text: str) -> SafeString:
    """The text, escaped, with each bare web address in it made a link to its https page."""
    escaped = str(escape(text))

    def link(found: re.Match[str]) -> str:
        address = found.group(0)
        return f'<a href="https://{address}">{address}</a>'

    return mark_safe(ADDRESS.sub(link, escaped))  # noqa: S308 (escaped above)


def _evaluation_step(steps: list[str]) -> int | None:
    """Which of the next steps asks for the evaluation (the content's "soon", "after the
    doctor" or "routine" step), so that the page puts its button beside it; None when none
    does (a `monitor` answer, or an old snapshot's other words)."""
    words = get_content(page_language()).messages["next_steps"]
    therapists = [words["a_pt"], words["an_ot"], words["both"]]
    asking = {
        words[key].format(therapists=who)
        for key in ("soon", "after_doctor", "routine")
        for who in therapists
    }
    return next((number for number, step in enumerate(steps) if step in asking), None)


def _lead_order(card: Mapping[str, Any]) -> tuple[int, int, int]:
    """The card that matters most first: the higher level, then the one with more reasons,
    then PT before OT (the article's order)."""
    level = card["level"]
    rank = LEVELS.index(level) if level in LEVELS else -1
    return (-rank, -len(card["reasons"]), DISCIPLINES.index(card["id"]))


def _check_again(answer: Mapping[str, Any]) -> str:
    """When to check again, in words; nothing for an answer from before version 2."""
    if "check_again_at_months" not in answer:
        return ""
    months = answer["check_again_at_months"]
    if not isinstance(months, int | float):
        return str(CHECK_AGAIN["yearly"])
    return str(CHECK_AGAIN["at"]) % {"age": describe_age(months, page_language())}


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
    content = get_content(page_language())
    # The sources in the order the reasons first cite them, numbered, so that the printed page
    # can say "[1]" after a reason and list each source once.
    cited = list(dict.fromkeys(r["source"] for r in answer.get("reasons") or [] if r.get("source")))
    cited = [key for key in cited if key in content.sources]
    reasons = [
        {
            **r,
            "source_name": content.sources[r["source"]].name,
            "source_number": cited.index(r["source"]) + 1,
        }
        if r.get("source") in content.sources
        else dict(r)
        for r in answer.get("reasons") or []
    ]
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
    lead = sorted((c for c in cards if c["level"] != "not-indicated"), key=_lead_order)
    steps = [str(step) for step in answer.get("next_steps") or []]
    evaluation = _evaluation_step(steps)
    return {
        "answer": answer,
        "overall": _overall(answer),
        # The page's heading: the answer itself, and the doctor first when it is urgent.
        "heading": OVERALL_URGENT if answer.get("urgency") == "urgent" else _overall(answer),
        "cards": cards,
        "lead_cards": lead,
        "quiet_cards": [c for c in cards if c not in lead],
        # Each step once, the evaluation's with its button beside it.
        "next_steps": [
            {"text": with_links(step), "evaluation": number == evaluation}
            for number, step in enumerate(steps)
        ],
        "evaluation_in_steps": evaluation is not None,
        "medical_reasons": medical,
        # The care card's words: a lost skill is named only when it is one of the reasons, and
        # an answer with no PT or OT that should not wait leads with the doctor.
        "lost_skill": any(r.get("finding") == "lost-skills" for r in medical),
        "doctor_first": answer.get("overall") == "monitor"
        and answer.get("urgency") in ("soon", "urgent"),
        "sources": [content.sources[key] for key in cited],
        "notes": list(answer.get("notes") or []),
        "other_professionals": list(answer.get("other_professionals") or []),
        "check_again": _check_again(answer),
    }
