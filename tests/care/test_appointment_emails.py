"""The family's emails about their child's evaluation, sent by the worker: the day, the time, the
place and the clinic, with a calendar file that adds, moves or removes it; never the child's
name, the parent's, nor the note written for the status page."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.core import mail

from tests.care.appointments import book, booking, next_week
from tests.care.helpers import at_status
from wholechild.care import actions, messages
from wholechild.care.models import AppointmentPlace, ClinicSettings, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clinic(settings: Any) -> ClinicSettings:
    settings.TIME_ZONE = "Europe/Madrid"
    settings.SITE_URL = "https://check.example.org"
    clinic = ClinicSettings.current()
    clinic.name = "Riverside Therapy"
    clinic.address = "12 Main Street\nSpringfield"
    clinic.phone = "555 0199"
    clinic.email = "hello@riverside.example"
    clinic.save()
    return clinic


def sent() -> list[Any]:
    messages.work(once=True, signals=False)
    return list(mail.outbox)


def calendar_of(email: Any) -> tuple[str, str]:
    [(name, content, mimetype)] = email.attachments
    assert name == "evaluation.ics"
    return content, mimetype


def never_named(email: Any) -> None:
    text = email.subject + email.body + calendar_of(email)[0]
    for private in ("Mia", "Alex", "Bring comfortable clothes"):
        assert private not in text


def test_a_booking_is_emailed_with_its_day_time_place_and_calendar_file(cast: Any) -> None:
    appointment = book(
        at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt, ot=cast.ot
    )
    [email] = sent()

    assert email.to == ["alex@example.org"]
    day = f"{next_week():%A} {next_week().day} {next_week():%B %Y}"
    assert email.subject == f"Your child's evaluation is booked: {day}, 10:00 to 11:00"
    assert "Where: Riverside Therapy, 12 Main Street, Springfield" in email.body
    assert "Who: A physical therapist and an occupational therapist" in email.body
    assert "555 0199 · hello@riverside.example" in email.body
    assert appointment.request.reference in email.body
    content, mimetype = calendar_of(email)
    assert mimetype == "text/calendar; method=PUBLISH; charset=utf-8"
    assert f"UID:wholechild-appointment-{appointment.pk}@check.example.org" in content
    assert "SEQUENCE:0" in content and "STATUS:CONFIRMED" in content
    assert f"DTSTART:{next_week().astimezone(UTC):%Y%m%dT%H%M%SZ}" in content  # Madrid's 10:00
    never_named(email)


def test_a_move_is_emailed_with_the_new_time_and_a_calendar_file_that_moves_it(
    cast: Any,
) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    sent()
    later = next_week(16)
    actions.do_move_evaluation(
        appointment,
        booking=booking(
            starts_at=later,
            pt=cast.pt,
            place=AppointmentPlace.ELSEWHERE,
            place_detail="Little Oaks nursery",
        ),
        by=cast.intake,
    )
    email = sent()[-1]

    assert email.subject.startswith("New time for your child's evaluation:")
    assert "16:00 to 17:00" in email.body
    assert "Where: Little Oaks nursery" in email.body
    content, _mimetype = calendar_of(email)
    assert "SEQUENCE:1" in content and "LOCATION:Little Oaks nursery" in content
    never_named(email)


def test_a_cancellation_is_emailed_with_a_calendar_file_that_removes_it(cast: Any) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    sent()
    actions.do_cancel_evaluation(appointment, by=cast.intake)
    email = sent()[-1]

    assert email.subject.startswith("Your child's evaluation is cancelled:")
    assert "will contact you to find another time" in email.body
    content, mimetype = calendar_of(email)
    assert mimetype == "text/calendar; method=CANCEL; charset=utf-8"
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content
    assert "SEQUENCE:1" in content
    never_named(email)


def test_a_booking_cancelled_before_its_email_went_is_never_sent(cast: Any) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    actions.do_cancel_evaluation(appointment, by=cast.intake)
    [email] = sent()
    assert email.subject.startswith("Your child's evaluation is cancelled:")


def test_a_video_visit_says_so(cast: Any) -> None:
    book(
        at_status(cast.family_one, Status.CONTACTED),
        cast.intake,
        ot=cast.ot,
        place=AppointmentPlace.VIDEO,
        starts_at=next_week(9) + timedelta(minutes=30),
    )
    [email] = sent()
    assert "Where: Video visit: the clinic will tell you how to join" in email.body
    assert "Who: An occupational therapist" in email.body
