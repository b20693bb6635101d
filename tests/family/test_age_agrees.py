"""The request agrees with the check: a date of birth that contradicts the age the check was
done for, by more than a month, is asked about before anything is sent."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from tests.parents.helpers import Parent, text_of

from .helpers import ANSWERS_URL, DETAILS_URL, birth_date_parts, form_data


def months_ago(months: int, days: int = 0) -> date:
    today = timezone.localdate()
    total = today.year * 12 + today.month - 1 - months
    return date(total // 12, total % 12 + 1, min(today.day, 28)) - timedelta(days=days)


def three_months_check(parent: Parent) -> None:
    parent.results(age={"age-years": "0", "age-months": "3"})


def test_a_date_of_birth_that_agrees_goes_on(parent: Parent, client: Client) -> None:
    three_months_check(parent)
    response = client.post(DETAILS_URL, form_data(**birth_date_parts(months_ago(3, days=10))))
    assert response["Location"] == ANSWERS_URL


def test_a_date_of_birth_within_a_month_either_side_goes_on(parent: Parent, client: Client) -> None:
    three_months_check(parent)
    for born in (months_ago(2, days=5), months_ago(4, days=20)):
        response = client.post(DETAILS_URL, form_data(**birth_date_parts(born)))
        assert response["Location"] == ANSWERS_URL, born


def test_a_date_of_birth_that_disagrees_asks_which_is_right(parent: Parent, client: Client) -> None:
    three_months_check(parent)
    response = client.post(DETAILS_URL, form_data(**birth_date_parts(months_ago(35))))
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(response).replace("&#x27;", "'")
    assert "There is a problem" in page
    assert (
        "This date of birth makes your child 2 years and 11 months, but the check was for a "
        "child of 3 months. Say which is right"
    ) in page
    assert '<a href="#which_age-birth-date">' in html
    assert "Which is right?" in page
    assert "The date of birth is right: my child is 2 years and 11 months" in page
    assert "The check is right: my child is 3 months" in page
    assert response.wsgi_request.session.get("family_details") is None


def test_when_the_date_of_birth_is_right_the_check_is_asked_again_for_that_age(
    parent: Parent, client: Client
) -> None:
    three_months_check(parent)
    born = months_ago(35)
    response = client.post(DETAILS_URL, form_data(**birth_date_parts(born), which_age="birth-date"))
    check = client.session["check"]
    assert check["birth_date"] == born.isoformat()
    assert "age_months" not in check
    assert "confirmed" not in check
    assert response["Location"].startswith("/check/")
    landed = client.get(response["Location"])
    assert "We have changed your child's age in the check" in text_of(landed).replace("&#x27;", "'")
    # The details wait, filled in, for when the new results are seen.
    assert client.session["family_details"]["child_birth_date"] == born.isoformat()


def test_when_the_check_is_right_it_asks_for_the_date_of_birth_again(
    parent: Parent, client: Client
) -> None:
    three_months_check(parent)
    response = client.post(
        DETAILS_URL, form_data(**birth_date_parts(months_ago(35)), which_age="check")
    )
    page = text_of(response).replace("&#x27;", "'")
    assert "Check your child's date of birth: the check was for a child of 3 months" in page
    assert "Which is right?" not in page
    assert client.session["check"]["age_months"] == 3
    fixed = client.post(DETAILS_URL, form_data(**birth_date_parts(months_ago(3, days=3))))
    assert fixed["Location"] == ANSWERS_URL


def test_a_check_given_by_date_of_birth_is_compared_to_the_day(
    parent: Parent, client: Client
) -> None:
    born = months_ago(20)
    parent.results(
        age={
            f"dob-{k}": v
            for k, v in zip(
                ("day", "month", "year"),
                (str(born.day), str(born.month), str(born.year)),
                strict=True,
            )
        }
    )
    agrees = client.post(DETAILS_URL, form_data(**birth_date_parts(born + timedelta(days=20))))
    assert agrees["Location"] == ANSWERS_URL
    disagrees = client.post(DETAILS_URL, form_data(**birth_date_parts(born - timedelta(days=45))))
    assert disagrees.status_code == 200
    assert "Which is right?" in text_of(disagrees)


def test_the_which_age_answer_is_never_stored(checked: Parent, client: Client) -> None:
    client.post(DETAILS_URL, form_data(which_age="check"))
    assert "which_age" not in client.session["family_details"]
