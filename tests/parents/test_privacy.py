"""Nothing about a child reaches the database, a URL, a log line or a cache on the way."""

import logging
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .helpers import text_of

BORN = timezone.localdate() - timedelta(days=600)  # 19 to 20 months: born early still counts
BIRTH = {"dob-day": str(BORN.day), "dob-month": str(BORN.month), "dob-year": str(BORN.year)}
ANSWERS = {
    "age": BIRTH,
    "born_early": {"born-early": "yes", "weeks": "33"},
    "milestones": {"walks-alone": "not-yet"},
    "concerns": ["toe-walking", "feeding"],
    "conditions": ["down-syndrome"],
    "red_flags": ["very-floppy"],
}
CHILD_DETAILS = [
    BORN.isoformat(),
    "toe-walking",
    "feeding",
    "down-syndrome",
    "very-floppy",
    "not-yet",
    "33",
]
# One page of each kind, in journey order, each showing something of the child.
CHECK_PAGES = (
    "/check/age/",
    "/check/born-early/",
    "/check/milestones/1/",
    "/check/concerns/",
    "/check/conditions/",
    "/check/signs/",
    "/check/answers/",
    "/check/results/",
)


@pytest.mark.django_db
def test_it_asks_the_database_only_who_the_clinic_is_in_the_whole_journey(parent, client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
        results = parent.results(**ANSWERS)
        client.post("/check/start-again/")
    assert "Your results" in text_of(results)
    # One read, for the results' "call the clinic" and the printed page's footer: nothing about
    # the child is written or read.
    assert [q["sql"].split()[0] for q in queries] == ["SELECT"]
    assert '"clinic_clinicsettings"' in queries[0]["sql"]


def test_it_never_puts_an_answer_in_a_redirect(parent):
    parent.results(**ANSWERS)
    assert len(parent.redirects) > 8
    for url in parent.redirects:
        assert re.fullmatch(r"/check/[a-z-]+/(\d/)?", url), url
        assert not any(detail in url for detail in CHILD_DETAILS)
        assert str(BORN.year) not in url


def test_it_posts_every_form(parent, client):
    parent.results(**ANSWERS)
    for url in CHECK_PAGES:
        html = client.get(url).content.decode()
        forms = re.findall(r"<form\b[^>]*>", html)
        assert forms, url
        assert all('method="post"' in form for form in forms), url


def test_it_writes_no_child_detail_to_the_logs(parent, caplog):
    with caplog.at_level(logging.DEBUG):
        parent.results(**ANSWERS)
    # Short numbers could be line numbers in a log record; ids and dates could not.
    assert not any(detail in caplog.text for detail in CHILD_DETAILS if not detail.isdecimal())


def test_it_marks_every_check_page_no_store(parent, client):
    parent.results(**ANSWERS)
    for url in CHECK_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    saved = client.post("/check/concerns/", {"concerns": ["none"]})
    assert "no-store" in saved["Cache-Control"]


def test_it_lets_the_start_page_be_cached_as_it_holds_nothing_personal(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_it_refuses_a_post_without_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/check/age/", {"age-years": "1", "age-months": "8"}).status_code == 403
    assert client.post("/check/start-again/").status_code == 403


def test_it_keeps_the_answers_in_a_cache_backed_session(parent, client, settings):
    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, CacheSessionStore)
    parent.results(**ANSWERS)
    check = client.session["check"]
    assert check["birth_date"] == BORN.isoformat()
    assert check["gestational_age_weeks"] == 33
    assert check["milestones"]["walks-alone"] == "not-yet"
    assert check["concerns"] == ["toe-walking", "feeding"]
