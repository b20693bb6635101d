"""The check works with JavaScript switched off: every page, every question, the results."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .journey import (
    BORN_EARLY,
    NOT_WALKING_AT_20_MONTHS,
    Child,
    assert_results_for_a_child_not_walking,
    walk,
)

# Everything a parent needs to answer a page: its fields, its choices and its buttons.
CONTROLS = "main form input:not([type=hidden]), main form button, main a.button"


@pytest.fixture
def page(make_page: Callable[..., Page]) -> Page:
    return make_page(java_script_enabled=False)


def assert_nothing_needed_is_hidden(page: Page, step: str) -> None:
    assert page.evaluate("document.documentElement.className") == "no-js", "JavaScript ran"
    controls = page.locator(CONTROLS)
    assert controls.count(), f"no controls on {step}"
    # Opacity 0 is fine: radios and checkboxes are drawn by their labels, the real input on top.
    hidden = controls.evaluate_all(
        """controls => controls
            .filter(el => !el.checkVisibility({visibilityProperty: true}))
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert not hidden, f"hidden on {step} without JavaScript: {hidden}"
    if step == "born-early":
        expect(page.get_by_label("How many weeks pregnant?")).to_be_visible()


def test_a_parent_without_javascript_gets_the_results(page: Page) -> None:
    seen: list[str] = []

    def look(page: Page, step: str) -> None:
        seen.append(step)
        if step != "results":
            assert_nothing_needed_is_hidden(page, step)

    walk(page, NOT_WALKING_AT_20_MONTHS, on_page=look)

    assert "born-early" in seen
    assert_results_for_a_child_not_walking(page)
    # The print button needs JavaScript, so without it the page says how to print instead.
    expect(page.get_by_role("button", name="Print for your child's doctor")).to_be_hidden()
    expect(page.get_by_text("print this page from your browser's menu")).to_be_visible()


def test_a_parent_without_javascript_can_give_the_weeks_of_pregnancy(page: Page) -> None:
    walk(page, Child(born_early=BORN_EARLY, weeks="32"), until="milestones-1")

    expect(page.get_by_text("Your child was born early")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your child at 18 months")
