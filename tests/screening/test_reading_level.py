"""Every sentence the engine can say to a parent, scored for reading level (issue 9).

Parents read the answer worried, often on a phone. The sentences are collected from real
answers over a sweep of requests that reaches every sentence of the content (a test below
makes sure of it), so each is scored as a parent reads it, with its blanks filled in. Sentences
that differ only in a milestone's name or the child's age count once.

Flesch-Kincaid grade, by textstat 0.7.3 (it works offline; later releases fetch a dictionary).
The therapies' full names ("an occupational therapist") score high on their own, so a few
sentences naming them may go past grade 8; the rest may not.
"""

import re
import statistics

import pytest
import textstat

from wholechild.screening import get_content, screen

MEDIAN_AT_MOST = 6
HARD_GRADE = 8
HARD_SHARE_AT_MOST = 0.10

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“(])")
# What varies between sentences of one template: a quoted milestone, an age, a number.
QUOTED = re.compile(r"“[^”]*”")
AGE = re.compile(
    r"(under 1 month|\d+(\.\d)? (months?|years?)( and \d+ months?)?)(, counting from the due date)?"
)
# Parts of a sentence, not sentences: the engine fills them into others.
FRAGMENTS = {"a_pt", "an_ot", "both", "next_checklist", "next_yearly"}


def sentences(text):
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def template_key(sentence):
    return AGE.sub("AGE", QUOTED.sub("“X”", sentence))


def sweep():
    """Requests that, between them, make the engine say each of its sentences."""
    content = get_content()
    ages = [0, 1, 3, 5.9, 6, 8, 9, 11.9, 12, 15, 20, 24, 30, 36, 50, 60, 100, 216]
    yield {"age_months": 20}
    for months in ages:
        for concern in content.concerns:
            yield {"age_months": months, "concerns": [concern]}
        for flag in content.red_flags:
            yield {"age_months": months, "red_flags": [flag]}
    for condition in content.conditions:
        yield {"age_months": 48, "conditions": [condition]}
    for milestone in content.milestones.values():
        limit = milestone.cdc_months or milestone.who_window[1]  # type: ignore[index]
        for months in (max(0, limit - 1), limit, limit + 0.5, limit + 14):
            for answer in ("not-yet", "unsure"):
                for weeks in (40, 30):
                    yield {
                        "age_months": months,
                        "gestational_age_weeks": weeks,
                        "milestones": {milestone.id: answer},
                    }
    pair = {"concerns": ["balance-coordination", "hand-skills"]}
    for months in (20, 40):
        yield {"age_months": months, **pair}
        yield {"age_months": months, **pair, "red_flags": ["very-stiff"]}
        yield {"age_months": months, **pair, "red_flags": ["lost-skills"]}
        yield {"age_months": months, "milestones": {"runs": "not-yet", "kicks-ball": "not-yet"}}
    yield {"age_months": 30, "milestones": {"jumps-both-feet": "not-yet", "turns-pages": "not-yet"}}


def said():
    """Each sentence of every answer in the sweep, with the summaries pages show beside them."""
    content = get_content()
    found: dict[str, str] = {}
    texts = [d.summary for d in content.disciplines.values()]
    texts.append(content.messages["text"]["not_diagnosis"])
    for request in sweep():
        answer = screen(request)
        texts += [r["text"] for r in answer["reasons"]]
        texts += answer["next_steps"]
        texts += [n["text"] for n in answer["notes"]]
        texts += [o["text"] for o in answer["other_professionals"]]
    for text in texts:
        for sentence in sentences(text):
            found.setdefault(template_key(sentence), sentence)
    return list(found.values())


SAID = said()


def content_sentences():
    """Every sentence the content holds for a parent, blanks and all."""
    content = get_content()
    texts = [d.summary for d in content.disciplines.values()]
    for concern in content.concerns.values():
        for rule in concern.rules:
            texts += [rule.reason, rule.medical, rule.note, rule.step]
    for condition in content.conditions.values():
        texts += condition.reasons.values()
    for flag in content.red_flags.values():
        texts += [flag.reason, flag.urgent_reason, *flag.reasons.values()]
    texts += [p.text for p in content.professionals.values()]
    texts += content.messages["milestone"].values()
    texts += [v for k, v in content.messages["next_steps"].items() if k not in FRAGMENTS]
    return [s for text in texts if text for s in sentences(text)]


def grade(sentence):
    return textstat.flesch_kincaid_grade(sentence)


def test_the_sweep_reaches_every_sentence_of_the_content():
    missing = []
    for sentence in content_sentences():
        pattern = re.escape(sentence)
        pattern = re.sub(r"\\\{\w+\\\}", ".+?", pattern)
        if not any(re.fullmatch(pattern, s) for s in SAID):
            missing.append(sentence)
    assert missing == []


def test_the_median_sentence_is_at_grade_6_or_below():
    grades = [grade(s) for s in SAID]
    assert len(grades) > 150
    assert statistics.median(grades) <= MEDIAN_AT_MOST


def test_no_more_than_a_tenth_of_the_sentences_are_above_grade_8():
    hard = sorted((grade(s), s) for s in SAID if grade(s) > HARD_GRADE)
    assert len(hard) <= HARD_SHARE_AT_MOST * len(SAID), "\n".join(f"{g} {s}" for g, s in hard)


def test_a_sentence_past_grade_8_is_one_that_names_a_therapy_or_a_specialist():
    names = ("therapist", "therapy", "pediatrician", "neurologist", "orthopedic")
    hard = [s for s in SAID if grade(s) > HARD_GRADE]
    assert [s for s in hard if not any(name in s for name in names)] == []


@pytest.mark.parametrize(
    ("sentence", "hard"),
    [
        ("Share this summary with your child’s doctor.", False),
        (
            "Occupational therapists systematically investigate proprioceptive and vestibular "
            "integration difficulties.",
            True,
        ),
    ],
)
def test_the_score_tells_an_easy_sentence_from_a_hard_one(sentence, hard):
    assert (grade(sentence) > HARD_GRADE) == hard
