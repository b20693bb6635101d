"""The keyboard alone: Tab and Shift+Tab to move, arrows within a radio group, Space to tick,
Enter to follow a link or press a button. Nothing is clicked and nothing is filled in.

`tab_to` moves focus the way a keyboard user does, and `Keyboard` answers the whole check with
it, making sure that every control it is about to use shows where the focus is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Page

from .journey import NONE_OF_THESE, Child, Hands, age_fields, milestone_answer, navigating

MAX_PRESSES = 80

# What has the focus, as a keyboard user would hear it: the element, its accessible name (an
# approximation good enough for these pages), and the question (legend) it belongs to.
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const text = (s) => (s || "").replace(/\\s+/g, " ").trim();
  let name = el.getAttribute("aria-label") || "";
  const labelledby = el.getAttribute("aria-labelledby");
  if (!name && labelledby) {
    name = labelledby.split(/\\s+/).map((id) => document.getElementById(id))
      .filter(Boolean).map((node) => node.textContent).join(" ");
  }
  if (!name && el.labels && el.labels.length) name = el.labels[0].textContent;
  if (!name && !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) name = el.textContent;
  const fieldset = el.closest("fieldset");
  const legend = fieldset && fieldset.querySelector(":scope > legend");
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "",
    role: el.getAttribute("role") || "",
    field: el.getAttribute("name") || "",
    name: text(name),
    legend: text(legend && legend.textContent),
    checked: !!el.checked,
  };
}"""

# How an element is drawn, for telling whether it shows the focus. Radios and checkboxes are
# drawn by their label's ::before, so it is that drawing that has to show the focus, not the
# invisible input on top of it.
DRAWING = """(el) => {
  const drawn = ["radio", "checkbox"].includes(el.type) && el.labels && el.labels.length;
  const style = drawn ? getComputedStyle(el.labels[0], "::before") : getComputedStyle(el);
  const transparent = /^(transparent|rgba\\(.*,\\s*0\\))$/.test(style.outlineColor);
  return {
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !transparent
      ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : "none",
    boxShadow: style.boxShadow,
    background: style.backgroundColor,
    border: `${style.borderTopWidth} ${style.borderTopColor}`,
    color: style.color,
  };
}"""


@dataclass(frozen=True)
class Focused:
    tag: str
    type: str
    role: str
    field: str
    name: str
    legend: str
    checked: bool

    def __str__(self) -> str:
        kind = self.role or self.type or self.tag
        question = f" in “{self.legend}”" if self.legend else ""
        return f"{kind} “{self.name}”{question}"


Target = str | re.Pattern[str] | Callable[[Focused], bool]


def focused(page: Page) -> Focused | None:
    found = page.evaluate(DESCRIBE_FOCUS)
    return Focused(**found) if found else None


def _matches(element: Focused | None, target: Target) -> bool:
    if element is None:
        return False
    if isinstance(target, str):
        return element.name == target
    if isinstance(target, re.Pattern):
        return bool(target.search(element.name))
    return target(element)


def tab_to(page: Page, target: Target, *, backwards: bool = False) -> Focused:
    """Press Tab (or Shift+Tab) until the focused element matches `target`: its accessible name,
    a pattern for it, or a predicate on `Focused`. Fails after MAX_PRESSES, listing what the
    focus passed on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    passed: list[str] = []
    element = focused(page)
    for _ in range(MAX_PRESSES):
        if _matches(element, target):
            assert element is not None
            return element
        page.keyboard.press(key)
        element = focused(page)
        passed.append(str(element) if element else "(nothing)")
    raise AssertionError(
        f"{key} did not reach {target!r} in {MAX_PRESSES} presses on {page.url}; "
        f"it passed: {passed}"
    )


def in_question(question: str) -> Callable[[Focused], bool]:
    """A predicate: the focus is on a choice of this question (a fieldset's legend)."""
    return lambda element: element.legend == question


def assert_focus_visible(page: Page) -> Focused:
    """The focused element shows it: an outline that can be seen or a box shadow (the GOV.UK
    focus style), and it looks different from the same element without the focus."""
    element = focused(page)
    assert element is not None, f"nothing has the focus on {page.url}"
    handle = page.evaluate_handle("document.activeElement")
    with_focus = handle.evaluate(DRAWING)
    handle.evaluate("el => el.blur()")
    without_focus = handle.evaluate(DRAWING)
    handle.evaluate("el => el.focus()")
    assert focused(page) == element, f"could not give the focus back to {element}"
    assert with_focus["outline"] != "none" or with_focus["boxShadow"] != "none", (
        f"{element} shows no focus on {page.url}: {with_focus}"
    )
    assert with_focus != without_focus, (
        f"{element} looks the same with and without the focus on {page.url}: {with_focus}"
    )
    return element


@dataclass
class Keyboard(Hands):
    """Answers the check with the keyboard only. `seen_focus` lists every element it checked
    for a visible focus before using it."""

    seen_focus: list[Focused] = field(default_factory=list)

    def use(self, page: Page, target: Target, *, backwards: bool = False) -> Focused:
        tab_to(page, target, backwards=backwards)
        element = assert_focus_visible(page)
        self.seen_focus.append(element)
        return element

    def press(self, page: Page, target: Target, key: str = "Enter") -> None:
        """Move to a link or a button and press it, waiting for the page it leads to."""
        self.use(page, target)
        with navigating(page):
            page.keyboard.press(key)

    def choose(self, page: Page, question: str, answer: str) -> None:
        """Choose a radio of a question as keyboard users do: Tab into the group, which focuses
        the first choice (or the chosen one), then arrows to the answer (arrows choose as they
        move), or Space when the answer is the choice Tab landed on."""
        element = self.use(page, in_question(question))
        for _ in range(10):  # more than any question has choices
            if element.name == answer:
                if not element.checked:
                    page.keyboard.press("Space")
                    element = focused(page)
                assert element is not None and element.checked, f"“{answer}” not chosen"
                return
            page.keyboard.press("ArrowRight")
            found = focused(page)
            assert found is not None and found.legend == question, f"left “{question}”"
            element = found
        raise AssertionError(f"no choice “{answer}” in “{question}”")

    def tick(self, page: Page, label: Target) -> None:
        element = self.use(page, label)
        assert element.type == "checkbox", f"{element} is not a checkbox"
        if not element.checked:
            page.keyboard.press("Space")
        element = focused(page)
        assert element is not None and element.checked, f"{element} not ticked"

    def start(self, page: Page) -> None:
        self.press(page, "Start now")

    def age(self, page: Page, child: Child) -> None:
        fields = age_fields(child)
        first, text = fields[0]
        self.use(page, first)
        page.keyboard.type(text)
        for label, text in fields[1:]:
            page.keyboard.press("Tab")
            element = focused(page)
            assert element is not None and element.name == label, f"Tab went to {element}"
            page.keyboard.type(text)
        self.press(page, "Continue")

    def born_early(self, page: Page, child: Child) -> None:
        self.choose(page, "Was your child born early?", child.born_early)
        if child.weeks:
            self.use(page, "How many weeks pregnant?")
            page.keyboard.type(child.weeks)
        self.press(page, "Continue")

    def milestones(self, page: Page, questions: list[str], child: Child) -> None:
        for question in questions:
            self.choose(page, question, milestone_answer(question, child))
        self.press(page, "Continue")

    def checklist(self, page: Page, labels: tuple[str, ...]) -> None:
        for label in labels:
            self.tick(page, label)
        if not labels:
            self.tick(page, NONE_OF_THESE)
        self.press(page, "Continue")

    def see_results(self, page: Page) -> None:
        self.press(page, "See the results")
