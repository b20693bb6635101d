"""Redis down, with REDIS_URL set: the page says so plainly, what needs no session keeps
working, and everything comes back by itself when Redis does."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client, RequestFactory

from tests.parents.helpers import AGE_20_MONTHS, Parent, text_of
from tests.redis_server import CLOSED_REDIS, RedisServer, use_redis
from wholechild.care import ratelimit
from wholechild.care.models import EvaluationRequest, RateCount
from wholechild.web import sessions

pytestmark = pytest.mark.django_db

SAYS_SO = "We cannot save your answers right now"
SCREENING = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}


@pytest.fixture
def client() -> Client:
    # The 503 is what is under test; the test client would re-raise the exception behind it.
    return Client(raise_request_exception=False)


def test_a_parent_is_told_plainly_that_their_answers_cannot_be_saved(
    client: Client, settings: Any
) -> None:
    use_redis(settings, CLOSED_REDIS)

    response = client.post("/check/age/", AGE_20_MONTHS)

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Cache-Control"] == "no-store"
    page = text_of(response)
    assert SAYS_SO in page
    assert "Please try again in a few minutes" in page
    assert "Sorry, something went wrong" not in page


def test_the_start_page_and_the_api_keep_working_without_redis(
    client: Client, settings: Any
) -> None:
    ratelimit.clear()
    use_redis(settings, CLOSED_REDIS)
    details = {
        "screening": SCREENING,
        "parent_name": "Alex Example",
        "email": "alex@example.org",
        "child_first_name": "Mia",
        "child_birth_date": "2025-03-14",
        "preferred_language": "English",
        "consent": True,
    }

    start = client.get("/")
    screened = client.post("/api/v1/screenings", SCREENING, content_type="application/json")
    sent = client.post(
        "/api/v1/evaluation-requests", json.dumps(details), content_type="application/json"
    )

    assert start.status_code == 200
    assert screened.status_code == 200
    assert sent.status_code == 201, sent.content
    assert EvaluationRequest.objects.filter(reference=sent.json()["reference"]).exists()
    assert RateCount.objects.exists()  # the rate limit counted in the database meanwhile
    status = client.get(urlsplit(sent.json()["status_url"]).path)
    assert status.status_code == 200  # the family's status page needs no session either


def test_a_member_of_staff_is_told_too_rather_than_shown_an_error(
    cast: Any, as_user: Any, settings: Any
) -> None:
    staff = as_user(cast.intake)
    use_redis(settings, CLOSED_REDIS)  # their session is now out of reach

    response = staff.get("/clinic/")

    assert response.status_code == 503
    assert SAYS_SO in text_of(response)


def test_a_parent_carries_on_where_they_were_once_a_hung_redis_answers_again(
    client: Client, settings: Any, redis_server: RedisServer
) -> None:
    use_redis(settings, redis_server.url)
    parent = Parent(client)
    assert parent.post("/check/age/", AGE_20_MONTHS)["Location"] == "/check/born-early/"

    redis_server.freeze()
    try:
        during = client.get("/check/born-early/")  # waits out the socket timeout
    finally:
        redis_server.thaw()
    after = client.get("/check/born-early/")

    assert during.status_code == 503
    # Django's own store would have taken the outage for an empty session, deleted the cookie
    # and sent the parent back to the start, losing the answers still in Redis.
    assert settings.SESSION_COOKIE_NAME not in during.cookies
    assert after.status_code == 200  # the age answer is still there: no redirect to the start
    assert "Was your child born early?" in text_of(after)


def test_it_works_again_by_itself_once_redis_is_back(
    client: Client, settings: Any, redis_server: RedisServer
) -> None:
    use_redis(settings, redis_server.url)
    redis_server.stop()

    down = client.post("/check/age/", AGE_20_MONTHS)
    not_ready = client.get("/readyz")
    redis_server.start()
    back = client.post("/check/age/", AGE_20_MONTHS)
    ready = client.get("/readyz")

    assert (down.status_code, not_ready.status_code) == (503, 503)
    assert back.status_code == 302
    assert back["Location"] == "/check/born-early/"
    assert ready.status_code == 200


def test_any_other_error_still_gets_the_plain_server_error_page() -> None:
    request = RequestFactory().get("/check/age/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        bug = sessions.server_error(request)
    try:
        raise sessions.StoreUnavailable
    except sessions.StoreUnavailable:
        outage = sessions.server_error(request)

    assert bug.status_code == 500
    assert "Sorry, something went wrong" in bug.content.decode()
    assert outage.status_code == 503
