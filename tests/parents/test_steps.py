"""Each page of the check says where it is in the whole check: "Step 3 of 9"."""

from __future__ import annotations

import re

from wholechild.web import journey

from .helpers import AGE_20_MONTHS, PAGES_AT_20_MONTHS, text_of


def step_of(client, url: str) -> str:
    found = re.search(r"Step \d+ of (?:up to )?\d+", text_of(client.get(url)))
    assert found, url
    return found[0]


def test_before_the_age_the_count_is_the_most_a_check_can_have(client):
    assert step_of(client, "/check/age/") == f"Step 1 of up to {journey.most_steps()}"


def test_every_page_counts_all_the_checks_steps(parent, client):
    parent.answer(age=AGE_20_MONTHS)
    urls = ["/check/age/", *PAGES_AT_20_MONTHS]
    count = len(urls)
    for number, url in enumerate(urls, start=1):
        assert step_of(client, url) == f"Step {number} of {count}", url


def test_an_older_child_has_fewer_steps(parent, client):
    parent.answer(age={"age-years": "7", "age-months": "0"})
    assert step_of(client, "/check/concerns/") == "Step 2 of 5"
    assert step_of(client, "/check/answers/") == "Step 5 of 5"


def test_the_milestone_pages_say_what_they_are_about(parent, client):
    parent.answer(age=AGE_20_MONTHS)
    assert "Step 4 of 9 · Moving and doing" in text_of(client.get("/check/milestones/2/"))
