"""Step 2: was the child born early, and by how much."""

import pytest
from django.utils.html import escape

from .helpers import milestone_fields, text_of

EIGHT_MONTHS = {"age-years": "0", "age-months": "8"}


@pytest.fixture
def aged_eight_months(parent):
    parent.post("/check/age/", EIGHT_MONTHS)
    return parent


def test_it_asks_with_yes_no_and_not_sure(aged_eight_months, client):
    page = client.get("/check/born-early/")
    text = text_of(page)
    assert "Was your child born early?" in text
    for choice in ("No, at 37 weeks or later", "Yes, before 37 weeks", "Not sure"):
        assert choice in text
    # Without JavaScript the weeks question is simply there, under "Yes".
    assert 'id="weeks-reveal"' in page.content.decode()
    assert "radios__conditional--hidden" not in page.content.decode()


def test_it_saves_weeks_with_yes(aged_eight_months, client, check_session):
    response = client.post("/check/born-early/", {"born-early": "yes", "weeks": "30"})
    assert response["Location"] == "/check/milestones/1/"
    assert check_session()["born_early"] == "yes"
    assert check_session()["gestational_age_weeks"] == 30


def test_it_forgets_the_weeks_when_the_answer_becomes_no(aged_eight_months, client, check_session):
    client.post("/check/born-early/", {"born-early": "yes", "weeks": "30"})
    client.post("/check/born-early/", {"born-early": "no", "weeks": "30"})
    assert check_session()["born_early"] == "no"
    assert "gestational_age_weeks" not in check_session()


@pytest.mark.parametrize(
    ("data", "target", "message"),
    [
        ({}, "born-early-no", "Select whether your child was born early"),
        ({"born-early": "yes"}, "weeks", "Enter how many weeks pregnant, from 22 to 36"),
        ({"born-early": "yes", "weeks": "21"}, "weeks", "Weeks must be 22 or more"),
        ({"born-early": "yes", "weeks": "38"}, "weeks", "Weeks must be 36 or less"),
        ({"born-early": "yes", "weeks": "thirty"}, "weeks", "Weeks must be a whole number"),
    ],
    ids=["no answer", "no weeks", "too early", "not early", "in words"],
)
def test_it_explains_what_is_wrong(aged_eight_months, client, check_session, data, target, message):
    response = client.post("/check/born-early/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Was your child born early? – WholeChild</title>" in html
    assert f'<a href="#{target}">{escape(message)}' in html
    assert f'id="{target}"' in html
    assert "born_early" not in check_session()


def test_it_says_not_sure_means_no_correction(aged_eight_months, client, check_session):
    assert "without counting from the due date" in text_of(client.get("/check/born-early/"))
    client.post("/check/born-early/", {"born-early": "not-sure"})
    assert check_session()["born_early"] == "not-sure"


def test_it_asks_about_the_corrected_age_of_a_premature_baby(parent, client):
    # Born at 28 weeks, 8 months ago: about 5 months from the due date.
    parent.answer(
        age=EIGHT_MONTHS,
        born_early={"born-early": "yes", "weeks": "28"},
        until="/check/concerns/",
    )
    premature = milestones_asked(client)
    page = text_of(client.get("/check/milestones/1/"))
    assert "Your child at 5 months" in page
    assert "counted from their due date: 5 months" in page

    parent.answer(age=EIGHT_MONTHS, born_early={"born-early": "no"}, until="/check/concerns/")
    at_term = milestones_asked(client)
    assert "Your child at 8 months" in text_of(client.get("/check/milestones/1/"))

    assert premature != at_term
    assert "holds-head-up-on-tummy" in premature  # a 2-month milestone
    assert "holds-head-up-on-tummy" not in at_term
    assert "rolls-tummy-to-back" in at_term  # a 6-month milestone
    assert "rolls-tummy-to-back" not in premature


def test_it_does_not_correct_when_the_parent_is_not_sure(parent, client):
    parent.answer(age=EIGHT_MONTHS, born_early={"born-early": "not-sure"}, until="/check/concerns/")
    assert "Your child at 8 months" in text_of(client.get("/check/milestones/1/"))


def milestones_asked(client) -> set[str]:
    """Every milestone the journey asks now, by id, across its pages (all answered)."""
    asked: set[str] = set()
    for number in range(1, 10):
        page = client.get(f"/check/milestones/{number}/")
        if page.status_code != 200:
            break
        asked.update(name.removeprefix("milestone-") for name in milestone_fields(page))
    return asked


def test_it_refuses_weeks_too_long_to_read_as_too_many(aged_eight_months, client, check_session):
    # Python refuses to read a whole number of more than 4,300 digits.
    response = client.post("/check/born-early/", {"born-early": "yes", "weeks": "3" * 4301})
    assert response.status_code == 200
    assert escape("Weeks must be 36 or less") in response.content.decode()
    assert "born_early" not in check_session()
