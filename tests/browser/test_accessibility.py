"""axe-core finds no WCAG 2.2 A or AA failure on any page of the check, errors shown or not.

axe is the automated half of an accessibility check: it catches missing names, broken ARIA,
contrast and the like. It cannot tell whether the pages make sense to a screen-reader user;
the keyboard journey and a person with a screen reader do the rest.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .journey import (
    BORN_EARLY,
    LOST_SKILLS_AT_20_MONTHS,
    NOT_WALKING_AT_20_MONTHS,
    ON_TRACK_AT_20_MONTHS,
    Child,
    Mouse,
    navigating,
    walk,
)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
# Pages a journey shows with "There is a problem": sent without an answer.
WITH_ERRORS = ("age", "born-early", "milestones-1", "concerns", "conditions", "red-flags")


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"      {' '.join(map(str, node['target']))}\n        {node.get('failureSummary', '')}"
        for node in violation["nodes"]
    )
    return (
        f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    {violation['helpUrl']}\n{nodes}"
    )


class Audit:
    """Runs axe on a page and keeps what it found, so that one run reports every page."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.pages: list[str] = []
        self.found: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, page: Page, name: str) -> None:
        results = self.axe.run(page, options=OPTIONS).response
        self.pages.append(name)
        if results["violations"]:
            self.found[f"{name} ({page.url})"] = results["violations"]

    def assert_no_violations(self) -> None:
        report = "\n".join(
            f"{name}:\n" + "\n".join(describe(v) for v in violations)
            for name, violations in self.found.items()
        )
        assert not self.found, f"axe found WCAG 2.2 AA violations:\n{report}"


@pytest.fixture
def audit() -> Audit:
    return Audit()


def test_no_page_of_the_check_has_an_accessibility_violation(page: Page, audit: Audit) -> None:
    mouse = Mouse()

    def look(page: Page, step: str) -> None:
        audit(page, step)
        if step in WITH_ERRORS:
            mouse.continue_(page)
            expect(page.get_by_role("alert")).to_contain_text("There is a problem")
            audit(page, f"{step} with errors")
        if step == "born-early":
            # The weeks question, revealed, and with its own error.
            mouse.tick(page.get_by_role("radio", name=BORN_EARLY))
            audit(page, "born-early with the weeks question")
            mouse.continue_(page)
            expect(page.get_by_role("alert")).to_contain_text("weeks")
            audit(page, "born-early with the weeks missing")

    walk(page, NOT_WALKING_AT_20_MONTHS, hands=mouse, on_page=look)

    audit.assert_no_violations()
    steps = ["start", "age", "born-early", "milestones-3", "red-flags", "answers", "results"]
    assert set(steps) <= set(audit.pages), audit.pages
    assert len(audit.pages) == len(set(audit.pages)) >= 19, audit.pages


@pytest.mark.parametrize(
    "child",
    [
        pytest.param(ON_TRACK_AT_20_MONTHS, id="monitor"),
        pytest.param(LOST_SKILLS_AT_20_MONTHS, id="urgent"),
        pytest.param(Child(born_early=BORN_EARLY, weeks="30"), id="born-early"),
    ],
)
def test_the_results_have_no_accessibility_violation(
    page: Page, audit: Audit, child: Child
) -> None:
    walk(page, child)

    audit(page, "results")
    audit.assert_no_violations()
    expect(page).to_have_title("Your results – WholeChild")


def test_changing_an_answer_has_no_accessibility_violation(page: Page, audit: Audit) -> None:
    walk(page, NOT_WALKING_AT_20_MONTHS, until="answers")

    with navigating(page):
        page.get_by_role("link", name="Change age").click()
    audit(page, "age, changing")
    audit.assert_no_violations()
