"""The pages' middleware around the pages only (wholechild.web.doors): the JSON API is answered
without a session, a sign-in or messages, and the pages keep every one of them, hooks and all."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from wholechild.web.doors import PageMiddleware

SEEN: list[str] = []


class Recording:
    """A middleware that writes down which of its parts ran."""

    name = "outer"

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        SEEN.append(f"{self.name} call")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        SEEN.append(f"{self.name} view")

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        SEEN.append(f"{self.name} template")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        SEEN.append(f"{self.name} exception")


class Inner(Recording):
    name = "inner"


@pytest.fixture
def doors(settings: Any) -> PageMiddleware:
    settings.PAGE_MIDDLEWARE = [f"{__name__}.Recording", f"{__name__}.Inner"]
    SEEN.clear()
    return PageMiddleware(lambda request: HttpResponse(",".join(SEEN)))


def run_all(doors: PageMiddleware, path: str) -> list[str]:
    request = RequestFactory().get(path)
    doors(request)
    doors.process_view(request, None, (), {})
    doors.process_template_response(request, HttpResponse())
    doors.process_exception(request, ValueError())
    return list(SEEN)


def test_a_page_goes_through_each_middleware_in_its_order(doors: PageMiddleware) -> None:
    assert run_all(doors, "/check/age/") == [
        "outer call",
        "inner call",
        "outer view",
        "inner view",
        "inner template",
        "outer template",
        "inner exception",
        "outer exception",
    ]


def test_the_api_goes_straight_on(doors: PageMiddleware) -> None:
    assert run_all(doors, "/api/v1/screenings") == []


@pytest.mark.django_db
def test_the_api_answers_a_signed_in_browser_without_its_session(as_user: Any, cast: Any) -> None:
    client: Client = as_user(cast.intake)

    answer = client.post(
        "/api/v1/screenings", json.dumps({"age_months": 20}), content_type="application/json"
    )

    assert answer.status_code == 200
    assert not hasattr(answer.wsgi_request, "session")
    assert not hasattr(answer.wsgi_request, "user")
    assert "Cookie" not in answer.get("Vary", "")
    assert not answer.cookies
    # The pages still have both.
    page = client.get("/clinic/")
    assert page.status_code == 200
    assert page.wsgi_request.user == cast.intake
