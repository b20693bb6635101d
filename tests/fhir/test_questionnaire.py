"""The check as a Questionnaire: valid R4, one item per id of the contract, the three answers,
and the ages at which each item is offered the same as the check's own pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fhir.validation import validate
from wholechild.fhir.questionnaire import (
    ENABLE_WHEN_EXPRESSION,
    HIDDEN,
    canonical,
    milestone_ages,
    questionnaire,
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
