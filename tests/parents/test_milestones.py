"""Step 3: what the child does, a few milestones a page, Yes / Not yet / Not sure."""

import pytest

from .helpers import AGE_20_MONTHS, checked, milestone_fields, text_of


@pytest.fixture
def first_page(parent, client):
    parent.post("/check/age/", AGE_20_MONTHS)
    parent.post("/check/born-early/", {"born-early": "no"})
    return client.get("/check/milestones/1/")


def test_it_asks_each_milestone_as_a_fieldset_with_three_answers(first_page):
    html = first_page.content.decode()
    names = milestone_fields(first_page)
    assert html.count("<fieldset") == len(names) == 4
    for name in names:
        for value, label in (("yes", "Yes"), ("not-yet", "Not yet"), ("unsure", "Not sure")):
            assert (
                f'<label class="label radios__label" for="{name}-{value}">{label}</label>' in html
            )


def test_it_says_when_most_children_do_it(first_page):
    assert "Most children do this by 15 months." in text_of(first_page)


def test_it_needs_every_answer_on_the_page(first_page, client, check_session):
    names = milestone_fields(first_page)
    response = client.post("/check/milestones/1/", {names[0]: "yes", names[2]: "unsure"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert "<title>Error: Your child at 20 months" in html
    assert f'<a href="#{names[1]}-yes">Select Yes, Not yet or Not sure for' in html
    assert f'<a href="#{names[3]}-yes">Select Yes, Not yet or Not sure for' in html
    assert f'<a href="#{names[0]}-yes">' not in html
    assert f'aria-describedby="{names[1]}-hint {names[1]}-error"' in html
    # What was answered stays ticked, and nothing is saved until the page is complete.
    assert checked(response) == [(names[0], "yes"), (names[2], "unsure")]
    assert "milestones" not in check_session()


def test_it_takes_not_sure_as_a_real_answer(first_page, client, check_session):
    names = milestone_fields(first_page)
    response = client.post("/check/milestones/1/", dict.fromkeys(names, "unsure"))
    assert response["Location"] == "/check/milestones/2/"
    assert set(check_session()["milestones"].values()) == {"unsure"}


def test_it_refuses_an_answer_outside_the_three(first_page, client):
    names = milestone_fields(first_page)
    response = client.post("/check/milestones/1/", dict.fromkeys(names, "maybe"))
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)


def test_it_ignores_answers_to_milestones_not_asked(first_page, client, check_session):
    names = milestone_fields(first_page)
    client.post("/check/milestones/1/", {**dict.fromkeys(names, "yes"), "milestone-runs": "yes"})
    assert "runs" not in check_session()["milestones"]


def test_it_sends_the_back_link_to_the_previous_page(parent, client):
    parent.answer(until="/check/concerns/")
    assert (
        'href="/check/born-early/" class="back-link"'
        in client.get("/check/milestones/1/").content.decode()
    )
    assert (
        'href="/check/milestones/1/" class="back-link"'
        in client.get("/check/milestones/2/").content.decode()
    )
