"""A request stored under content version 1 is shown in the record exactly as that parent saw
it: its own sentences, the results page's words of the time, and none of version 2's parts
(notes, who else may help, when to check again), which it never had."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.clinic.records.helpers import fresh, url
from wholechild.screening import screen

pytestmark = pytest.mark.django_db

# What version 1 of the engine answered for a 15-month-old who had lost a skill and fell a lot
# (content 2026.11.1), stored with the request as the parent saw it.
V1_ANSWER: dict[str, Any] = {
    "age": {"chronological_months": 15.0, "corrected_months": None, "used_months": 15.0},
    "pt": {"level": "consider"},
    "ot": {"level": "consider"},
    "overall": "both",
    "urgency": "urgent",
    "reasons": [
        {
            "discipline": "medical",
            "finding": "lost-skills",
            "text": "You said your child has lost a skill they used to have. Losing skills needs "
            "a doctor's look first: call your child's doctor today.",
            "source": "aap-2013-motor",
        },
        {
            "discipline": "pt",
            "finding": "lost-skills",
            "text": "A physical therapist can help too, once the doctor has seen your child.",
            "source": "aap-2013-motor",
        },
        {
            "discipline": "ot",
            "finding": "lost-skills",
            "text": "An occupational therapist can help with hand use and daily tasks, once the "
            "doctor has seen your child.",
            "source": "aap-2013-motor",
        },
    ],
    "next_steps": [
        "Call your child’s doctor today. When a child loses a skill they used to have, a doctor "
        "needs to look first, before any therapy.",
        "Once the doctor has seen your child, book an evaluation with a physical therapist and "
        "an occupational therapist.",
        "Because your child is under 3, you can contact your state’s early intervention "
        "program yourself (cdc.gov/FindEI). You don’t need a doctor’s referral or a diagnosis, "
        "and they should evaluate your child and agree a plan within 45 days.",
        "Share this summary with your child’s doctor.",
        "Toddlers fall a lot while they learn to move. If your child still falls much more "
        "than other children after age 3, a physical therapist can take a look.",
    ],
    "content_version": "2026.11.1+b8074f43",
}

# Version 1's "keep watching", for feet that turn in at 20 months.
V1_MONITOR: dict[str, Any] = {
    "age": {"chronological_months": 20.0, "corrected_months": None, "used_months": 20.0},
    "pt": {"level": "not-indicated"},
    "ot": {"level": "not-indicated"},
    "overall": "monitor",
    "urgency": "routine",
    "reasons": [],
    "next_steps": [
        "Feet that turn in when walking are usually a normal part of growing and often "
        "straighten on their own. Mention it to your child's doctor, who is the right first "
        "stop; physical therapy is not usually needed for this alone.",
        "Nothing in your answers points to PT or OT right now. Keep enjoying your child’s "
        "progress, and do this check again when your child is 2 years, or sooner if something "
        "worries you.",
    ],
    "content_version": "2026.11.1+b8074f43",
}


def stored(cast: Any, answer: dict[str, Any]) -> None:
    request = fresh(cast.family_one)
    request.screening_answer = copy.deepcopy(answer)
    request.content_version = answer["content_version"]
    request.save()


def screening_section(page: str) -> str:
    """The record's part that shows the answer, as text."""
    start = page.index("care-card") if "care-card" in page else page.index('class="lead"')
    end = page.index("WholeChild content version", start)
    text = re.sub(r"<[^>]+>", " ", page[start:end]).replace("&#x27;", "'")
    return " ".join(text.split())


def test_a_version_1_answer_is_shown_with_its_own_words(cast: Any, as_user: Any) -> None:
    stored(cast, V1_ANSWER)

    page = as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    shown = screening_section(page)

    for reason in V1_ANSWER["reasons"]:
        assert reason["text"] in shown
    for step in V1_ANSWER["next_steps"]:
        assert step in shown  # the reassurance among them, as the parent read it then
    assert (
        "Call your child's doctor today Some of what you told us needs a doctor to look at "
        "first, before any therapy. Losing a skill your child once had always needs a medical "
        "check." in shown
    )
    assert "Physical therapy and occupational therapy could both help your child" in shown
    assert "2026.11.1+b8074f43" in page


def test_a_version_1_answer_has_none_of_version_2s_parts(cast: Any, as_user: Any) -> None:
    stored(cast, V1_ANSWER)

    page = as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    shown = screening_section(page)

    assert "Good to know" not in shown
    assert "Who else may help" not in shown
    assert "Do this check again" not in shown


def test_a_version_1_keep_watching_keeps_its_words(cast: Any, as_user: Any) -> None:
    stored(cast, V1_MONITOR)

    page = as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    shown = screening_section(page)

    assert "Keep watching for now: therapy does not look needed at the moment" in shown
    assert "nothing in your answers points to physical" not in shown
    assert V1_MONITOR["next_steps"][1] in shown


def test_a_version_2_answer_shows_its_notes_others_and_when_to_check_again(
    cast: Any, as_user: Any
) -> None:
    answer = screen({"age_months": 15, "concerns": ["frequent-falls", "talking-understanding"]})
    assert answer["notes"] and answer["other_professionals"]
    stored(cast, answer)

    page = as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    shown = screening_section(page)

    assert "Good to know " + answer["notes"][0]["text"] in shown
    assert "Who else may help" in shown
    for other in answer["other_professionals"]:
        assert other["text"] in shown
    assert "Do this check again when your child is 18 months" in shown
    assert "Talk to your child's doctor: nothing in your answers points to" in shown
