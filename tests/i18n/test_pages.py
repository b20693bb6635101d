"""The family's pages in Spanish: the browser's Accept-Language chooses the first page's
language, the switch on every public page changes it without JavaScript and comes back to the
same page, for the browser's session only, and `<html lang>` is always the language of the
text. The clinic's pages stay in English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.parents.helpers import Parent, text_of
from wholechild.screening import get_content

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/privacy/", "/contact/", "/accessibility/", "/check/age/"]
COOKIE = settings.LANGUAGE_COOKIE_NAME


def spanish() -> Client:
    return Client(headers={"accept-language": "es-US,es;q=0.9,en;q=0.5"})


def lang_of(page: Any) -> str:
    found = re.search(r'<html lang="([^"]+)"', page.content.decode())
    assert found, "the page has no <html lang>"
    return found.group(1)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_spanish_browser_gets_the_page_in_spanish(path: str) -> None:
    page = spanish().get(path)

    assert page.status_code == 200
    assert lang_of(page) == "es"
    assert page["Content-Language"] == "es"
    assert "Saltar al contenido principal" in page.content.decode()
    assert "Skip to main content" not in page.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_english_browser_gets_english_and_the_switch(client: Client, path: str) -> None:
    page = client.get(path)
    html = page.content.decode()

    assert lang_of(page) == "en"
    assert 'action="/language/" method="post"' in html
    assert '<button type="submit" name="language" value="es" lang="es"' in html
    assert f'name="next" value="{path}"' in html


def test_the_start_page_in_spanish_speaks_of_the_two_therapies() -> None:
    page = text_of(spanish().get("/"))

    assert "Averigüe si la terapia física o la terapia ocupacional podrían ayudar a su hijo" in page
    assert "Empezar ahora" in page


def test_the_switch_works_without_javascript_and_keeps_you_on_the_page(client: Client) -> None:
    switched = client.post("/language/", {"language": "es", "next": "/privacy/"})

    assert switched.status_code == 302
    assert switched["Location"] == "/privacy/"
    page = client.get("/privacy/")
    assert lang_of(page) == "es"
    assert "Privacidad: lo que guardamos y por cuánto tiempo" in page.content.decode()


def test_the_switch_wins_over_the_browsers_language() -> None:
    browser = spanish()
    browser.post("/language/", {"language": "en", "next": "/"})

    assert lang_of(browser.get("/")) == "en"


def test_the_choice_lasts_for_the_browsers_session_only(client: Client) -> None:
    cookie = client.post("/language/", {"language": "es", "next": "/"}).cookies[COOKIE]

    assert cookie.value == "es"
    assert not cookie["max-age"] and not cookie["expires"]  # a session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_page_with_the_switch_sets_no_cookie(client: Client) -> None:
    # The switch needs no CSRF token, so the start page stays cookie-free (and compressible).
    assert not client.get("/").cookies


def test_the_switch_never_sends_you_to_another_site(client: Client) -> None:
    switched = client.post("/language/", {"language": "es", "next": "https://evil.example/"})

    assert switched.status_code == 302
    assert "evil.example" not in switched["Location"]


def test_the_whole_check_in_spanish_ends_in_spanish_results() -> None:
    parent = Parent(spanish())
    results = parent.results(milestones={"walks-alone": "not-yet"})
    page = text_of(results)
    words = get_content("es")

    assert lang_of(results) == "es"
    assert "La terapia física podría ayudar a su hijo" in page
    assert words.messages["next_steps"]["share"] in page
    assert "Physical therapy could help your child" not in page


def test_the_check_pages_ask_in_spanish() -> None:
    parent = Parent(spanish())
    page = parent.answer(until="/check/milestones/")

    assert lang_of(page) == "es"
    assert "¿Su hijo ya hace estas cosas?" in page.content.decode()
    labels = [m.label for m in get_content("es").milestones.values()]
    assert any(label in page.content.decode() for label in labels)


@pytest.mark.parametrize("path", ["/clinic/sign-in/"])
def test_the_clinics_pages_stay_in_english(path: str) -> None:
    browser = spanish()
    browser.post("/language/", {"language": "es", "next": "/"})
    page = browser.get(path)

    assert lang_of(page) == "en"
    assert page["Content-Language"] == "en"
    assert "Skip to main content" in page.content.decode()
    assert 'action="/language/"' not in page.content.decode()


def test_a_signed_in_clinic_page_stays_in_english_for_a_spanish_browser(
    cast: Any, client: Client
) -> None:
    from tests.cast import sign_in

    client.cookies[COOKIE] = "es"
    page = sign_in(client, cast.intake).get("/clinic/", headers={"accept-language": "es"})

    assert lang_of(page) == "en"
    assert "Requests" in page.content.decode()


def test_an_error_page_is_in_the_language_of_the_browser() -> None:
    page = spanish().get("/no-such-page/")

    assert page.status_code == 404
    assert lang_of(page) == "es"
    assert "No se encontró la página" in page.content.decode()
