"""The clinic's working clock and the overdue rule: a request not reached within its urgency's
working days (Monday to Friday, in the clinic's time zone) is overdue, at its boundaries: the
second before and after, the weekend, another time zone, a change to summer time, and the
database's count agreeing with each row's flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.clinic.test_inbox import new_request
from wholechild.care.models import ClinicSettings, EvaluationRequest, Status
from wholechild.care.working_days import (
    clock_starts,
    overdue_before,
    reach_by,
    working_days_between,
)

NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
SECOND = timedelta(seconds=1)


def at(zone: Any, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


# 2026-03-02 is a Monday.
@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        ((2026, 3, 3, 10, 0), 1, (2026, 3, 4, 10, 0)),  # Tuesday: Wednesday, same time
        ((2026, 3, 6, 16, 0), 1, (2026, 3, 9, 16, 0)),  # Friday: Monday, over the weekend
        ((2026, 3, 6, 16, 0), 3, (2026, 3, 11, 16, 0)),  # Friday + 3: Wednesday
        ((2026, 3, 7, 10, 0), 1, (2026, 3, 10, 0, 0)),  # Saturday: from Monday 00:00
        ((2026, 3, 8, 23, 59), 1, (2026, 3, 10, 0, 0)),  # Sunday night: the same
        ((2026, 3, 2, 9, 0), 10, (2026, 3, 16, 9, 0)),  # ten working days: two weeks
        ((2026, 3, 4, 9, 0), 0, (2026, 3, 4, 9, 0)),  # no days: at once
    ],
)
def test_the_time_to_reach_a_family_counts_working_days_only(
    received: tuple[int, ...], days: int, due: tuple[int, ...]
) -> None:
    assert reach_by(at(NEW_YORK, *received), days, NEW_YORK) == at(NEW_YORK, *due)


def test_the_deadline_keeps_its_time_of_day_across_the_change_to_summer_time() -> None:
    # New York moves its clocks forward on Sunday 8 March 2026.
    due = reach_by(at(NEW_YORK, 2026, 3, 6, 9, 0), 1, NEW_YORK)
    assert due == at(NEW_YORK, 2026, 3, 9, 9, 0)
    assert due.utcoffset() == timedelta(hours=-4)  # summer time: 13:00 UTC, not 14:00


def test_the_clock_starts_at_once_on_a_working_day_and_on_monday_at_the_weekend() -> None:
    tuesday = at(NEW_YORK, 2026, 3, 3, 10, 0)
    assert clock_starts(tuesday, NEW_YORK) == tuesday
    assert clock_starts(at(NEW_YORK, 2026, 3, 7, 12, 0), NEW_YORK) == at(NEW_YORK, 2026, 3, 9)


@pytest.mark.parametrize(
    ("now", "days", "before"),
    [
        ((2026, 3, 4, 10, 0), 1, (2026, 3, 3, 10, 0)),  # Wednesday: Tuesday, same time
        ((2026, 3, 9, 16, 0), 1, (2026, 3, 6, 16, 0)),  # Monday: the Friday before
        ((2026, 3, 7, 12, 0), 1, (2026, 3, 6, 0, 0)),  # Saturday: as at the end of Friday
        ((2026, 3, 7, 12, 0), 5, (2026, 2, 28, 0, 0)),  # Saturday, 5 days: the week before
        ((2026, 3, 10, 0, 0), 1, (2026, 3, 7, 0, 0)),  # Tuesday 00:00: weekend arrivals wait
    ],
)
def test_overdue_before_is_when_the_oldest_not_yet_overdue_arrived(
    now: tuple[int, ...], days: int, before: tuple[int, ...]
) -> None:
    assert overdue_before(at(NEW_YORK, *now), days, NEW_YORK) == at(NEW_YORK, *before)


ZONES = [UTC, NEW_YORK, AUCKLAND, ZoneInfo("Europe/Madrid")]
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@hypothesis_settings(max_examples=500, deadline=None)
@given(
    received=moments,
    waited=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    days=st.integers(min_value=0, max_value=15),
    zone=st.sampled_from(ZONES),
)
def test_the_databases_cutoff_and_the_deadline_always_agree(
    received: datetime, waited: timedelta, days: int, zone: Any
) -> None:
    now = received + waited
    # Overdue ("past its time") by the deadline, and by the cutoff the database counts with.
    assert (now > reach_by(received, days, zone)) == (received < overdue_before(now, days, zone))


def test_working_days_between_leaves_out_the_weekend() -> None:
    friday_noon = at(NEW_YORK, 2026, 3, 6, 12, 0)
    assert working_days_between(friday_noon, at(NEW_YORK, 2026, 3, 9, 12, 0), NEW_YORK) == 1.0
    assert working_days_between(friday_noon, at(NEW_YORK, 2026, 3, 7, 9, 0), NEW_YORK) == 0.5
    saturday = at(NEW_YORK, 2026, 3, 7, 9, 0)
    assert working_days_between(saturday, at(NEW_YORK, 2026, 3, 8, 9, 0), NEW_YORK) == 0.0
    assert working_days_between(friday_noon, friday_noon - SECOND, NEW_YORK) == 0.0


# --- The overdue rule on requests --------------------------------------------------------------


@pytest.fixture
def new_york(settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"


def overdue_now(now: datetime) -> set[str]:
    clinic = ClinicSettings.current()
    counted = set(
        EvaluationRequest.objects.filter(clinic.overdue(now)).values_list("reference", flat=True)
    )
    flagged = {r.reference for r in EvaluationRequest.objects.all() if r.is_overdue(clinic, now)}
    assert counted == flagged  # the inbox's flag and the dashboard's count are one rule
    return counted


@pytest.mark.django_db
@pytest.mark.usefixtures("new_york")
def test_an_urgent_request_is_overdue_one_working_day_later_to_the_second(cast: Any) -> None:
    EvaluationRequest.objects.all().delete()
    friday = at(NEW_YORK, 2026, 3, 6, 16, 30)
    urgent = new_request(urgency="urgent", created_at=friday)

    assert overdue_now(at(NEW_YORK, 2026, 3, 9, 16, 30)) == set()  # Monday 16:30: due now
    assert overdue_now(at(NEW_YORK, 2026, 3, 9, 16, 30) + SECOND) == {urgent.reference}


@pytest.mark.django_db
@pytest.mark.usefixtures("new_york")
def test_the_days_are_counted_in_the_clinics_time_zone_not_in_utc(cast: Any) -> None:
    EvaluationRequest.objects.all().delete()
    # Friday 22:00 in New York is already Saturday 03:00 in UTC: still a Friday request.
    friday_night = at(NEW_YORK, 2026, 3, 6, 22, 0)
    urgent = new_request(urgency="urgent", created_at=friday_night.astimezone(UTC))

    assert overdue_now(at(NEW_YORK, 2026, 3, 9, 21, 59)) == set()
    assert overdue_now(at(NEW_YORK, 2026, 3, 9, 22, 1)) == {urgent.reference}


@pytest.mark.django_db
@pytest.mark.usefixtures("new_york")
def test_a_request_sent_at_the_weekend_waits_from_monday(cast: Any) -> None:
    EvaluationRequest.objects.all().delete()
    saturday = new_request(urgency="urgent", created_at=at(NEW_YORK, 2026, 3, 7, 10, 0))

    assert overdue_now(at(NEW_YORK, 2026, 3, 9, 23, 59)) == set()  # Monday, all day
    assert overdue_now(at(NEW_YORK, 2026, 3, 10, 0, 0)) == set()  # Tuesday 00:00: due now
    assert overdue_now(at(NEW_YORK, 2026, 3, 10, 0, 0) + SECOND) == {saturday.reference}


@pytest.mark.django_db
@pytest.mark.usefixtures("new_york")
def test_each_urgency_has_the_administrators_days_and_only_new_requests_are_overdue(
    cast: Any,
) -> None:
    EvaluationRequest.objects.all().delete()
    monday = at(NEW_YORK, 2026, 3, 2, 9, 0)
    urgent = new_request(urgency="urgent", created_at=monday)
    soon = new_request(urgency="soon", created_at=monday)
    routine = new_request(urgency="routine", created_at=monday)
    new_request(urgency="urgent", created_at=monday, status=Status.CONTACTED)  # reached

    assert overdue_now(at(NEW_YORK, 2026, 3, 3, 9, 1)) == {urgent.reference}
    assert overdue_now(at(NEW_YORK, 2026, 3, 5, 9, 1)) == {urgent.reference, soon.reference}
    assert overdue_now(at(NEW_YORK, 2026, 3, 16, 9, 1)) == {
        urgent.reference,
        soon.reference,
        routine.reference,
    }
    ClinicSettings.objects.filter(pk=1).update(reach_soon_within_days=5)
    assert overdue_now(at(NEW_YORK, 2026, 3, 5, 9, 1)) == {urgent.reference}
