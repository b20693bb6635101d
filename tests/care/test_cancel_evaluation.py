"""do_cancel_evaluation: the evaluation is cancelled (kept, so the family can be told what), the
request is "contacted" again to book a new time, the family is emailed, it is audited; closing a
request cancels its evaluation too; withdrawing erases it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.care.appointments import book
from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import (
    Appointment,
    AppointmentState,
    AuditAction,
    Message,
    MessageKind,
    MessageState,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast: Any) -> Appointment:
    return book(at_status(cast.family_one, Status.CONTACTED), cast.intake, pt=cast.pt)


def test_it_cancels_the_evaluation_and_the_request_is_contacted_again(
    cast: Any, booked: Appointment
) -> None:
    actions.do_cancel_evaluation(booked, by=cast.intake)

    booked.refresh_from_db()
    stored = fresh(cast.family_one)
    assert (booked.state, booked.sequence) == (AppointmentState.CANCELLED, 1)
    assert stored.status == Status.CONTACTED
    step = stored.history.last()
    assert (step.from_status, step.to_status) == (Status.BOOKED, Status.CONTACTED)
    assert audit_details(cast.family_one.reference)[-1] == (
        AuditAction.RECORD_CHANGED,
        "evaluation cancelled, status: contacted",
        cast.intake.pk,
    )


def test_the_family_hears_of_it_once_and_not_of_the_booking_no_longer_true(
    cast: Any, booked: Appointment
) -> None:
    actions.do_cancel_evaluation(booked, by=cast.intake)
    assert sorted(Message.objects.filter(appointment=booked).values_list("kind", "state")) == [
        (MessageKind.APPOINTMENT_BOOKED, MessageState.CANCELLED),
        (MessageKind.APPOINTMENT_CANCELLED, MessageState.PENDING),
    ]


def test_a_cancelled_evaluation_is_not_cancelled_again(cast: Any, booked: Appointment) -> None:
    actions.do_cancel_evaluation(booked, by=cast.intake)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_cancel_evaluation(booked, by=cast.intake)


def test_after_the_evaluation_it_is_not_cancelled(cast: Any, booked: Appointment) -> None:
    actions.do_move_status(fresh(cast.family_one), to=Status.EVALUATED, by=cast.pt)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_cancel_evaluation(booked, by=cast.intake)
    booked.refresh_from_db()
    assert booked.is_booked  # it happened: it stays, as when it was


def test_closing_the_request_cancels_its_evaluation_and_tells_the_family(
    cast: Any, booked: Appointment
) -> None:
    actions.do_move_status(
        fresh(cast.family_one), to=Status.CLOSED, reason="Moved away", by=cast.intake
    )
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED
    assert Message.objects.filter(
        appointment=booked, kind=MessageKind.APPOINTMENT_CANCELLED
    ).exists()
    assert audit_details(cast.family_one.reference)[-1][1] == (
        "status: closed, evaluation cancelled"
    )


def test_a_past_evaluation_cancelled_by_closing_sends_nothing(
    cast: Any, booked: Appointment
) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    Appointment.objects.filter(pk=booked.pk).update(
        starts_at=yesterday, ends_at=yesterday + timedelta(hours=1)
    )
    actions.do_move_status(
        fresh(cast.family_one), to=Status.CLOSED, reason="No show", by=cast.intake
    )
    assert not Message.objects.filter(kind=MessageKind.APPOINTMENT_CANCELLED).exists()


def test_withdrawing_erases_the_evaluation(cast: Any, booked: Appointment) -> None:
    assert actions.do_withdraw(fresh(cast.family_one))
    assert not Appointment.objects.filter(request=cast.family_one.request).exists()
    assert set(
        Message.objects.filter(request=cast.family_one.request).values_list("state", flat=True)
    ) == {MessageState.CANCELLED}
