"""do_move_evaluation: a booked evaluation's time, place, therapists or note changed; the family
is emailed only what they are told changed, with a calendar file that moves it; a clash with
the therapist's other evaluations is refused, never with itself; after the evaluation, no
change."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from tests.care.appointments import book, booking, next_week
from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions, messages
from wholechild.care.models import (
    Appointment,
    AppointmentPlace,
    AuditAction,
    EvaluationRequest,
    Message,
    MessageKind,
    MessageState,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast: Any) -> Appointment:
    """Family one's evaluation with the PT alone (no OT assigned), next week at 10:00; its
    email already sent."""
    EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).update(ot_evaluator=None)
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    messages.work(once=True, signals=False)
    return appointment


def now_booking(appointment: Appointment, **changes: Any) -> actions.Booking:
    return replace(
        booking(
            starts_at=appointment.starts_at,
            minutes=appointment.minutes,
            pt=appointment.pt,
            ot=appointment.ot,
            family_note=appointment.family_note,
        ),
        **changes,
    )


def test_moving_it_changes_the_time_counts_the_change_and_emails_the_family(
    cast: Any, booked: Appointment
) -> None:
    later = next_week(14)
    changed = actions.do_move_evaluation(
        booked,
        booking=now_booking(booked, starts_at=later, ends_at=later + timedelta(minutes=90)),
        by=cast.intake,
    )

    booked.refresh_from_db()
    assert changed == ["starts_at", "ends_at"]
    assert (booked.starts_at, booked.minutes, booked.sequence) == (later, 90, 1)
    pending = Message.objects.get(appointment=booked, state=MessageState.PENDING)
    assert pending.kind == MessageKind.APPOINTMENT_MOVED
    assert audit_details(cast.family_one.reference)[-1] == (
        AuditAction.RECORD_CHANGED,
        "evaluation changed: starts_at ends_at",
        cast.intake.pk,
    )


def test_a_new_note_alone_is_not_a_move_and_emails_no_one(cast: Any, booked: Appointment) -> None:
    changed = actions.do_move_evaluation(
        booked, booking=now_booking(booked, family_note="Park at the back."), by=cast.pt
    )
    booked.refresh_from_db()
    assert changed == ["family_note"]
    assert (booked.family_note, booked.sequence) == ("Park at the back.", 0)
    assert not Message.objects.filter(appointment=booked, state=MessageState.PENDING).exists()


def test_nothing_changed_changes_nothing(cast: Any, booked: Appointment) -> None:
    assert actions.do_move_evaluation(booked, booking=now_booking(booked), by=cast.pt) == []
    assert audit_details(cast.family_one.reference)[-1][1].startswith("evaluation booked")


def test_adding_the_ot_assigns_them_and_is_checked_against_their_diary(
    cast: Any, booked: Appointment
) -> None:
    book(fresh(cast.family_two), cast.intake, ot=cast.ot, starts_at=next_week(10, 30))
    with pytest.raises(actions.Clash) as refused:
        actions.do_move_evaluation(booked, booking=now_booking(booked, ot=cast.ot), by=cast.intake)
    assert refused.value.therapist == cast.ot
    assert fresh(cast.family_one).ot_evaluator is None

    later = next_week(12)
    actions.do_move_evaluation(
        booked,
        booking=now_booking(
            booked,
            ot=cast.ot,
            place=AppointmentPlace.VIDEO,
            starts_at=later,
            ends_at=later + timedelta(hours=1),
        ),
        by=cast.intake,
    )
    assert fresh(cast.family_one).ot_evaluator == cast.ot


def test_moving_it_within_its_own_time_is_not_a_clash_with_itself(
    cast: Any, booked: Appointment
) -> None:
    half_past = next_week(10, 30)
    changed = actions.do_move_evaluation(
        booked,
        booking=now_booking(booked, starts_at=half_past, ends_at=half_past + timedelta(hours=1)),
        by=cast.pt,
    )
    assert changed == ["starts_at", "ends_at"]


def test_a_move_before_the_booking_email_went_is_sent_as_the_booking(cast: Any) -> None:
    appointment = book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)
    later = next_week(15)
    actions.do_move_evaluation(
        appointment,
        booking=now_booking(appointment, starts_at=later, ends_at=later + timedelta(hours=1)),
        by=cast.intake,
    )
    states = sorted(Message.objects.filter(appointment=appointment).values_list("kind", "state"))
    assert states == [
        (MessageKind.APPOINTMENT_BOOKED, MessageState.CANCELLED),
        (MessageKind.APPOINTMENT_BOOKED, MessageState.PENDING),
    ]


@pytest.mark.parametrize("status", [Status.EVALUATED, Status.CLOSED])
def test_after_the_evaluation_it_is_not_changed(
    cast: Any, booked: Appointment, status: Status
) -> None:
    at_status(cast.family_one, status)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_move_evaluation(
            booked, booking=now_booking(booked, family_note="Too late"), by=cast.intake
        )
