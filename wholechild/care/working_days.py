"""The clinic's working clock: Monday to Friday in the clinic's time zone (`TIME_ZONE`, set by
`WHOLECHILD_TIME_ZONE`). How soon the clinic means to reach a family is counted on it, and so
are the clinic's figures.

The clock runs on working days and stops at the weekend. "Within one working day" of a request
received on Tuesday at 10:00 is Wednesday at 10:00; of one received on Friday at 16:00, Monday at
16:00; a request received on Saturday or Sunday starts the clock on Monday at 00:00. Days are
counted on the wall clock, so a deadline keeps its time of day across a change to or from
summer time. Public holidays are not known here: they count as working days
(docs/clinic-records.md says why).

Plain Python on aware datetimes: no database, no settings beyond the time zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

SATURDAY = 5
DAY = timedelta(days=1)


def clinic_zone() -> tzinfo:
    """The clinic's time zone: the settings' TIME_ZONE, whatever zone a page has activated."""
    return timezone.get_default_timezone()


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def _add_working_days(day: date, days: int) -> date:
    """The working day `days` working days after `day` (itself a working day)."""
    while days > 0:
        day += DAY
        if is_working_day(day):
            days -= 1
    return day


def _subtract_working_days(day: date, days: int) -> date:
    """The working day `days` working days before `day` (itself a working day)."""
    while days > 0:
        day -= DAY
        if is_working_day(day):
            days -= 1
    return day


def _next_monday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _at(day: date, moment: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, moment).replace(tzinfo=zone)


def clock_starts(received: datetime, zone: tzinfo | None = None) -> datetime:
    """When the clock starts for something that arrived at `received`: then, on a working day;
    at the next Monday's 00:00 at the weekend."""
    zone = zone or clinic_zone()
    local = received.astimezone(zone)
    if is_working_day(local.date()):
        return local
    return _at(_next_monday(local.date()), time(0), zone)


def reach_by(received: datetime, days: int, zone: tzinfo | None = None) -> datetime:
    """The moment `days` working days after `received`: the clinic means to have reached the
    family by then. After it, the request is overdue."""
    zone = zone or clinic_zone()
    start = clock_starts(received, zone)
    return _at(_add_working_days(start.date(), days), start.time(), zone)


def overdue_before(now: datetime, days: int, zone: tzinfo | None = None) -> datetime:
    """Whatever arrived before this moment, and is not yet done, is past its `days` working
    days at `now`: the inverse of `reach_by`, so that the database can count what is overdue.

    Something received at `r` is overdue when `now` is later than `reach_by(r, days)`. On a
    working day that is `r` before the same time of day `days` working days ago; at the
    weekend, when the clock stands still, it is as at the end of Friday. Those received at the
    weekend start at Monday 00:00, so when the answer is a Monday 00:00 they are not overdue
    yet, and the answer moves back to the Saturday before them.
    """
    zone = zone or clinic_zone()
    local = now.astimezone(zone)
    today = local.date()
    if not is_working_day(today):
        friday = today - timedelta(days=today.weekday() - 4)
        return _at(_subtract_working_days(friday, days) + DAY, time(0), zone)
    before = _at(_subtract_working_days(today, days), local.time(), zone)
    if before.weekday() == 0 and before.time() == time(0):
        return before - timedelta(days=2)
    return before


def working_days_between(start: datetime, end: datetime, zone: tzinfo | None = None) -> float:
    """How many working days passed from `start` to `end`, in days and parts of days (the
    weekend does not count): 0 when `end` is not after `start`."""
    zone = zone or clinic_zone()
    first = start.astimezone(zone).replace(tzinfo=None)
    last = end.astimezone(zone).replace(tzinfo=None)
    if last <= first:
        return 0.0
    total = timedelta()
    day = first.date()
    while day <= last.date():
        if is_working_day(day):
            opens = max(first, datetime.combine(day, time(0)))
            closes = min(last, datetime.combine(day + DAY, time(0)))
            if closes > opens:
                total += closes - opens
        day += DAY
    return total / DAY
