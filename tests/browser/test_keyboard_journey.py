"""A parent who uses only a keyboard can do the whole check and see where the focus is."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .journey import (
    BORN_EARLY,
    NOT_WALKING_AT_20_MONTHS,
    WALKS_ALONE,
    Child,
    assert_results_for_a_child_not_walking,
    navigating,
    step_of,
    walk,
)
from .keyboard import Keyboard, assert_focus_visible, focused, tab_to


def test_a_parent_can_do_the_whole_check_with_the_keyboard(page: Page) -> None:
    keyboard = Keyboard()

    def look(page: Page, step: str) -> None:
        if step == "age":
            # Shift+Tab from the first box reaches the back link, which shows its focus.
            tab_to(page, "Day")
            back = tab_to(page, "Back", backwards=True)
            assert back.tag == "a"
            keyboard.seen_focus.append(assert_focus_visible(page))
        if step == "answers":
            # Every answer can be changed from here, by keyboard too.
            tab_to(page, "See the results")
            change = tab_to(page, re.compile(r"^Change signs noticed$"), backwards=True)
            assert change.tag == "a"
            keyboard.seen_focus.append(assert_focus_visible(page))

    walk(page, NOT_WALKING_AT_20_MONTHS, hands=keyboard, on_page=look)

    assert_results_for_a_child_not_walking(page)
    assert WALKS_ALONE in keyboard.asked
    used = {element.tag for element in keyboard.seen_focus}
    assert {"a", "button", "input"} <= used, f"focus was checked only on {used}"


def test_the_first_tab_reaches_a_visible_skip_link_that_skips_to_the_content(page: Page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip is not None and skip.name == "Skip to main content"
    assert_focus_visible(page)
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    after = focused(page)
    assert after is not None and after.name == "Start now", f"the skip link led to {after}"


def test_an_error_takes_the_focus_and_its_link_leads_to_the_question(page: Page) -> None:
    keyboard = Keyboard()
    walk(page, NOT_WALKING_AT_20_MONTHS, hands=keyboard, until="age")

    keyboard.press(page, "Continue")  # nothing entered

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_focus_visible(page)
    keyboard.use(page, "Enter your child's date of birth, or their age")
    page.keyboard.press("Enter")
    day = focused(page)
    assert day is not None and day.name == "Day", f"the error's link led to {day}"


def test_a_parent_can_give_the_weeks_of_pregnancy_with_the_keyboard(page: Page) -> None:
    keyboard = Keyboard()
    walk(page, Child(born_early=BORN_EARLY, weeks="32"), hands=keyboard, until="milestones-1")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your child at 18 months")


def test_the_start_link_works_like_the_button_it_says_it_is(page: Page) -> None:
    """It has role="button", so a screen reader announces a button: Space must press it."""
    page.goto("/")
    tab_to(page, "Start now")

    with navigating(page):
        page.keyboard.press("Space")

    assert step_of(page) == "age"
