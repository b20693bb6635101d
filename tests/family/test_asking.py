"""Asking for an evaluation from the results page: the details, checking them, and the guards
around the form."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.parents.helpers import Parent, inputs, text_of, value_of
from wholechild.care.forms import RequestDetailsForm

from .helpers import (
    ANSWERS_URL,
    BORN,
    DETAILS_URL,
    SENT_URL,
    fill_in,
    form_data,
    send,
    send_token,
    stored,
)


def problems_on(page: object) -> list[str]:
    html = page.content.decode()  # type: ignore[attr-defined]
    summary = re.search(r'<div class="error-summary".*?</ul>', html, flags=re.S)
    assert summary, "the page has no error summary"
    return re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(0))


def test_the_results_page_links_to_the_request_form(checked: Parent) -> None:
    page = checked.client.get("/check/results/")

    assert f'href="{DETAILS_URL}"' in page.content.decode()
    assert "Ask for an evaluation" in text_of(page)


def test_the_form_needs_a_finished_check(client: Client, db: None) -> None:
    response = client.get(DETAILS_URL)

    assert response.status_code == 302
    assert response["Location"] == "/check/age/"


def test_the_form_needs_the_answers_confirmed(parent: Parent, client: Client) -> None:
    parent.answer()  # stops on "Check your answers" without confirming them

    response = client.get(DETAILS_URL)

    assert response["Location"] == "/check/answers/"


def test_the_form_asks_for_each_detail_with_labels_and_autocomplete(checked: Parent) -> None:
    page = checked.client.get(DETAILS_URL)
    html = page.content.decode()
    found = {i["name"]: i for i in inputs(page) if "name" in i}

    for name in ("parent_name", "email", "phone", "child_first_name", "preferred_language"):
        assert f'<label class="label" for="{name}">' in html
    assert found["parent_name"]["autocomplete"] == "name"
    assert found["email"]["autocomplete"] == "email"
    assert found["email"]["type"] == "email"
    assert found["phone"]["autocomplete"] == "tel"
    assert found["phone"]["type"] == "tel"
    assert found["preferred_language"]["autocomplete"] == "language"
    assert found["consent"]["type"] == "checkbox"
    assert found["parent_name"]["maxlength"] == "200"


def test_the_language_starts_as_the_language_of_the_page(checked: Parent) -> None:
    page = checked.client.get(DETAILS_URL)

    assert value_of(page, "preferred_language") == "English"


def test_a_birth_date_given_in_the_check_is_filled_in(parent: Parent, client: Client) -> None:
    born = timezone.localdate() - timedelta(days=600)
    parent.results(
        age={"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)}
    )

    page = client.get(DETAILS_URL)

    assert value_of(page, "dob-day") == str(born.day)
    assert value_of(page, "dob-month") == str(born.month)
    assert value_of(page, "dob-year") == str(born.year)


def test_an_age_given_in_years_and_months_leaves_the_birth_date_empty(checked: Parent) -> None:
    page = checked.client.get(DETAILS_URL)

    assert value_of(page, "dob-year") == ""


def test_the_details_are_checked_before_sending_with_links_to_change_them(
    checked: Parent, client: Client
) -> None:
    page = fill_in(client)
    text = text_of(page)

    assert "Check your details before sending them" in text
    assert "Alex Example" in text
    assert f"{BORN.day} {BORN:%B %Y}" in text
    assert "Weekday mornings" in text
    assert f'href="{DETAILS_URL}#parent_name"' in page.content.decode()
    assert "Send your request" in text
    assert not stored().exists()  # nothing is stored before sending


def test_the_details_are_kept_only_in_the_session_until_sent(
    checked: Parent, client: Client
) -> None:
    fill_in(client)

    assert client.session["family_details"]["child_first_name"] == "Mia"
    assert not stored().exists()


def test_changing_the_details_shows_what_was_typed(checked: Parent, client: Client) -> None:
    fill_in(client, best_time_to_call="After 5pm")

    page = client.get(DETAILS_URL)

    assert value_of(page, "best_time_to_call") == "After 5pm"
    assert value_of(page, "child_first_name") == "Mia"
    assert "checked" in next(i for i in inputs(page) if i.get("name") == "consent")


def test_the_whole_journey_ends_on_a_confirmation_with_the_reference_and_private_link(
    checked: Parent, client: Client
) -> None:
    response = send(client, send_token(fill_in(client)))

    assert response["Location"] == SENT_URL
    saved = stored().get()
    page = client.get(SENT_URL)
    text = text_of(page)
    assert "Your request has been sent" in text
    assert saved.reference in text
    assert "http://testserver/status/" in text
    assert "family_details" not in client.session


def test_the_confirmation_does_not_show_the_childs_details(checked: Parent, client: Client) -> None:
    send(client, send_token(fill_in(client)))

    text = text_of(client.get(SENT_URL))

    assert "Mia" not in text
    assert "Alex Example" not in text


def test_the_confirmation_page_without_a_sent_request_goes_to_the_start(
    client: Client, db: None
) -> None:
    assert client.get(SENT_URL)["Location"] == "/"


# --- Problems with the details ---------------------------------------------------------------


def test_without_an_email_or_a_phone_it_asks_for_one(checked: Parent, client: Client) -> None:
    page = client.post(DETAILS_URL, form_data(email="", phone=""))

    assert page.status_code == 200
    assert problems_on(page) == ["Enter an email address or a phone number"]
    assert 'href="#email"' in page.content.decode()
    assert "family_details" not in client.session


def test_a_phone_number_alone_is_enough(checked: Parent, client: Client) -> None:
    response = client.post(DETAILS_URL, form_data(email="", phone="555 0100"))

    assert response["Location"] == ANSWERS_URL


def test_without_consent_it_asks_for_it(checked: Parent, client: Client) -> None:
    page = client.post(DETAILS_URL, form_data(consent=None))

    assert problems_on(page) == [
        "Tick the box to agree that we keep your details and share them with the clinic"
    ]
    assert 'id="consent-error"' in page.content.decode()


def test_a_birth_date_in_the_future_is_refused(checked: Parent, client: Client) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.post(
        DETAILS_URL,
        form_data(
            **{
                "dob-day": str(tomorrow.day),
                "dob-month": str(tomorrow.month),
                "dob-year": str(tomorrow.year),
            }
        ),
    )

    assert problems_on(page) == ["Your child&#x27;s date of birth must be in the past"]
    assert 'href="#dob-day"' in page.content.decode()


def test_a_child_of_18_is_refused(checked: Parent, client: Client) -> None:
    page = client.post(DETAILS_URL, form_data(**{"dob-year": str(date.today().year - 19)}))

    assert "under 18" in text_of(page)


@pytest.mark.parametrize(
    "parts", [{"dob-day": "31", "dob-month": "2"}, {"dob-month": ""}, {"dob-year": "25"}]
)
def test_a_date_that_is_not_real_is_refused(
    checked: Parent, client: Client, parts: dict[str, str]
) -> None:
    page = client.post(DETAILS_URL, form_data(**parts))

    assert "must be a real date" in text_of(page)


def test_the_page_keeps_what_was_typed_when_there_is_a_problem(
    checked: Parent, client: Client
) -> None:
    page = client.post(DETAILS_URL, form_data(consent=None, parent_name="Sam Sample"))

    assert value_of(page, "parent_name") == "Sam Sample"
    assert page.content.decode().count('aria-invalid="true"') == 1
    assert "<title>Error: " in page.content.decode()


def test_a_name_over_200_characters_is_refused(checked: Parent, client: Client) -> None:
    page = client.post(DETAILS_URL, form_data(parent_name="A" * 201))

    assert problems_on(page) == ["Your name must be 200 characters or fewer"]


# --- Abuse: CSRF and the honeypot ------------------------------------------------------------


def test_the_form_refuses_a_post_without_a_csrf_token(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    assert client.post(DETAILS_URL, form_data()).status_code == 403
    assert client.post(ANSWERS_URL, {"send_token": "x"}).status_code == 403


def test_the_honeypot_is_hidden_from_people_and_labelled(checked: Parent) -> None:
    html = checked.client.get(DETAILS_URL).content.decode()

    container = re.search(r'<div class="honeypot">(.*?)</div>', html, flags=re.S)
    assert container, "no hidden container for the honeypot"
    assert '<label class="label" for="website">Leave this empty</label>' in container.group(1)
    assert 'tabindex="-1"' in container.group(1)
    assert 'autocomplete="off"' in container.group(1)
    css = checked.client.get("/static/family/family.css")
    assert b".honeypot { display: none" in b"".join(css.streaming_content)  # type: ignore[attr-defined]


def test_a_filled_honeypot_keeps_nothing_and_shows_a_generic_page(
    checked: Parent, client: Client
) -> None:
    page = client.post(DETAILS_URL, form_data(website="https://spam.example"))

    assert page.status_code == 200
    assert "We could not take your request online" in text_of(page)
    assert "family_details" not in client.session
    assert not stored().exists()


# --- Privacy ---------------------------------------------------------------------------------


def test_every_page_of_the_flow_forbids_caching(checked: Parent, client: Client) -> None:
    pages = [client.get(DETAILS_URL), fill_in(client)]
    send(client, send_token(pages[-1]))
    pages.append(client.get(SENT_URL))

    for page in pages:
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"]


def test_no_url_the_flow_goes_to_carries_a_childs_detail_or_a_database_id(
    checked: Parent, client: Client
) -> None:
    locations = [client.post(DETAILS_URL, form_data())["Location"]]
    page = client.get(ANSWERS_URL)
    locations.append(send(client, send_token(page))["Location"])
    saved = stored().get()
    html = client.get(SENT_URL).content.decode()
    locations += re.findall(r'href="([^"]+)"', html)
    token = client.session["family_sent"]["status_token"]
    assert any(token in url for url in locations)  # the private link is among them

    for url in (location.replace(token, "TOKEN") for location in locations):
        for detail in ("Mia", "Alex", "alex@example.org", str(BORN.year), "Weekday"):
            assert detail not in url
        assert f"/{saved.pk}/" not in url
        assert saved.reference not in url


def test_the_problems_are_listed_in_the_order_of_the_page(checked: Parent, client: Client) -> None:
    page = client.post(
        DETAILS_URL, form_data(parent_name="", child_first_name="", preferred_language="x" * 51)
    )

    assert problems_on(page) == [
        "Enter your name",
        "The language must be 50 characters or fewer",
        "Enter your child&#x27;s first name",
    ]


def test_the_language_starts_as_spanish_on_a_spanish_page(checked: Parent, client: Client) -> None:
    page = client.get(DETAILS_URL, HTTP_ACCEPT_LANGUAGE="es")

    assert value_of(page, "preferred_language") == "Español"


@pytest.mark.parametrize("phone", ["555 0100", "+1 (555) 010-0100", "0161 496 0000 ext. 12"])
def test_a_phone_number_is_accepted_as_people_write_it(
    checked: Parent, client: Client, phone: str
) -> None:
    response = client.post(DETAILS_URL, form_data(email="", phone=phone))

    assert response["Location"] == ANSWERS_URL


@pytest.mark.parametrize("phone", ["call me", "12", "555-0100; DROP"])
def test_something_that_is_not_a_phone_number_is_refused(
    checked: Parent, client: Client, phone: str
) -> None:
    page = client.post(DETAILS_URL, form_data(email="", phone=phone))

    assert problems_on(page) == ["Enter a phone number, like 555 0100 or +1 555 010 0100"]


@pytest.mark.parametrize("name", ["parent_name", "child_first_name", "best_time_to_call"])
def test_a_lone_surrogate_in_a_detail_is_refused_by_the_form(name: str) -> None:
    # A browser replaces one before the form sees it; a program (the API) may send one, and
    # no database can store it.
    details = {**form_data(), "child_birth_date": BORN.isoformat(), name: "Ab\ud800"}

    form = RequestDetailsForm(details)

    assert not form.is_valid()
    assert form.errors[name] == ["This has a character that cannot be read. Type it again"]


def test_a_date_part_too_long_to_read_is_not_a_real_date(checked: Parent, client: Client) -> None:
    # Python refuses to read a whole number of more than 4,300 digits.
    page = client.post(DETAILS_URL, form_data(**{"dob-day": "1" * 4301}))

    assert page.status_code == 200
    assert "must be a real date" in text_of(page)
