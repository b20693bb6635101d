"""Calendar files (iCalendar, RFC 5545): an event a family adds to their phone's calendar.

A small writer rather than a library: one event, a handful of properties, text escaped and long
lines folded as the RFC asks. Times are written in UTC ("…Z"), so no time zone table travels with
the file and every calendar shows the event at the right local time.

The file says only what its reader already knows (the date, the time, the place, who the clinic
is); `appointments.calendar_file` decides what that is for a child's evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT = "-//WholeChild//Clinic evaluations//EN"
# RFC 5545 3.1: lines of more than 75 octets are folded, a CRLF and a space starting the next.
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One event: `uid` stays the same across every change of it, and `sequence` grows with
    each change, so a calendar that has it updates it (or removes it, once cancelled)."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    organizer_name: str = ""
    organizer_email: str = ""
    cancelled: bool = False


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, new lines as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a character's UTF-8 bytes."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # the space the fold adds
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(event: Event, *, method: str = "PUBLISH", now: datetime) -> str:
    """The whole file for one event. `method` is PUBLISH (add or update it) or CANCEL."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.organizer_email:
        name = event.organizer_name.replace('"', "'")
        lines.append(f'ORGANIZER;CN="{name}":mailto:{event.organizer_email}')
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.extend(["END:VEVENT", "END:VCALENDAR"])
    return "".join(f"{fold(line)}\r\n" for line in lines)
