"""A parent going through the check with Django's test client, one page at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse as Response
from django.test import Client

AGE_20_MONTHS = {"age-years": "1", "age-months": "8"}
# The pages after the age, in order, for a child of 20 months.
PAGES_AT_20_MONTHS = [
    "/check/born-early/",
    "/check/milestones/1/",
    "/check/milestones/2/",
    "/check/milestones/3/",
    "/check/concerns/",
    "/check/conditions/",
    "/check/signs/",
    "/check/answers/",
]


def milestone_fields(response: Response) -> list[str]:
    """The milestone questions on a page, by field name, in page order."""
    return list(dict.fromkeys(re.findall(r'name="(milestone-[^"]+)"', response.content.decode())))


def text_of(response: Response) -> str:
    """The page as text, tags removed and spaces collapsed, for asserting on sentences."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


@dataclass
class Parent:
    """Answers the check the way a parent would: POST each page, follow each redirect.

    Anything not given gets the calm answer: born at term, every milestone "Yes", and "None of
    these" on every checklist.
    """

    client: Client
    redirects: list[str] = field(default_factory=list)

    def post(self, url: str, data: Mapping[str, Any]) -> Response:
        response = self.client.post(url, data)
        if response.status_code == 302:
            self.redirects.append(response["Location"])
        return response

    def follow(self, response: Response) -> Response:
        assert response.status_code == 302, response.content.decode()[:2000]
        return self.client.get(response["Location"])

    def answer(
        self,
        *,
        age: Mapping[str, str] = AGE_20_MONTHS,
        born_early: Mapping[str, str] | None = None,
        milestones: Mapping[str, str] | None = None,
        concerns: Iterable[str] = ("none",),
        conditions: Iterable[str] = ("none",),
        red_flags: Iterable[str] = ("none",),
        until: str = "/check/answers/",
    ) -> Response:
        """Answer every page from the age question on, and stop on the page `until` begins."""
        milestones = milestones or {}
        page = self.follow(self.post("/check/age/", age))
        for _ in range(20):  # more than any journey has pages
            path = page.wsgi_request.path
            if path.startswith(until):
                return page
            if path == "/check/born-early/":
                data: Mapping[str, Any] = born_early or {"born-early": "no"}
            elif path.startswith("/check/milestones/"):
                data = {
                    name: milestones.get(name.removeprefix("milestone-"), "yes")
                    for name in milestone_fields(page)
                }
            elif path == "/check/concerns/":
                data = {"concerns": list(concerns)}
            elif path == "/check/conditions/":
                data = {"conditions": list(conditions)}
            elif path == "/check/signs/":
                data = {"red_flags": list(red_flags)}
            elif path == "/check/answers/":
                data = {}
            else:
                raise AssertionError(f"the journey went somewhere unexpected: {path}")
            page = self.follow(self.post(path, data))
        raise AssertionError("the journey did not end")

    def results(self, **answers: Any) -> Response:
        return self.answer(until="/check/results/", **answers)


def inputs(page: Response | str) -> list[dict[str, str]]:
    """Every <input> on the page, as a dict of its attributes (a bare attribute maps to "")."""
    html = page if isinstance(page, str) else page.content.decode()
    found = []
    for tag in re.findall(r"<input\b([^>]*)>", html):
        found.append({k: v for k, v in re.findall(r'([\w-]+)(?:="([^"]*)")?', tag)})
    return found


def checked(response: Response) -> list[tuple[str, str]]:
    """(name, value) of every ticked radio or checkbox on the page."""
    return [(i["name"], i["value"]) for i in inputs(response) if "checked" in i]


def value_of(response: Response, name: str) -> str:
    return next(i.get("value", "") for i in inputs(response) if i.get("name") == name)
