"""Evaluations booked by the action, for the appointment action tests: a time to come, as a
booking with the cast's PT and/or OT."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wholechild.care import actions
from wholechild.care.models import Appointment, AppointmentPlace, EvaluationRequest


def next_week(hour: int = 10, minute: int = 0) -> datetime:
    """A time next week in the clinic's time zone (the test run's day, plus seven)."""
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def booking(
    starts_at: datetime | None = None, minutes: int = 60, **changes: Any
) -> actions.Booking:
    starts = starts_at or next_week()
    values: dict[str, Any] = {
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=minutes),
        "place": AppointmentPlace.CLINIC,
        "pt": None,
        "ot": None,
        "family_note": "Bring comfortable clothes.",
    }
    values.update(changes)
    return actions.Booking(**values)


def book(evaluation: EvaluationRequest, by: Any, **changes: Any) -> Appointment:
    return actions.do_book_evaluation(evaluation, booking=booking(**changes), by=by)
