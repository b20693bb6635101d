"""The words every page uses for the engine's answers and the parent's answers, written once.

The levels come from the engine's own content (`messages.toml`, section "text"), which the
command line's text answer uses too, so "worth considering" is written in one place; the rest
are the pages' own, marked for translation.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wholechild.screening import get_content

# A parent's answer to a milestone.
ANSWER_WORDS: dict[str, Any] = {"yes": _("Yes"), "not-yet": _("Not yet"), "unsure": _("Not sure")}

# The answer in one sentence, as the results page's heading says it.
OVERALL: dict[str, Any] = {
    "both": _("Physical therapy and occupational therapy could both help your child"),
    "pt": _("Physical therapy could help your child"),
    "ot": _("Occupational therapy could help your child"),
    "monitor": _("Keep watching for now: therapy does not look needed at the moment"),
}

# The check's three lists, as a summary of the parent's answers titles them.
NOTICED_TITLES: dict[str, Any] = {
    "concerns": _("Struggling with"),
    "conditions": _("Diagnosed or being looked into"),
    "red_flags": _("Signs noticed"),
}


def level_label(level: str) -> str:
    """A discipline's level as a tag shows it: "Recommended", "Worth considering", "Not
    needed now" (the engine's words). An unknown level, from an old snapshot, is shown as is."""
    words = get_content().messages["text"]
    return capfirst(words[level]) if level in words else level
