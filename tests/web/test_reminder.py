"""The calendar reminder to check again: an all-day event, RFC 5545, with nothing of the child."""

from __future__ import annotations

from datetime import UTC, date, datetime

from wholechild.web.reminder import add_months, check_again_on, reminder_file

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
URL = "https://check.example.org/"


def make(**changes: object) -> str:
    options: dict[str, object] = {
        "on": date(2027, 4, 1),
        "summary": "Do the moving and doing check again",
        "description": "Time to do the check again: https://check.example.org/. Sooner, if "
        "worried; or not.",
        "url": URL,
        "now": NOW,
    }
    options.update(changes)
    return reminder_file(**options)  # type: ignore[arg-type]


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_it_is_one_all_day_event_in_a_calendar():
    lines = unfolded(make())
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WholeChild//Check again reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]
    assert "DTSTART;VALUE=DATE:20270401" in lines
    assert "DTEND;VALUE=DATE:20270402" in lines
    assert "DTSTAMP:20261201T093000Z" in lines
    assert "SUMMARY:Do the moving and doing check again" in lines
    assert lines.count("BEGIN:VEVENT") == 1


def test_it_reminds_at_nine_in_the_morning_of_the_day():
    lines = unfolded(make())
    alarm = lines[lines.index("BEGIN:VALARM") : lines.index("END:VALARM") + 1]
    assert "ACTION:DISPLAY" in alarm
    assert "TRIGGER;RELATED=START:PT9H" in alarm


def test_every_line_ends_in_crlf_and_is_at_most_75_octets():
    text = make(description="A long line " * 30 + "with ünïcödé characters " * 5)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75, line


def test_text_is_escaped_as_the_rfc_asks():
    lines = unfolded(make(summary="Check; again, soon\\now"))
    assert "SUMMARY:Check\\; again\\, soon\\\\now" in lines


def test_each_file_has_its_own_uid_as_nothing_is_kept_to_match_it():
    first = [line for line in unfolded(make()) if line.startswith("UID:")]
    second = [line for line in unfolded(make()) if line.startswith("UID:")]
    assert first != second
    assert first[0].endswith("@check.example.org")


def test_it_says_nothing_about_the_child():
    text = make()
    for detail in ("months", "born", "walk", "not yet", "age"):
        assert detail not in text.lower().replace("page", "")


def test_months_are_added_as_calendar_months_then_days():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 14), 12) == date(2026, 3, 14)
    assert add_months(date(2025, 3, 14), 0.5) == date(2025, 3, 29)


def test_the_day_to_check_again_counts_from_the_birth_date_when_there_is_one():
    today = date(2026, 12, 1)
    born = date(2025, 4, 10)
    assert check_again_on(at_months=24, age_months=19.7, today=today, birth_date=born) == date(
        2027, 4, 10
    )
    assert check_again_on(at_months=24, age_months=20, today=today) == date(2027, 4, 1)


def test_the_day_is_never_before_tomorrow():
    today = date(2026, 12, 1)
    assert check_again_on(at_months=24, age_months=24, today=today) == date(2026, 12, 2)
