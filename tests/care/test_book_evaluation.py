"""do_book_evaluation: the appointment is kept, the request is booked, its evaluators are the
booking's, the family is emailed (when they gave an email), it is audited; two evaluations of
one therapist that overlap are refused, back to back are not; and when it may not be booked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.care.appointments import book, booking, next_week
from tests.care.helpers import at_status, audit_details, fresh
from tests.cast import make_staff
from wholechild.care import actions
from wholechild.care.models import (
    Appointment,
    AppointmentState,
    AuditAction,
    Message,
    MessageKind,
    Status,
)

pytestmark = pytest.mark.django_db


def test_it_books_the_evaluation_and_the_request_with_its_evaluators(cast: Any) -> None:
    evaluation = fresh(cast.family_two)
    appointment = book(evaluation, cast.intake, pt=cast.pt, ot=cast.ot)

    stored = fresh(cast.family_two)
    assert (stored.status, stored.pt_evaluator, stored.ot_evaluator) == (
        Status.BOOKED,
        cast.pt,
        cast.ot,
    )
    assert evaluation.status == Status.BOOKED  # the caller's copy too
    assert (appointment.state, appointment.starts_at, appointment.minutes) == (
        AppointmentState.BOOKED,
        next_week(),
        60,
    )
    assert (appointment.booked_by, appointment.family_note) == (
        cast.intake,
        "Bring comfortable clothes.",
    )
    step = stored.history.last()
    assert (step.from_status, step.to_status, step.by) == (Status.NEW, Status.BOOKED, cast.intake)
    assert audit_details(cast.family_two.reference) == [
        (
            AuditAction.RECORD_CHANGED,
            "evaluation booked, status: evaluation-booked, assigned PT, assigned OT",
            cast.intake.pk,
        )
    ]


def test_booking_with_one_therapist_keeps_the_other_evaluator(cast: Any) -> None:
    evaluation = at_status(cast.family_one, Status.CONTACTED)
    book(evaluation, cast.pt, pt=cast.pt)
    stored = fresh(cast.family_one)
    assert (stored.pt_evaluator, stored.ot_evaluator) == (cast.pt, cast.ot)
    assert audit_details(cast.family_one.reference)[-1][1] == (
        "evaluation booked, status: evaluation-booked"
    )


def test_the_family_is_emailed_when_they_gave_an_email(cast: Any) -> None:
    with_email = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    without = book(fresh(cast.family_two), cast.intake, ot=cast.ot)

    [message] = Message.objects.filter(appointment__isnull=False)
    assert (message.appointment, message.kind) == (with_email, MessageKind.APPOINTMENT_BOOKED)
    assert not Message.objects.filter(appointment=without).exists()


@pytest.mark.parametrize(
    ("shift", "minutes"),
    [
        (timedelta(0), 60),  # the same time
        (timedelta(minutes=30), 60),  # starting in the middle of the other
        (timedelta(minutes=-30), 60),  # ending in the middle of it
        (timedelta(minutes=-30), 120),  # around it
        (timedelta(minutes=15), 30),  # inside it
    ],
)
def test_an_evaluation_that_overlaps_the_therapists_other_one_is_refused(
    cast: Any, shift: timedelta, minutes: int
) -> None:
    first = book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    second = at_status(cast.family_one, Status.CONTACTED)

    with pytest.raises(actions.Clash) as refused:
        book(second, cast.intake, pt=cast.pt, starts_at=next_week() + shift, minutes=minutes)

    assert (refused.value.therapist, refused.value.appointment) == (cast.pt, first)
    assert fresh(cast.family_one).status == Status.CONTACTED
    assert not Appointment.objects.filter(request=second).exists()


def test_the_other_discipline_is_checked_too_even_when_the_first_is_free(cast: Any) -> None:
    book(fresh(cast.family_two), cast.intake, ot=cast.ot)
    with pytest.raises(actions.Clash) as refused:
        book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt, ot=cast.ot)
    assert refused.value.therapist == cast.ot


def test_back_to_back_is_not_a_clash(cast: Any) -> None:
    book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    after = book(
        at_status(cast.family_one, Status.CONTACTED),
        cast.intake,
        pt=cast.pt,
        starts_at=next_week() + timedelta(hours=1),
    )
    assert after.is_booked


def test_another_therapist_at_the_same_time_is_not_a_clash(cast: Any) -> None:
    other_pt = make_staff("other-pt", "pt")
    book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    assert book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=other_pt).is_booked


def test_a_cancelled_evaluation_frees_its_time(cast: Any) -> None:
    first = book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    actions.do_cancel_evaluation(first, by=cast.intake)
    assert book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt).is_booked


def test_a_request_with_an_evaluation_booked_is_changed_not_booked_twice(cast: Any) -> None:
    book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    with pytest.raises(actions.NotAllowedNow):
        book(fresh(cast.family_two), cast.intake, pt=cast.pt, starts_at=next_week(15))
    assert Appointment.objects.filter(request=cast.family_two.request).count() == 1


@pytest.mark.parametrize(
    "status", [Status.EVALUATED, Status.IN_THERAPY, Status.CLOSED, Status.WITHDRAWN]
)
def test_once_the_child_is_evaluated_or_the_request_ended_nothing_is_booked(
    cast: Any, status: Status
) -> None:
    with pytest.raises(actions.NotAllowedNow):
        book(at_status(cast.family_two, status), cast.intake, pt=cast.pt)
    assert not Appointment.objects.exists()


def test_an_evaluation_needs_a_therapist(cast: Any) -> None:
    with pytest.raises(ValueError, match="PT or an OT"):
        actions.do_book_evaluation(fresh(cast.family_two), booking=booking(), by=cast.intake)
