"""The family's evaluation on their status page: when, where, who and the clinic's note, a
calendar file to download (by the status link only, with nothing in it about the child), the
change and the cancellation; nothing before it is booked or after the evaluation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.care.appointments import book, booking, next_week
from tests.care.helpers import at_status, fresh
from tests.parents.helpers import text_of
from wholechild.care import actions
from wholechild.care.models import AppointmentPlace, ClinicSettings, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clinic() -> None:
    found = ClinicSettings.current()
    found.name = "Riverside Therapy"
    found.address = "12 Main Street\nSpringfield"
    found.save()


def calendar_url(family: Any) -> str:
    return reverse("family:appointment_calendar", args=[family.token])


def status_text(client: Client, family: Any) -> str:
    response = client.get(family.status_url)
    assert response.status_code == 200
    return text_of(response)


def test_the_family_sees_their_childs_evaluation_with_the_clinics_note(
    cast: Any, client: Client
) -> None:
    book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt, ot=cast.ot)

    text = status_text(client, cast.family_one)

    assert "Your child's evaluation" in text
    day = f"{next_week():%A} {next_week().day} {next_week():%B %Y}"
    assert f"{day}, 10:00 to 11:00" in text
    assert "Riverside Therapy, 12 Main Street, Springfield" in text
    assert "A physical therapist and an occupational therapist" in text
    assert "Bring comfortable clothes." in text
    assert "Add it to your calendar" in text
    assert "PT" not in text.split("Your child's evaluation", 1)[1].split("What happens next")[0]


def test_the_family_downloads_it_as_a_calendar_file_naming_nothing_of_the_child(
    cast: Any, client: Client
) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)

    response = client.get(calendar_url(cast.family_one))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evaluation.ics"'
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    content = response.content.decode()
    assert content.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:wholechild-appointment-{appointment.pk}@" in content
    assert "SUMMARY:Evaluation at Riverside Therapy" in content
    assert "LOCATION:Riverside Therapy\\, 12 Main Street\\, Springfield" in content
    for private in ("Mia", "Alex", "Bring comfortable clothes", "PT:", "pt-user"):
        assert private not in content


def test_a_change_shows_the_new_time_and_the_file_follows_it(cast: Any, client: Client) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    later = next_week(15)
    actions.do_move_evaluation(
        appointment,
        booking=booking(starts_at=later, pt=cast.pt, place=AppointmentPlace.VIDEO, family_note=""),
        by=cast.intake,
    )

    text = status_text(client, cast.family_one)
    assert "15:00 to 16:00" in text and "Video visit" in text
    assert "Bring comfortable clothes." not in text
    assert "SEQUENCE:1" in client.get(calendar_url(cast.family_one)).content.decode()


def test_a_cancelled_evaluation_says_so_until_a_new_one_is_booked(
    cast: Any, client: Client
) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    actions.do_cancel_evaluation(appointment, by=cast.intake)

    text = status_text(client, cast.family_one)
    assert "Your child's evaluation was cancelled" in text
    assert "The clinic will contact you to find another time." in text
    assert client.get(calendar_url(cast.family_one)).status_code == 404

    book(
        fresh(cast.family_one), cast.intake, pt=cast.pt, starts_at=next_week(9) + timedelta(days=1)
    )
    assert "was cancelled" not in status_text(client, cast.family_one)


def test_nothing_is_shown_before_a_booking_nor_after_the_evaluation(
    cast: Any, client: Client
) -> None:
    assert "Your child's evaluation" not in status_text(client, cast.family_two)
    assert client.get(calendar_url(cast.family_two)).status_code == 404

    book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    actions.do_move_status(fresh(cast.family_one), to=Status.EVALUATED, by=cast.pt)
    assert "Add it to your calendar" not in status_text(client, cast.family_one)
    assert client.get(calendar_url(cast.family_one)).status_code == 404


def test_a_wrong_link_finds_no_calendar_file(client: Client) -> None:
    response = client.get(reverse("family:appointment_calendar", args=["not-a-token"]))
    assert response.status_code == 404
