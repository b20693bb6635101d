"""The check as a Questionnaire (SDC style), for an EHR's own forms.

One item per milestone, concern, condition and red flag, its `linkId` the contract's id, in
groups as the check asks them. Milestones are answered yes / not-yet / unsure (our
`milestone-answer` codes); a concern, condition or red flag is a boolean, true when it applies
(the check's ticks). The age is a date of birth, or an age in months, and the weeks of pregnancy
for a child under two.

Items that depend on the age say so with SDC's `enableWhenExpression` (FHIRPath), from two
variables worked out as the engine does: `%ageMonths` (chronological) and `%usedMonths`
(corrected for being born before 37 weeks, under two). A milestone is offered at the ages the
check asks it (its CDC checklist and the next, or a WHO window and a year past it); a concern at
the ages its row gives. A form that knows no SDC shows every item, which is safe: the engine
judges each answer by the child's age, whatever was shown. Crawling is never asked (not crawling
is no finding), so its item is hidden.

The words are the check's own (the content files, and the pages' sentences here): no licensed
instrument's items. The Questionnaire is in English (`language` en), and every text (an item's,
an answer's display, the title and description) carries its Spanish in FHIR's standard
`translation` extension, from the Spanish content and the pages' catalogue: a form that knows
the extension shows the check in Spanish; the ids, linkIds and codes are the same.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from wholechild.screening import LANGUAGES, get_content
from wholechild.screening.age import CORRECT_UNTIL_MONTHS, DAYS_PER_MONTH, EARLY_BEFORE_WEEKS
from wholechild.screening.content import (
    CHECKLIST_AGES,
    MILESTONES_UNTIL_MONTHS,
    Content,
    Milestone,
)

from .base import Resource, base, code_system, coding

QUESTIONNAIRE_ID = "wholechild-check"
ANSWER_CODES = ("yes", "not-yet", "unsure")
# The groups, as the check asks them; their linkIds are the contract's field names.
AGE_GROUP, MILESTONES, CONCERNS, CONDITIONS, RED_FLAGS = (
    "child",
    "milestones",
    "concerns",
    "conditions",
    "red_flags",
)
BIRTH_DATE, AGE_MONTHS, WEEKS = "birth_date", "age_months", "gestational_age_weeks"
AGE_ITEMS = (BIRTH_DATE, AGE_MONTHS, WEEKS)

SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition"
ENABLE_WHEN_EXPRESSION = f"{SDC}/sdc-questionnaire-enableWhenExpression"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROLS = "http://hl7.org/fhir/questionnaire-item-control"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
# The language the Questionnaire is written in, and the elements whose words are translated.
LANGUAGE = "en"
TRANSLATED = ("title", "description", "text", "display")


def canonical() -> str:
    """Where the Questionnaire is published, and what a QuestionnaireResponse names."""
    return f"{base()}/Questionnaire/{QUESTIONNAIRE_ID}"


def answer_words() -> dict[str, str]:
    return {"yes": _("Yes"), "not-yet": _("Not yet"), "unsure": _("Not sure")}


def _answer(linkid: str) -> str:
    return f"%resource.repeat(item).where(linkId='{linkid}').answer.value"


def _part(value: str, start: int, length: int) -> str:
    return f"{value}.toString().substring({start}, {length}).toInteger()"


def _months_since(date: str) -> str:
    """Months from a date to today, as the engine counts them (the days over a whole month as
    a fraction of an average month), in FHIRPath that needs no date arithmetic."""
    today = "today()"
    return (
        f"(({_part(today, 0, 4)} - {_part(date, 0, 4)}) * 12"
        f" + ({_part(today, 5, 2)} - {_part(date, 5, 2)})"
        f" + ({_part(today, 8, 2)} - {_part(date, 8, 2)}) / {DAYS_PER_MONTH})"
    )


def _variables() -> list[dict[str, Any]]:
    # "weeks" and "months" are FHIRPath's calendar units, so no variable is called either.
    early = f"((40 - %gestationWeeks) * 7 / {DAYS_PER_MONTH})"
    expressions = {
        "birthDate": _answer(BIRTH_DATE),
        "gestationWeeks": _answer(WEEKS),
        "ageMonths": f"iif(%birthDate.exists(), {_months_since('%birthDate')}, "
        f"{_answer(AGE_MONTHS)})",
        "usedMonths": (
            f"iif(%gestationWeeks.exists() and %gestationWeeks < {EARLY_BEFORE_WEEKS} and "
            f"%ageMonths < "
            f"{CORRECT_UNTIL_MONTHS}, iif(%ageMonths - {early} < 0, 0, %ageMonths - {early}), "
            "%ageMonths)"
        ),
    }
    return [
        {
            "url": VARIABLE,
            "valueExpression": {"name": name, "language": "text/fhirpath", "expression": text},
        }
        for name, text in expressions.items()
    ]


def _enabled_when(expression: str, description: str) -> dict[str, Any]:
    return {
        "url": ENABLE_WHEN_EXPRESSION,
        "valueExpression": {
            "description": description,
            "language": "text/fhirpath",
            "expression": expression,
        },
    }


def milestone_ages(milestone: Milestone) -> tuple[float, float] | None:
    """The (corrected) ages in months, from and before, at which the check asks about this
    milestone (`wholechild.screening.milestones_for_age`); None when it is never asked."""
    if milestone.optional:
        return None
    if milestone.cdc_months is not None:
        index = CHECKLIST_AGES.index(milestone.cdc_months)
        after = index + 2
        until = CHECKLIST_AGES[after] if after < len(CHECKLIST_AGES) else MILESTONES_UNTIL_MONTHS
        return float(milestone.cdc_months), float(min(until, MILESTONES_UNTIL_MONTHS))
    assert milestone.who_window is not None
    low, high = milestone.who_window
    # The engine asks up to and including a year past the window; "before" the next tenth.
    return low, min(round(high + 12 + 0.1, 1), float(MILESTONES_UNTIL_MONTHS))


def _milestone_item(milestone: Milestone) -> dict[str, Any]:
    words = answer_words()
    system = code_system("milestone-answer")
    item: dict[str, Any] = {
        "linkId": milestone.id,
        "text": milestone.label,
        "type": "choice",
        "answerOption": [{"valueCoding": coding(system, code, words[code])} for code in words],
    }
    # Three radio buttons, as the check shows them, rather than a list to open.
    radios = {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [coding(ITEM_CONTROLS, "radio-button")]},
    }
    ages = milestone_ages(milestone)
    if ages is None:
        item["extension"] = [radios, {"url": HIDDEN, "valueBoolean": True}]
    else:
        low, until = ages
        item["extension"] = [
            radios,
            _enabled_when(
                f"%usedMonths.exists() and %usedMonths >= {low} and %usedMonths < {until}",
                f"Asked from {low} months (corrected age) and before {until}",
            ),
        ]
    return item


def _boolean_item(linkid: str, text: str, asked: tuple[int, int] | None = None) -> Any:
    item: dict[str, Any] = {"linkId": linkid, "text": text, "type": "boolean"}
    if asked is not None and asked != (0, 216):
        low, high = asked
        item["extension"] = [
            _enabled_when(
                f"%ageMonths.exists() and %ageMonths >= {low} and %ageMonths <= {high}",
                f"Asked from {low} to {high} months",
            )
        ]
    return item


def _age_group() -> dict[str, Any]:
    return {
        "linkId": AGE_GROUP,
        "type": "group",
        "text": _("Your child"),
        "item": [
            {"linkId": BIRTH_DATE, "type": "date", "text": _("Date of birth")},
            {
                "linkId": AGE_MONTHS,
                "type": "decimal",
                "text": _("Age in months (if you do not give the date of birth)"),
                "enableWhen": [
                    {"question": BIRTH_DATE, "operator": "exists", "answerBoolean": False}
                ],
            },
            {
                "linkId": WEEKS,
                "type": "integer",
                "text": _(
                    "If your child was born early: how many weeks of pregnancy? "
                    "Leave it empty if they were born on time or you are not sure."
                ),
                "extension": [
                    _enabled_when(
                        f"%ageMonths.exists() and %ageMonths < {CORRECT_UNTIL_MONTHS}",
                        f"Asked under {CORRECT_UNTIL_MONTHS} months",
                    )
                ],
            },
        ],
    }


def questionnaire() -> Resource:
    """The whole check, as the content now has it, at `canonical()` with the content version
    as its version: in English, each text with its translations beside it."""
    others = {
        language: questionnaire_in(language) for language in LANGUAGES if language != LANGUAGE
    }
    found: Resource = _translated(questionnaire_in(LANGUAGE), others)
    return found


def translation_extension(language: str, words: str) -> dict[str, Any]:
    """FHIR's standard `translation` extension: these words, in this language."""
    return {
        "url": TRANSLATION,
        "extension": [
            {"url": "lang", "valueCode": language},
            {"url": "content", "valueString": words},
        ],
    }


def _translated(english: Any, others: dict[str, Any]) -> Any:
    """The English form with, beside each of its texts (`text`, and its `_text`), the same
    text of the same form built in each other language. Both are made by the same code from
    content with the same ids, so they differ in their words only; extensions (the variables,
    the expressions, the radio buttons) are the same in every language, and kept as they are."""
    if isinstance(english, list):
        return [
            _translated(value, {lang: other[n] for lang, other in others.items()})
            for n, value in enumerate(english)
        ]
    if not isinstance(english, dict):
        return english
    found: dict[str, Any] = {}
    for key, value in english.items():
        if key == "extension":
            found[key] = value
            continue
        found[key] = _translated(value, {lang: other[key] for lang, other in others.items()})
        if key in TRANSLATED and isinstance(value, str):
            found[f"_{key}"] = {
                "extension": [
                    translation_extension(lang, other[key]) for lang, other in others.items()
                ]
            }
    return found


def questionnaire_in(language: str) -> Resource:
    """The check with its words in one language only, and no translations."""
    with translation.override(language):
        return _form_in(get_content(language))


def _form_in(content: Content) -> Resource:
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "language": content.language,
        "extension": _variables(),
        "url": canonical(),
        "version": content.version,
        "name": "WholeChildCheck",
        "title": _("WholeChild: physical therapy, occupational therapy, or both?"),
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "WholeChild",
        "description": _(
            "A parent's check of how their child moves and does everyday things. It explains "
            "and never diagnoses: the answer says whether physical therapy, occupational "
            "therapy, both, or the child's doctor is the next step, and why."
        ),
        "item": [
            _age_group(),
            {
                "linkId": MILESTONES,
                "type": "group",
                "text": _("Does your child do these things?"),
                "item": [_milestone_item(m) for m in content.milestones.values()],
            },
            {
                "linkId": CONCERNS,
                "type": "group",
                "text": _("Is your child struggling with any of these?"),
                "item": [_boolean_item(c.id, c.label, c.asked) for c in content.concerns.values()],
            },
            {
                "linkId": CONDITIONS,
                "type": "group",
                "text": _("Has your child been diagnosed with any of these?"),
                "item": [_boolean_item(c.id, c.label) for c in content.conditions.values()],
            },
            {
                "linkId": RED_FLAGS,
                "type": "group",
                "text": _("Have you noticed any of these?"),
                "item": [_boolean_item(f.id, f.label) for f in content.red_flags.values()],
            },
        ],
    }


def link_ids() -> dict[str, str]:
    """Every answerable linkId, with the group it belongs to."""
    content = get_content()
    found = dict.fromkeys(AGE_ITEMS, AGE_GROUP)
    found.update(dict.fromkeys(content.milestones, MILESTONES))
    found.update(dict.fromkeys(content.concerns, CONCERNS))
    found.update(dict.fromkeys(content.conditions, CONDITIONS))
    found.update(dict.fromkeys(content.red_flags, RED_FLAGS))
    return found
