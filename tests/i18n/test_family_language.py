"""The family's language is the one they asked for in their request: their emails, with their
calendar files, and their status page are in it when the app speaks it, and the clinic's
email stays in English. The clinic's record shows the answer in the family's language beside
its English."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.care.appointments import book
from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, intake, messages
from wholechild.care.forms import language_code
from wholechild.care.models import EvaluationRequest, Message, MessageKind
from wholechild.screening import get_content, screen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clinic_address(settings: Any) -> None:
    settings.CLINIC_NOTIFY_EMAILS = ["clinic@x.org"]


def new_request(language: str, key: str = "es-1") -> actions.Sent:
    return actions.do_submit_request(
        details=family_details(preferred_language=language),
        screening=HANDWRITING,
        submission_key=key,
    )


def email(request: EvaluationRequest, kind: MessageKind) -> Any:
    composed = messages.compose(Message.objects.filter(request=request, kind=kind).latest("pk"))
    assert composed is not None
    return composed


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Español", "es"),
        ("español", "es"),
        ("Espanol", "es"),
        ("Spanish", "es"),
        ("es", "es"),
        ("Spanish (Español)", "es"),
        ("English", "en"),
        ("Polski", "en"),  # not one the app speaks: the clinic's own
        ("", "en"),
    ],
)
def test_the_language_typed_in_the_request_is_one_the_app_speaks(typed: str, code: str) -> None:
    assert language_code(typed) == code


def test_a_spanish_family_gets_their_confirmation_in_spanish() -> None:
    sent = new_request("Español")
    confirmation = email(sent.request, MessageKind.FAMILY_CONFIRMATION)

    assert confirmation.subject == f"Su solicitud a la clínica: referencia {sent.request.reference}"
    assert "Gracias por pedirle una evaluación a la clínica." in confirmation.body
    assert "Para comunicarse con la clínica:" in confirmation.body


def test_the_clinics_email_about_it_stays_in_english() -> None:
    sent = new_request("Español")
    clinic = email(sent.request, MessageKind.CLINIC_NEW_REQUEST)

    assert clinic.subject.startswith("New evaluation request")
    assert "A family has asked for an evaluation." in clinic.body


def test_an_english_family_gets_english() -> None:
    sent = new_request("English")

    assert email(sent.request, MessageKind.FAMILY_CONFIRMATION).subject.startswith(
        "Your request to the clinic"
    )


def test_a_spanish_familys_booking_email_and_calendar_file_are_in_spanish(cast: Any) -> None:
    sent = new_request("Español")
    appointment = book(sent.request, cast.intake, ot=cast.ot)
    booked = email(sent.request, MessageKind.APPOINTMENT_BOOKED)
    calendar = booked.attachments[0][1]
    month = appointment.starts_at.astimezone().month

    assert "programó la evaluación de su hijo." in booked.body
    assert "Cuándo:" in booked.body and "Dónde:" in booked.body
    spanish_months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    spanish_months += ["septiembre", "octubre", "noviembre", "diciembre"]
    assert f" de {spanish_months[month - 1]} de " in booked.subject
    assert "Evaluación en" in calendar


def test_a_spanish_familys_status_page_is_in_spanish_whatever_the_browser(
    client: Client,
) -> None:
    sent = new_request("Español")
    page = client.get(intake.status_url(sent.status_token), headers={"accept-language": "en"})
    html = page.content.decode()

    assert page.status_code == 200
    assert '<html lang="es"' in html
    assert page["Content-Language"] == "es"
    assert "Recibimos su solicitud." in html


def test_the_language_switch_wins_on_the_status_page(client: Client) -> None:
    sent = new_request("Español")
    url = intake.status_url(sent.status_token)
    client.post("/language/", {"language": "en", "next": url})
    html = client.get(url).content.decode()

    assert '<html lang="en"' in html
    assert "We have your request." in html


def test_an_english_familys_status_page_follows_the_browser(client: Client) -> None:
    sent = new_request("English")
    html = client.get(intake.status_url(sent.status_token)).content.decode()

    assert '<html lang="en"' in html


def test_the_clinic_sees_the_answer_in_the_familys_language_beside_the_english(
    cast: Any, as_user: Any
) -> None:
    sent = new_request("Español")
    page = as_user(cast.intake).get(f"/clinic/requests/{sent.request.reference}/")
    html = page.content.decode()
    spanish = screen(HANDWRITING, language="es")
    english = sent.request.screening_answer

    assert '<html lang="en"' in html
    assert "In the family's language, Español" in html
    assert '<div class="screening-languages__one" lang="es">' in html
    assert spanish["next_steps"][0] in html
    assert english["next_steps"][0] in html


def test_the_clinic_sees_what_the_family_saw_when_the_request_keeps_its_language(
    cast: Any, as_user: Any
) -> None:
    # A request that keeps the language of the check (the snapshot's own, here) is shown "as
    # the family saw it", whatever language they asked to be contacted in.
    sent = new_request("English")
    sent.request.screening_answer = {
        **screen(HANDWRITING, language="es"),
        "language": "es",
    }
    sent.request.save(update_fields=["screening_answer"])
    html = as_user(cast.intake).get(f"/clinic/requests/{sent.request.reference}/").content
    page = html.decode()

    assert "As the family saw it, in Español" in page
    assert screen(HANDWRITING)["next_steps"][0] in page  # the English beside it


def test_an_english_familys_record_shows_the_english_only(cast: Any, as_user: Any) -> None:
    sent = new_request("English")
    html = as_user(cast.intake).get(f"/clinic/requests/{sent.request.reference}/").content

    assert b"screening-languages" not in html


def test_a_record_whose_words_changed_since_shows_the_english_only(cast: Any, as_user: Any) -> None:
    sent = new_request("Español")
    EvaluationRequest.objects.filter(pk=sent.request.pk).update(content_version="old")
    sent.request.refresh_from_db()
    sent.request.screening_answer["content_version"] = "old"
    sent.request.save(update_fields=["screening_answer"])
    html = as_user(cast.intake).get(f"/clinic/requests/{sent.request.reference}/").content

    assert b"screening-languages" not in html
    assert get_content("es").version != "old"
    assert settings.LANGUAGE_CODE == "en"


def test_the_request_keeps_the_language_of_the_check_and_the_clinic_shows_it_as_seen(
    cast: Any, as_user: Any
) -> None:
    sent = actions.do_submit_request(
        details=family_details(preferred_language="English"),
        screening=HANDWRITING,
        submission_key="checked-in-spanish",
        language="es",
    )

    assert EvaluationRequest.objects.get(pk=sent.request.pk).check_language == "es"
    page = as_user(cast.intake).get(f"/clinic/requests/{sent.request.reference}/").content
    assert "As the family saw it, in Español" in page.decode()
