"""A reminder to do the check again, as a calendar file the family downloads (RFC 5545).

The answer says at what age to look again (`check_again_at_months`); this turns that age into a
day and that day into an all-day event. Nothing is stored and nothing about the child is in the
file: no name, no answer, no age, only the day and "do the check again". Each download has a
new random UID, as nothing is kept to match a later one against.

Written by hand rather than with a library: one all-day event and an alarm, a dozen lines. The
escaping and the line folding are the care records' own (`wholechild.care.calendar`), which
writes the family's evaluation appointments, so the two files follow RFC 5545 the same way.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, timedelta

from wholechild.care.calendar import escape, fold, utc

PRODUCT = "-//WholeChild//Check again reminder//EN"
DAYS_PER_MONTH = 365.25 / 12


def add_months(start: date, months: float) -> date:
    """`start` plus a number of months: whole calendar months (the day kept, or the month's
    last day when it has fewer), then what is left as days of an average month."""
    whole = int(months)
    total = start.month - 1 + whole
    year, month = start.year + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=round((months - whole) * DAYS_PER_MONTH))


def check_again_on(
    *, at_months: float, age_months: float, today: date, birth_date: date | None = None
) -> date:
    """The day the child reaches `at_months` (chronological): counted from the birth date when
    the parent gave one, otherwise from today and the age they gave. Never before tomorrow."""
    if birth_date is not None:
        day = add_months(birth_date, at_months)
    else:
        day = add_months(today, max(at_months - age_months, 0))
    return max(day, today + timedelta(days=1))


def reminder_file(*, on: date, summary: str, description: str, url: str, now: datetime) -> str:
    """An all-day event on `on`, with an alarm at 9 in the morning of that day."""
    domain = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid4()}@{domain}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART;VALUE=DATE:{on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(summary)}",
        "TRIGGER;RELATED=START:PT9H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{fold(line)}\r\n" for line in lines)
