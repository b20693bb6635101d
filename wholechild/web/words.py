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

from .language import page_language

# A parent's answer to a milestone.
ANSWER_WORDS: dict[str, Any] = {"yes": _("Yes"), "not-yet": _("Not yet"), "unsure": _("Not sure")}

# The answer in one sentence, as the results page's heading says it.
OVERALL: dict[str, Any] = {
    "both": _("Physical therapy and occupational therapy could both help your child"),
    "pt": _("Physical therapy could help your child"),
    "ot": _("Occupational therapy could help your child"),
    "monitor": _("Keep watching for now: therapy does not look needed at the moment"),
}

# An urgent answer in one sentence, whatever PT or OT may do later: the doctor comes first.
OVERALL_URGENT = _("Talk to your child's doctor today, before any therapy")

# A version-2 `monitor` answer in one sentence (the engine's text.overall_key chooses): it
# never says all is well, and leads with the doctor where the doctor comes first.
OVERALL_V2: dict[str, Any] = {
    "overall_monitor": _(
        "Keep watching for now: nothing in your answers points to physical or occupational therapy"
    ),
    "overall_monitor_doctor": _(
        "Talk to your child's doctor: nothing in your answers points to physical or "
        "occupational therapy"
    ),
    "overall_doctor_first": _(
        "See your child's doctor first: physical or occupational therapy is not the first step"
    ),
}

# When to run the check again (version 2's `check_again_at_months`).
CHECK_AGAIN: dict[str, Any] = {
    "at": _("Do this check again when your child is %(age)s, or sooner if something worries you."),
    "yearly": _(
        "Do this check again at your child's next yearly checkup, or sooner if something "
        "worries you."
    ),
}

# The parent's answer to "Was your child born early?", as every page says it back. "yes" takes
# the weeks.
BORN_EARLY_WORDS: dict[str, Any] = {
    "no": _("No, at 37 weeks or later"),
    "yes": _("Yes, at %(weeks)s weeks"),
    "not-sure": _("Not sure (no correction for being born early)"),
}

# How soon, in one word, as the printed page for the doctor leads its "How soon" with.
URGENCY_WORDS: dict[str, Any] = {"urgent": _("Urgent"), "soon": _("Soon"), "routine": _("Routine")}

# The check's three lists, as a summary of the parent's answers titles them.
NOTICED_TITLES: dict[str, Any] = {
    "concerns": _("Struggling with"),
    "conditions": _("Diagnosed or being looked into"),
    "red_flags": _("Signs noticed"),
}


def level_label(level: str) -> str:
    """A discipline's level as a tag shows it: "Recommended", "Worth considering", "Not
    needed now" (the engine's words). An unknown level, from an old snapshot, is shown as is."""
    words = get_content(page_language()).messages["text"]
    return capfirst(words[level]) if level in words else level
