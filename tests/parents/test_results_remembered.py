"""The results page, remembered (parents.views._results_parts and _results_body, and the whole
page in wholechild.web.drawn): the same page
whatever is remembered, and a new one for new answers, another language, another day or
another clinic."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from wholechild.care.models import ClinicSettings
from wholechild.parents import views
from wholechild.web import drawn, journey

from .helpers import Parent

NOT_WALKING = {"walks-alone": "not-yet"}
LANGUAGE_COOKIE = "wholechild_language"


@pytest.fixture(autouse=True)
def nothing_remembered() -> Any:
    forget_everything()
    yield
    forget_everything()


def forget_everything() -> None:
    views._is_confirmed.cache_clear()
    views._results_parts.cache_clear()
    views._results_body.cache_clear()
    drawn.forget()


def page_of(client: Client) -> str:
    """The results page, its one-time CSRF token taken out (it differs on every page)."""
    response = client.get("/check/results/")
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_it_is_the_same_page_whatever_was_remembered(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    first = page_of(client)
    assert views._results_body.cache_info().currsize == 1
    assert page_of(client) == first  # remembered: the whole page, not even the answer drawn
    assert views._results_body.cache_info() == (0, 1, views.RESULTS_REMEMBERED, 1)
    assert len(drawn._pages) == 1
    drawn.forget()
    assert page_of(client) == first  # the page drawn again around the remembered answer
    assert views._results_body.cache_info().hits == 1
    forget_everything()
    assert page_of(client) == first  # screened and drawn again


def test_it_is_the_same_page_as_drawn_without_remembering(
    parent: Parent, client: Client, settings: Any
) -> None:
    parent.results(milestones=NOT_WALKING)
    remembered = page_of(client)
    settings.DEBUG = True  # nothing drawn is remembered
    assert page_of(client) == remembered


def test_another_language_is_another_page(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    english = page_of(client)
    client.cookies[LANGUAGE_COOKIE] = "es"
    spanish = page_of(client)
    assert spanish != english
    assert '<html lang="es"' in spanish
    assert "Physical therapy could help your child" in english
    assert "Physical therapy could help your child" not in spanish
    client.cookies[LANGUAGE_COOKIE] = "en"
    assert page_of(client) == english


def test_a_changed_answer_is_a_new_result(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    before = page_of(client)
    assert "Physical therapy could help your child" in before
    parent.results()  # every milestone "Yes" this time
    after = page_of(client)
    assert "Physical therapy could help your child" not in after
    assert after != before


def test_two_families_with_the_same_answers_share_it(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    other = Client()
    Parent(other).results(milestones=NOT_WALKING)
    assert page_of(other) == page_of(client)
    assert views._results_parts.cache_info().currsize == 1


def test_another_day_is_another_page(
    parent: Parent, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent.results(milestones=NOT_WALKING)
    today = journey.today()
    assert f"Checked on {today:%-d %B %Y}." in page_of(client)
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(journey, "today", lambda: tomorrow)
    assert f"Checked on {tomorrow:%-d %B %Y}." in page_of(client)


def test_a_changed_clinic_is_shown_at_once(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    page_of(client)
    ClinicSettings.objects.update_or_create(
        pk=1, defaults={"name": "Brightside Children's Therapy", "phone": "555 0199"}
    )
    page = page_of(client)
    assert "Brightside Children" in page
    assert "555 0199" in page


def test_the_parts_are_the_engines_answer(parent: Parent, client: Client) -> None:
    parent.results(milestones=NOT_WALKING)
    check = journey.load(client.session)
    key = views._results_key(check)
    parts = views._results_parts(*key)
    assert parts["answer"] == views.screen(
        journey.screening_request(check), today=key[3], language="en"
    )
    assert views._results_parts(*key) is parts  # remembered, and never changed by the page


def test_answers_changed_after_the_results_are_checked_again_first(
    parent: Parent, client: Client
) -> None:
    parent.results(milestones=NOT_WALKING)
    page_of(client)
    check = journey.load(client.session)
    assert views._is_confirmed.cache_info().currsize == 1
    session = client.session
    journey.save(session, check)  # any change means the answers are to be checked again
    session.save()

    again = client.get("/check/results/")

    assert again.status_code == 302
    assert again["Location"].endswith("/check/answers/")
    session = client.session
    journey.save(session, {})  # and with nothing answered, the check starts at the age
    session.save()
    assert client.get("/check/results/")["Location"].endswith("/check/age/")
