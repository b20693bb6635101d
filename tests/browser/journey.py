"""The parent's check, walked in a real browser: who the child is, and how the parent answers.

`walk` goes from the start page to any step, answering as a `Child`, and lets a test look at
every page on the way (`on_page`). How the answers are given is up to the `Hands`: a mouse
(`Mouse`), a finger on a phone (`Touch`), or the keyboard alone (see `keyboard.py`). Questions
and answers are found as a parent finds them, by their words, never by ids or classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from wholechild.web import journey as app_journey

WALKS_ALONE = "Walks without holding on to anyone or anything"
LOST_SKILLS = "Has lost a skill they used to have"
NOT_BORN_EARLY = "No, at 37 weeks or later"
BORN_EARLY = "Yes, before 37 weeks"
NONE_OF_THESE = re.compile(r"none of these", re.IGNORECASE)  # "None of these", "No, none of these"


@dataclass(frozen=True)
class Child:
    """A child as their parent describes them. The calm answer is the default: born at term,
    every milestone "Yes", nothing on any checklist."""

    years: str = "1"
    months: str = "8"
    birth_date: date | None = None  # given instead of years and months when set
    born_early: str = NOT_BORN_EARLY
    weeks: str = ""
    not_yet: tuple[str, ...] = ()  # milestone questions answered "Not yet"
    concerns: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()


NOT_WALKING_AT_20_MONTHS = Child(not_yet=(WALKS_ALONE,))
ON_TRACK_AT_20_MONTHS = Child()
LOST_SKILLS_AT_20_MONTHS = Child(red_flags=(LOST_SKILLS,))


def months_ago(months: int) -> date:
    """A birth date `months` whole months before the app's today (on a day every month has)."""
    today = app_journey.today()
    total = today.year * 12 + today.month - 1 - months
    return date(total // 12, total % 12 + 1, min(today.day, 28))


# --- Where the parent is --------------------------------------------------------------------

STEPS = {
    "/": "start",
    "/check/age/": "age",
    "/check/born-early/": "born-early",
    "/check/concerns/": "concerns",
    "/check/conditions/": "conditions",
    "/check/signs/": "red-flags",
    "/check/answers/": "answers",
    "/check/results/": "results",
}
MILESTONES = re.compile(r"^/check/milestones/(\d+)/$")
CHECKLISTS = {"concerns": "concerns", "conditions": "conditions", "red-flags": "red_flags"}


def step_of(page: Page) -> str:
    """The step the page is: "age", "milestones-2", "results"…"""
    path = urlsplit(page.url).path
    if found := MILESTONES.match(path):
        return f"milestones-{found[1]}"
    if path in STEPS:
        return STEPS[path]
    raise AssertionError(f"the journey went somewhere unexpected: {page.url}")


@contextmanager
def navigating(page: Page) -> Iterator[None]:
    """Wait for the page the action inside leads to (a link followed, a form sent)."""
    with page.expect_navigation(wait_until="load"):
        yield


def questions_on(page: Page) -> list[str]:
    """The milestone questions on the page, as the legends say them, in page order."""
    legends = page.locator("main form fieldset > legend").all_inner_texts()
    return [" ".join(legend.split()) for legend in legends]


# --- How the parent answers -----------------------------------------------------------------


@dataclass
class Hands:
    """Gives the answers on each page. `asked` records every milestone question seen."""

    asked: list[str] = field(default_factory=list)

    def answer(self, page: Page, step: str, child: Child) -> None:
        if step == "start":
            self.start(page)
        elif step == "age":
            self.age(page, child)
        elif step == "born-early":
            self.born_early(page, child)
        elif step.startswith("milestones-"):
            questions = questions_on(page)
            assert questions, f"no questions on {page.url}"
            self.asked.extend(questions)
            self.milestones(page, questions, child)
        elif step in CHECKLISTS:
            self.checklist(page, getattr(child, CHECKLISTS[step]))
        elif step == "answers":
            self.see_results(page)
        else:
            raise AssertionError(f"nothing to answer on {step}")

    def start(self, page: Page) -> None:
        raise NotImplementedError

    def age(self, page: Page, child: Child) -> None:
        raise NotImplementedError

    def born_early(self, page: Page, child: Child) -> None:
        raise NotImplementedError

    def milestones(self, page: Page, questions: list[str], child: Child) -> None:
        raise NotImplementedError

    def checklist(self, page: Page, labels: tuple[str, ...]) -> None:
        raise NotImplementedError

    def see_results(self, page: Page) -> None:
        raise NotImplementedError


def age_fields(child: Child) -> list[tuple[str, str]]:
    """(label, text) for each box of the age question the parent fills in."""
    if child.birth_date:
        born = child.birth_date
        return [("Day", str(born.day)), ("Month", str(born.month)), ("Year", str(born.year))]
    return [("Years", child.years), ("Months", child.months)]


def milestone_answer(question: str, child: Child) -> str:
    return "Not yet" if question in child.not_yet else "Yes"


class Mouse(Hands):
    """Clicks and types, as most parents on a computer do."""

    def activate(self, target: Locator) -> None:
        target.click()

    def tick(self, target: Locator) -> None:
        self.activate(target)
        expect(target).to_be_checked()

    def continue_(self, page: Page, name: str = "Continue") -> None:
        with navigating(page):
            self.activate(page.get_by_role("button", name=name, exact=True))

    def start(self, page: Page) -> None:
        with navigating(page):
            self.activate(page.get_by_role("button", name="Start now"))

    def age(self, page: Page, child: Child) -> None:
        for label, text in age_fields(child):
            page.get_by_label(label, exact=True).fill(text)
        self.continue_(page)

    def born_early(self, page: Page, child: Child) -> None:
        self.tick(page.get_by_role("radio", name=child.born_early, exact=True))
        if child.weeks:
            page.get_by_label("How many weeks pregnant?").fill(child.weeks)
        self.continue_(page)

    def milestones(self, page: Page, questions: list[str], child: Child) -> None:
        for question in questions:
            group = page.get_by_role("group", name=question, exact=True)
            answer = milestone_answer(question, child)
            self.tick(group.get_by_role("radio", name=answer, exact=True))
        self.continue_(page)

    def checklist(self, page: Page, labels: tuple[str, ...]) -> None:
        for label in labels:
            self.tick(page.get_by_role("checkbox", name=label, exact=True))
        if not labels:
            self.tick(page.get_by_role("checkbox", name=NONE_OF_THESE))
        self.continue_(page)

    def see_results(self, page: Page) -> None:
        self.continue_(page, "See the results")


class Touch(Mouse):
    """A finger on a phone's screen."""

    def activate(self, target: Locator) -> None:
        target.tap()


# --- The walk -------------------------------------------------------------------------------

OnPage = Callable[[Page, str], None]
JOURNEY_LENGTH = 20  # more pages than any journey has


def walk(
    page: Page,
    child: Child,
    *,
    until: str = "results",
    hands: Hands | None = None,
    on_page: OnPage | None = None,
) -> Hands:
    """From the start page to the step `until`, answering as `child`.

    `on_page(page, step)` sees every page as it arrives, before it is answered, `until`
    included. Returns the hands, which know which milestone questions were asked.
    """
    hands = hands or Mouse()
    page.goto("/")
    for _ in range(JOURNEY_LENGTH):
        step = step_of(page)
        if on_page:
            on_page(page, step)
        if step == until:
            if step in ("answers", "results"):
                unasked = set(child.not_yet) - set(hands.asked)
                assert not unasked, f"never asked: {sorted(unasked)}; asked: {hands.asked}"
            return hands
        hands.answer(page, step, child)
    raise AssertionError(f"the journey did not reach {until!r}; it is at {page.url}")


# --- What the results say -------------------------------------------------------------------


def result_card(page: Page, discipline: str) -> Locator:
    """The results' card for "Physical therapy" or "Occupational therapy"."""
    return page.get_by_role("region", name=re.compile(f"^{discipline}"))


def assert_results_for_a_child_not_walking(page: Page) -> None:
    """Answer first: PT could help, book soon, PT recommended, OT not needed now (a line, not a
    card), not a diagnosis, and the sources."""
    assert step_of(page) == "results"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Physical therapy could help your child"
    )
    pt = result_card(page, "Physical therapy")
    expect(pt.get_by_role("heading", level=2)).to_contain_text("Recommended")
    expect(pt).to_contain_text("walk")
    expect(result_card(page, "Occupational therapy")).to_have_count(0)
    expect(page.get_by_text("Occupational therapy: not needed now.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Book an evaluation now"))).to_be_visible()
    expect(page.get_by_text("This is not a diagnosis.")).to_be_visible()
    expect(page.get_by_text("Where this advice comes from")).to_be_visible()
