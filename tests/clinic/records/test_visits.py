"""The visits page: the plan's visits, newest first, twenty to a page, and above them the
visits attended, cancelled and missed against those the plan has planned."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clinic.records.helpers import set_status
from tests.parents.helpers import text_of
from wholechild.care import actions
from wholechild.care.models import Attendance, Discipline, GoalDiscipline, Plan, Status, Visit
from wholechild.clinic.records.plan import VISITS_PER_PAGE

pytestmark = pytest.mark.django_db


def visits_url(family: Any) -> str:
    return reverse("clinic:visits", args=[family.reference])


def visits(plan: Plan, by: Any, *kinds: tuple[str, str], since: date = date(2027, 1, 1)) -> None:
    """A visit a day from `since`, one for each (discipline, attendance) given."""
    Visit.objects.bulk_create(
        Visit(
            plan=plan,
            on=since + timedelta(days=number),
            discipline=discipline,
            attendance=attendance,
            by=by,
            by_name="Pat Example",
        )
        for number, (discipline, attendance) in enumerate(kinds)
    )


def test_it_counts_the_visits_each_therapy_attended_against_those_planned(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    set_status(cast.family_one, Status.IN_THERAPY)
    actions.do_update_plan_discipline(
        cast.family_one.request,
        discipline=Discipline.PT,
        findings="Cruises",
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=cast.pt,
    )
    visits(
        plan,
        cast.pt,
        ("pt", Attendance.ATTENDED),
        ("pt", Attendance.ATTENDED),
        ("pt", Attendance.NO_SHOW),
        ("ot", Attendance.CANCELLED),
        (GoalDiscipline.BOTH, Attendance.ATTENDED),  # a joint visit counts for both
    )

    text = text_of(as_user(cast.pt).get(visits_url(cast.family_one)))

    assert "Physical therapy 3 visits attended of 24 planned; 0 cancelled, 1 missed" in text
    assert (
        "Occupational therapy 1 visit attended; 1 cancelled, 0 missed "
        "(no frequency written in the plan yet)"
    ) in text


def test_it_shows_twenty_visits_a_page_newest_first_with_links_to_the_rest(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    visits(plan, cast.pt, *[("pt", Attendance.ATTENDED)] * (VISITS_PER_PAGE + 3))
    client = as_user(cast.pt)

    first = client.get(visits_url(cast.family_one)).content.decode()
    older = client.get(visits_url(cast.family_one) + "?page=2").content.decode()

    assert "Visits 1 to 20 of 23, newest first" in first
    assert first.count('class="visit-record"') == VISITS_PER_PAGE
    assert '<time datetime="2027-01-23">' in first  # the newest
    assert '<time datetime="2027-01-03">' not in first
    assert 'rel="next">Older visits</a>' in first
    assert "Visits 21 to 23 of 23, newest first" in older
    assert older.count('class="visit-record"') == 3
    assert '<time datetime="2027-01-01">' in older
    assert 'rel="prev">Newer visits</a>' in older
    # A page that is not there is the last one, as Django's get_page gives it.
    assert "Visits 21 to 23" in client.get(visits_url(cast.family_one) + "?page=9").content.decode()


def test_the_visits_page_takes_the_same_queries_for_ten_visits_or_thirty(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    client = as_user(cast.pt)
    visits(plan, cast.pt, *[("pt", Attendance.ATTENDED)] * 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(visits_url(cast.family_one)).status_code == 200
    visits(plan, cast.pt, *[("ot", Attendance.NO_SHOW)] * 20, since=date(2027, 3, 1))
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(visits_url(cast.family_one)).status_code == 200
    assert len(thirty) == len(ten)
