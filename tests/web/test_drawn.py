"""Pages drawn once and given again (wholechild.web.drawn): each visitor's own CSRF token on
them, a waiting message shown, nothing remembered with DEBUG."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import Client, RequestFactory

from tests.parents.helpers import Parent
from wholechild.web import drawn

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def results_of(client: Client) -> Any:
    Parent(client).results(milestones={"walks-alone": "not-yet"})
    return client.get("/check/results/")


def test_a_page_is_drawn_once_and_given_again() -> None:
    client = Client()

    first = client.get("/")
    again = client.get("/")

    assert [t.name for t in first.templates][:1] == ["parents/start.html"]
    assert again.templates == []  # nothing drawn the second time
    assert again.content == first.content


def test_each_visitor_gets_their_own_token_and_it_works() -> None:
    one, other = Client(), Client()

    pages = [results_of(one), results_of(other), one.get("/check/results/")]

    assert pages[2].templates == []  # the second family's page was given again
    tokens = [TOKEN.search(page.content.decode())[1] for page in pages]  # type: ignore[index]
    assert len(set(tokens)) == 3  # a new mask each time, as Django draws it
    assert all(drawn._HOLE not in page.content.decode() for page in pages)
    # Each token is the visitor's own: "Start again" is accepted with it...
    one.handler.enforce_csrf_checks = other.handler.enforce_csrf_checks = True
    cleared = one.post("/check/start-again/", {"csrfmiddlewaretoken": tokens[0]})
    assert cleared.status_code == 302
    # ...and another visitor's token is refused.
    refused = other.post("/check/start-again/", {"csrfmiddlewaretoken": tokens[0]})
    assert refused.status_code == 403


def test_a_waiting_message_is_shown_and_then_the_page_is_remembered_again() -> None:
    factory = RequestFactory()
    request = factory.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    drawn.render_remembered(request, "parents/start.html")  # remembered without a message
    messages.info(request, "Your answers were cleared.")

    shown = drawn.render_remembered(request, "parents/start.html").content.decode()

    assert "Your answers were cleared." in shown
    plain = factory.get("/")
    plain.session = SessionStore()
    assert "Your answers were cleared." not in (
        drawn.render_remembered(plain, "parents/start.html").content.decode()
    )


def test_each_address_and_key_is_its_own_page() -> None:
    factory = RequestFactory()
    one = drawn.render_remembered(factory.get("/"), "parents/start.html", "a")
    other = drawn.render_remembered(factory.get("/?from=poster"), "parents/start.html", "a")
    assert b'value="/?from=poster"' in other.content
    assert b'value="/?from=poster"' not in one.content
    assert len(drawn._pages) == 2
    drawn.render_remembered(factory.get("/"), "parents/start.html", "b")
    assert len(drawn._pages) == 3


def test_only_the_last_pages_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawn, "REMEMBERED", 2)
    factory = RequestFactory()
    for key in ("a", "b", "c"):
        drawn.render_remembered(factory.get("/"), "parents/start.html", key)
    assert [found[-1] for found in drawn._pages] == ["b", "c"]


def test_nothing_is_remembered_with_debug(settings: Any) -> None:
    settings.DEBUG = True
    client = Client()
    client.get("/")
    assert client.get("/").templates != []
    assert drawn._pages == {}


def test_a_visitors_token_is_their_secret_masked_anew_each_time() -> None:
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a" * 16 + "Z9" * 8
    tokens = {drawn.visitor_token(request) for _ in range(50)}

    assert len(tokens) == 50  # a new mask each time
    assert all(len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    # The visitor has the cookie already: it is not sent again.
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def test_a_remembered_page_sends_the_csrf_cookie_only_to_a_visitor_without_one() -> None:
    client = Client()
    first = results_of(client)
    again = client.get("/check/results/")
    assert "csrftoken" in client.cookies
    assert first.status_code == again.status_code == 200
    assert "csrftoken" not in again.cookies  # kept, not sent again
    token = TOKEN.search(again.content.decode())
    assert token is not None
    client.handler.enforce_csrf_checks = True
    assert client.post("/check/start-again/", {"csrfmiddlewaretoken": token[1]}).status_code == 302
    fresh = Client()
    Parent(fresh).results(milestones={"walks-alone": "not-yet"})
    del fresh.cookies["csrftoken"]
    assert "csrftoken" in fresh.get("/check/results/").cookies  # a visitor without one


def test_a_mask_uses_every_character_alike() -> None:
    from collections import Counter

    from django.middleware.csrf import CSRF_ALLOWED_CHARS

    counts = Counter("".join(drawn._mask() for _ in range(4000)))  # 128,000 characters
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # Each of the 62 expected 2,065 times; a byte's b % 62 over all 256 values would give the
    # first 8 characters a third more (2,580) than the rest (1,935).
    assert max(counts.values()) < 2300
    assert min(counts.values()) > 1830


def test_a_visitor_without_a_secret_gets_a_new_one_to_be_set_as_their_cookie() -> None:
    from django.middleware.csrf import _unmask_cipher_token

    request = RequestFactory().get("/")
    token = drawn.visitor_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
