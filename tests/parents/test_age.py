"""Step 1: how old is the child, by date of birth or by years and months."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from .helpers import inputs, text_of, value_of


def dob(born: date | None = None, **parts: str) -> dict[str, str]:
    """The date inputs, from a date or from what a parent typed in each box."""
    if born:
        parts = {"day": str(born.day), "month": str(born.month), "year": str(born.year)}
    return {f"dob-{part}": parts.get(part, "") for part in ("day", "month", "year")}


def test_it_saves_a_date_of_birth_and_goes_on_to_born_early(client, check_session):
    born = timezone.localdate() - timedelta(days=300)
    response = client.post("/check/age/", dob(born))
    assert response.status_code == 302
    assert response["Location"] == "/check/born-early/"
    assert check_session() == {"birth_date": born.isoformat()}


def test_it_saves_an_age_in_years_and_months(client, check_session):
    client.post("/check/age/", {"age-years": "2", "age-months": "3"})
    assert check_session() == {"age_months": 27}


def test_it_shows_the_saved_date_of_birth(client):
    client.post("/check/age/", dob(date(2024, 3, 7)))
    page = client.get("/check/age/")
    assert [value_of(page, f"dob-{p}") for p in ("day", "month", "year")] == ["7", "3", "2024"]


def test_it_has_a_back_link_to_the_start_page_and_a_continue_button(client):
    html = client.get("/check/age/").content.decode()
    assert '<a href="/" class="back-link">Back</a>' in html
    assert '<button type="submit" class="button">Continue</button>' in html
    assert "<h1" in html and "How old is your child?</h1>" in html


@pytest.mark.parametrize(
    ("data", "target", "message"),
    [
        ({}, "dob-day", "Enter your child's date of birth, or their age"),
        (dob(day="31", month="2", year="2024"), "dob-day", "Date of birth must be a real date"),
        (dob(day="x", month="2", year="2024"), "dob-day", "Date of birth must be a real date"),
        (dob(day="1", month="", year="2024"), "dob-month", "Date of birth must include a month"),
        (dob(year="2024"), "dob-day", "Date of birth must include a day and a month"),
        (dob(day="1", month="2", year="24"), "dob-year", "Year must include 4 numbers"),
        (dob(date(2000, 1, 1)), "dob-day", "Your child must be under 18"),
        (
            {**dob(date(2024, 1, 1)), "age-years": "1"},
            "dob-day",
            "Enter either a date of birth or an age in years and months, not both",
        ),
        ({"age-years": "18"}, "age-years", "Years must be 17 or less"),
        ({"age-years": "two"}, "age-years", "Years must be a whole number"),
        ({"age-years": "-1"}, "age-years", "Years must be a whole number"),
        ({"age-years": "1", "age-months": "12"}, "age-months", "Months must be 11 or less"),
    ],
    ids=[
        "nothing",
        "30 February",
        "not a number",
        "no month",
        "no day or month",
        "two-digit year",
        "18 or over",
        "both kinds of age",
        "years too high",
        "years in words",
        "negative years",
        "months too high",
    ],
)
def test_it_explains_what_is_wrong_with_the_age(client, check_session, data, target, message):
    response = client.post("/check/age/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>Error: How old is your child? – WholeChild</title>") == 1
    assert "There is a problem" in text_of(response)
    assert f'<a href="#{target}">{escape(message)}' in html
    field = next(i for i in inputs(response) if i.get("id") == target)
    assert field["aria-invalid"] == "true"
    assert check_session() is None


def test_it_refuses_a_date_of_birth_in_the_future(client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post("/check/age/", dob(tomorrow))
    assert "Date of birth must be today or in the past" in text_of(response)
    assert response.content.decode().startswith("<!doctype html>")
    assert "<title>Error: " in response.content.decode()


def test_it_accepts_a_baby_born_today(client, check_session):
    client.post("/check/age/", dob(timezone.localdate()))
    assert check_session() == {"birth_date": timezone.localdate().isoformat()}


def test_it_keeps_what_was_typed_when_there_is_a_problem(client):
    response = client.post("/check/age/", dob(day="31", month="2", year="2024"))
    assert [value_of(response, f"dob-{p}") for p in ("day", "month", "year")] == ["31", "2", "2024"]


def test_it_ties_the_error_message_to_its_fields(client):
    html = client.post("/check/age/", {"age-years": "1", "age-months": "14"}).content.decode()
    assert 'aria-describedby="age-hint age-error"' in html
    assert '<p class="error-message" id="age-error">' in html
    assert "form-group--error" in html


def test_it_puts_the_error_summary_first_in_main_with_tabindex(client):
    html = client.post("/check/age/", {}).content.decode()
    main = html[html.index('<main id="main-content"') :]
    assert main.index('class="error-summary" tabindex="-1"') < main.index("<h1")


def test_it_forgets_milestone_answers_the_new_age_does_not_ask(parent, client, check_session):
    parent.answer(age={"age-years": "1", "age-months": "8"})
    assert "walks-alone" in check_session()["milestones"]
    client.post("/check/age/", {"age-years": "0", "age-months": "6"})
    kept = check_session()["milestones"]
    assert "walks-alone" not in kept
    assert check_session()["age_months"] == 6


def test_it_only_allows_get_and_post(client):
    assert client.put("/check/age/").status_code == 405


TOO_LONG = "1" * 4301  # Python refuses to read a whole number of more than 4,300 digits


@pytest.mark.parametrize(
    ("data", "target", "message"),
    [
        ({"age-years": TOO_LONG}, "age-years", "Years must be 17 or less"),
        ({"age-years": "1", "age-months": TOO_LONG}, "age-months", "Months must be 11 or less"),
        (dob(day=TOO_LONG, month="2", year="2024"), "dob-day", "Date of birth must be a real date"),
        (dob(day="1", month=TOO_LONG, year="2024"), "dob-day", "Date of birth must be a real date"),
        (dob(day="1", month="2", year=TOO_LONG), "dob-year", "Year must include 4 numbers"),
    ],
    ids=["years", "months", "day", "month", "year"],
)
def test_it_refuses_a_number_too_long_to_read_as_too_big(
    client, check_session, data, target, message
):
    response = client.post("/check/age/", data)
    assert response.status_code == 200
    assert f'<a href="#{target}">{escape(message)}' in response.content.decode()
    assert check_session() is None


def test_it_still_reads_a_number_with_leading_zeros(client, check_session):
    client.post("/check/age/", {"age-years": "0" * 10 + "2", "age-months": "03"})
    assert check_session() == {"age_months": 27}
