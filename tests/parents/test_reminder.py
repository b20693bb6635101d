""" "Add a reminder to your calendar": a calendar file made from the session, stored nowhere,
with nothing about the child in it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from wholechild.web.reminder import add_months

URL = "/check/results/reminder.ics"


def test_it_downloads_a_calendar_file_for_the_day_to_check_again(parent, client):
    parent.results()  # 20 months: check again at 2 years
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="check-again.ics"'
    body = response.content.decode()
    on = add_months(timezone.localdate(), 4)
    assert f"DTSTART;VALUE=DATE:{on:%Y%m%d}" in body
    assert "SUMMARY:Do the moving and doing check again" in body


def test_it_counts_from_the_birth_date_when_the_parent_gave_one(parent, client):
    born = timezone.localdate() - timedelta(days=300)
    parent.results(
        age={"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)}
    )
    body = client.get(URL).content.decode()
    assert f"DTSTART;VALUE=DATE:{add_months(born, 12):%Y%m%d}" in body


def test_it_has_nothing_of_the_child_in_it(parent, client):
    born = timezone.localdate() - timedelta(days=610)
    parent.results(
        age={"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)},
        milestones={"walks-alone": "not-yet"},
        concerns=["balance-coordination"],
    )
    body = client.get(URL).content.decode()
    for detail in (born.isoformat(), f"{born:%Y%m%d}", "walk", "balance", "20 months", "not-yet"):
        assert detail not in body


def test_it_is_never_cached_and_needs_the_confirmed_check(parent, client):
    assert client.get(URL)["Location"] == "/check/age/"
    parent.results()
    assert "no-store" in client.get(URL)["Cache-Control"]
    assert client.post(URL).status_code == 405


def test_there_is_none_when_the_next_check_is_a_yearly_checkup(parent, client):
    parent.results(age={"age-years": "7", "age-months": "0"})
    assert client.get(URL).status_code == 404


def test_the_days_are_added_to_today_for_an_age_in_months():
    assert add_months(date(2026, 12, 1), 4) == date(2027, 4, 1)
