"""A Spanish-speaking parent on a small phone (320 CSS pixels) does the whole check in Spanish
with the keyboard alone, with and without JavaScript: every page is in Spanish with
`<html lang="es">`, axe-core finds nothing on any of them, and the results are the engine's
Spanish. The language switch, by keyboard, turns the page to English and back."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from wholechild.screening import get_content

from .journey import Child, navigating, walk
from .keyboard import Keyboard, focused
from .test_accessibility import Audit

WIDTH, HEIGHT = 320, 640
WORDS = get_content("es")
WALKS_ALONE = next(m.label for m in WORDS.milestones.values() if m.id == "walks-alone")
NINGUNA = re.compile(r"ninguna de estas", re.IGNORECASE)  # "Ninguna de estas", "No, ninguna…"


class SpanishKeyboard(Keyboard):
    """The keyboard, with the page's Spanish words."""

    def start(self, page: Page) -> None:
        self.press(page, "Empezar ahora")

    def age(self, page: Page, child: Child) -> None:
        self.use(page, "Años")
        page.keyboard.type(child.years)
        page.keyboard.press("Tab")
        element = focused(page)
        assert element is not None and element.name == "Meses", f"Tab went to {element}"
        page.keyboard.type(child.months)
        self.press(page, "Continuar")

    def born_early(self, page: Page, child: Child) -> None:
        self.choose(page, "¿Su hijo nació antes de tiempo?", "No, a las 37 semanas o después")
        self.press(page, "Continuar")

    def milestones(self, page: Page, questions: list[str], child: Child) -> None:
        for question in questions:
            answer = "Todavía no" if question in child.not_yet else "Sí"
            self.choose(page, question, answer)
        self.press(page, "Continuar")

    def checklist(self, page: Page, labels: tuple[str, ...]) -> None:
        self.tick(page, NINGUNA)
        self.press(page, "Continuar")

    def see_results(self, page: Page) -> None:
        self.press(page, "Ver los resultados")


NOT_WALKING = Child(not_yet=(WALKS_ALONE,))


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def phone(javascript: bool, make_page: Callable[..., Page]) -> Page:
    """A small phone whose browser asks for Spanish (Accept-Language: es-US)."""
    return make_page(
        viewport={"width": WIDTH, "height": HEIGHT},
        is_mobile=True,
        has_touch=True,
        locale="es-US",
        java_script_enabled=javascript,
    )


def test_a_parent_does_the_whole_check_in_spanish_by_keyboard(
    phone: Page, javascript: bool
) -> None:
    audit = Audit()
    keyboard = SpanishKeyboard()
    seen: list[str] = []

    def look(page: Page, step: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
        seen.append(step)
        if javascript:  # axe-core runs as a script in the page
            audit(page, step)

    walk(phone, NOT_WALKING, hands=keyboard, on_page=look)

    audit.assert_no_violations()
    assert len(seen) >= 9, seen
    assert WALKS_ALONE in keyboard.asked
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "La terapia física podría ayudar a su hijo"
    )
    expect(phone.get_by_text(WORDS.messages["next_steps"]["share"])).to_be_visible()


def test_the_language_switch_works_by_keyboard_and_keeps_the_page(phone: Page) -> None:
    keyboard = Keyboard()
    phone.goto("/privacy/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")

    keyboard.press(phone, "English")

    assert phone.url.endswith("/privacy/")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Privacy: what we keep, and for how long"
    )
    with navigating(phone):
        phone.get_by_role("button", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")


def test_the_switch_names_the_other_language_in_its_own_language(phone: Page) -> None:
    phone.goto("/")
    english = phone.get_by_role("button", name="English")

    expect(english).to_have_attribute("lang", "en")
    expect(phone.get_by_role("form", name="Idioma")).to_contain_text("English")
    # Beside the service's name, in the header: no line of its own on a phone.
    header = phone.locator("header").bounding_box()
    box = english.bounding_box()
    assert header is not None and box is not None
    assert box["y"] < header["y"] + 40
    assert box["x"] + box["width"] <= WIDTH
    assert box["height"] >= 24  # a target big enough for a finger (WCAG 2.5.8)
