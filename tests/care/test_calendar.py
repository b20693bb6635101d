"""The calendar file writer (RFC 5545): text escaped, long lines folded at 75 octets without
splitting a character, times in UTC, CRLF line ends, and a cancellation a calendar removes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from wholechild.care.calendar import Event, calendar_file, escape, fold

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
EVENT = Event(
    uid="wholechild-appointment-7@clinic.example",
    sequence=2,
    starts_at=datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("America/New_York")),
    ends_at=datetime(2026, 3, 10, 11, 0, tzinfo=ZoneInfo("America/New_York")),
    summary="Evaluation at Riverside, Pediatrics; Room 2",
    location="12 Main Street\nSpringfield",
    description="A physical therapist.",
    organizer_name='The "Riverside" clinic',
    organizer_email="hello@riverside.example",
)


def lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def test_text_is_escaped_as_the_rfc_asks() -> None:
    assert escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"


def test_a_long_line_is_folded_at_75_octets_never_inside_a_character() -> None:
    line = "DESCRIPTION:" + "ñ" * 80
    parts = fold(line).split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)
    assert len(parts[0].encode()) >= 74


def test_the_file_has_one_event_in_utc_with_its_uid_and_sequence() -> None:
    found = lines(calendar_file(EVENT, now=NOW))

    assert found[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WholeChild//Clinic evaluations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert "UID:wholechild-appointment-7@clinic.example" in found
    assert "SEQUENCE:2" in found
    assert "DTSTAMP:20260302T080000Z" in found
    assert "DTSTART:20260310T140000Z" in found  # 10:00 in New York, summer time
    assert "DTEND:20260310T150000Z" in found
    assert "SUMMARY:Evaluation at Riverside\\, Pediatrics\\; Room 2" in found
    assert "LOCATION:12 Main Street\\nSpringfield" in found
    assert "ORGANIZER;CN=\"The 'Riverside' clinic\":mailto:hello@riverside.example" in found
    assert "STATUS:CONFIRMED" in found
    assert found[-2:] == ["END:VEVENT", "END:VCALENDAR"]


def test_a_cancellation_says_so_for_the_calendar_to_remove_it() -> None:
    cancelled = Event(**{**EVENT.__dict__, "cancelled": True, "sequence": 3})
    found = lines(calendar_file(cancelled, method="CANCEL", now=NOW))
    assert "METHOD:CANCEL" in found
    assert "STATUS:CANCELLED" in found
    assert "SEQUENCE:3" in found
