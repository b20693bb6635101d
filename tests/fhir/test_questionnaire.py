"""The check as a Questionnaire: valid R4, one item per id of the contract, the three answers,
the ages at which each item is offered the same as the check's own pages, and every text in
Spanish beside it in FHIR's translation extension, changing nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tests.fhir.validation import validate
from wholechild.fhir.questionnaire import (
    ENABLE_WHEN_EXPRESSION,
    HIDDEN,
    TRANSLATED,
    canonical,
    milestone_ages,
    questionnaire,
    questionnaire_in,
)
from wholechild.screening import get_content, milestones_for_age


def items(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every item of a Questionnaire, groups included, by linkId."""
    out: dict[str, dict[str, Any]] = {}
    for item in found.get("item", []):
        out[item["linkId"]] = item
        out.update(items(item))
    return out


@pytest.fixture(scope="module")
def form() -> dict[str, Any]:
    return questionnaire()


def test_it_is_valid_r4(form: dict[str, Any]) -> None:
    validate(form)


def test_it_is_published_at_its_canonical_url_with_the_content_version(
    form: dict[str, Any], settings: Any
) -> None:
    assert form["url"] == canonical() == f"{settings.SITE_URL}/fhir/Questionnaire/wholechild-check"
    assert form["version"] == get_content().version


def test_it_has_one_item_per_milestone_concern_condition_and_red_flag(
    form: dict[str, Any],
) -> None:
    content = get_content()
    found = items(form)
    for group, ids in (
        ("milestones", content.milestones),
        ("concerns", content.concerns),
        ("conditions", content.conditions),
        ("red_flags", content.red_flags),
    ):
        assert [item["linkId"] for item in found[group]["item"]] == list(ids)
    every = [i["linkId"] for g in form["item"] for i in g["item"]]
    assert len(every) == len(set(every)), "a linkId is used twice"


def test_a_milestone_is_answered_yes_not_yet_or_not_sure(form: dict[str, Any]) -> None:
    for item in items(form)["milestones"]["item"]:
        assert item["type"] == "choice"
        codes = [option["valueCoding"]["code"] for option in item["answerOption"]]
        assert codes == ["yes", "not-yet", "unsure"]


def test_the_words_are_the_checks_own(form: dict[str, Any]) -> None:
    content = get_content()
    found = items(form)
    for mid, milestone in content.milestones.items():
        assert found[mid]["text"] == milestone.label
    for cid, concern in content.concerns.items():
        assert (found[cid]["text"], found[cid]["type"]) == (concern.label, "boolean")
    for fid, flag in content.red_flags.items():
        assert found[fid]["text"] == flag.label


@pytest.mark.parametrize("tenths", range(0, 800, 3))
def test_each_milestone_is_offered_at_the_ages_the_check_asks_it(tenths: int) -> None:
    used = tenths / 10
    offered = [
        m.id
        for m in get_content().milestones.values()
        if (ages := milestone_ages(m)) is not None and ages[0] <= used < ages[1]
    ]
    assert offered == [m.id for m in milestones_for_age(used)]


def test_each_offered_item_says_so_in_an_enable_when_expression(form: dict[str, Any]) -> None:
    found = items(form)
    walks = found["walks-alone"]["extension"]
    [rule] = [e for e in walks if e["url"] == ENABLE_WHEN_EXPRESSION]
    assert rule["valueExpression"]["expression"] == (
        "%usedMonths.exists() and %usedMonths >= 18.0 and %usedMonths < 30.0"
    )
    handwriting = found["handwriting-scissors"]["extension"][0]["valueExpression"]
    assert handwriting["expression"] == (
        "%ageMonths.exists() and %ageMonths >= 36 and %ageMonths <= 216"
    )
    assert "extension" not in found["gross-motor-skills"]  # asked at every age
    assert {"url": HIDDEN, "valueBoolean": True} in found["crawls-hands-knees"]["extension"]


def translations(form: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """Every translatable text outside the extensions (item text, answer display, title,
    description): its element's key, its English, and its `_key` (None when missing)."""
    found: list[tuple[str, str, Any]] = []
    if isinstance(form, list):
        for value in form:
            found += translations(value)
    elif isinstance(form, dict):
        for key, value in form.items():
            if key == "extension" or key.startswith("_"):
                continue
            if key in TRANSLATED and isinstance(value, str):
                found.append((key, value, form.get(f"_{key}")))
            found += translations(value)
    return found


def spanish(translated: dict[str, Any]) -> str:
    [extension] = translated["extension"]
    assert extension["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
    parts = {part["url"]: part for part in extension["extension"]}
    assert set(parts) == {"lang", "content"}
    assert parts["lang"]["valueCode"] == "es"
    return str(parts["content"]["valueString"])


def test_it_is_in_english_with_every_text_in_spanish_beside_it(form: dict[str, Any]) -> None:
    assert form["language"] == "en"
    found = translations(form)
    assert {key for key, _english, _translated in found} == set(TRANSLATED)
    for key, english, translated in found:
        assert translated is not None, f"{key} {english!r} has no Spanish"
        words = spanish(translated)
        # An English word left in is a catalogue entry that is missing (gettext falls back).
        assert words.strip() and words != english, f"{english!r} is not translated"


def test_the_spanish_is_the_checks_own(form: dict[str, Any]) -> None:
    english, es = get_content(), get_content("es")
    found = items(form)
    for kind in ("milestones", "concerns", "conditions", "red_flags"):
        for id, entry in getattr(english, kind).items():
            assert found[id]["text"] == entry.label
            assert spanish(found[id]["_text"]) == getattr(es, kind)[id].label
    for option in found["walks-alone"]["answerOption"]:
        coding = option["valueCoding"]
        words = {"yes": "Sí", "not-yet": "Todavía no", "unsure": "No sé"}  # the glossary's
        assert spanish(coding["_display"]) == words[coding["code"]]
    assert spanish(found["child"]["_text"]) == "Su hijo"
    assert spanish(form["_title"]).startswith("WholeChild: ¿terapia física")


def without_translations(form: Any) -> Any:
    if isinstance(form, list):
        return [without_translations(value) for value in form]
    if isinstance(form, dict):
        return {k: without_translations(v) for k, v in form.items() if not k.startswith("_")}
    return form


def test_the_translations_change_nothing_else(form: dict[str, Any]) -> None:
    """Taken out, the form is the English one as it was: the same ids, linkIds, codes,
    expressions and order; and the Spanish one differs from it in its words only."""
    assert without_translations(form) == questionnaire_in("en")

    def machine(found: Any) -> Any:
        if isinstance(found, list):
            return [machine(value) for value in found]
        if isinstance(found, dict):
            return {k: machine(v) for k, v in found.items() if k not in (*TRANSLATED, "language")}
        return found

    assert machine(questionnaire_in("es")) == machine(questionnaire_in("en"))


def test_the_active_language_does_not_change_it(form: dict[str, Any]) -> None:
    with translation.override("es"):
        assert questionnaire() == form
