"""The audit log's filters at a clinic network's scale: a day is a range of instants, a name is
compared in capitals, and both are answered from an index (no test times them: bench/records.py
measures them at 100,000 events)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from wholechild.care.models import AuditAction, AuditEvent
from wholechild.clinic.administration.forms import AuditFilterForm
from wholechild.clinic.administration.views import _filtered_events

pytestmark = pytest.mark.django_db


def filtered(**data: str) -> list[int]:
    form = AuditFilterForm(data)
    assert form.is_valid(), form.errors
    return sorted(_filtered_events(form).values_list("pk", flat=True))


def event_at(when: datetime, **fields: Any) -> int:
    fields.setdefault("action", AuditAction.SIGN_IN)
    return AuditEvent.objects.create(at=when, **fields).pk


# Santiago skips its midnight in September (00:00 is 01:00) and has it twice in April.
@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/Santiago", "Pacific/Chatham"])
def test_a_day_is_every_instant_of_it_where_the_clinic_is(settings: Any, zone: str) -> None:
    settings.TIME_ZONE = zone
    days = [
        date(2026, 9, 5),
        date(2026, 9, 6),
        date(2026, 9, 7),
        date(2026, 4, 4),
        date(2026, 4, 5),
    ]
    instants = []
    for day in days:
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        for hours in range(-30, 31, 1):
            for seconds in (0, 1):
                instants.append(midnight + timedelta(hours=hours, seconds=-seconds))
    for when in instants:
        event_at(when)

    with timezone.override(ZoneInfo(zone)):
        for first, last in [
            (days[0], days[0]),
            (days[1], days[1]),
            (days[0], days[2]),
            (days[3], days[4]),
        ]:
            as_dates = sorted(
                AuditEvent.objects.filter(at__date__gte=first, at__date__lte=last).values_list(
                    "pk", flat=True
                )
            )
            assert filtered(date_from=str(first), date_to=str(last)) == as_dates
            assert as_dates  # the day had events in it to find


def test_names_match_whatever_their_case(cast: Any) -> None:
    now = timezone.now()
    mine = [
        event_at(now, actor_name="pt-user", target="ABCD-1234"),
        event_at(now, actor_name="PT-User", target="abcd-1234"),
    ]
    event_at(now, actor_name="ot-user", target="ABCD-9999")

    assert [pk for pk in filtered(actor=" pt-USER ") if pk in mine] == mine
    assert filtered(target="Abcd-1234") == mine


def plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a small table would be scanned
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(cell) for row in cursor.fetchall() for cell in row)


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"actor": "pt-user"}, "audit_by_actor"),
        ({"target": "ABCD-1234"}, "audit_by_target"),
        ({"date_from": "2026-03-01", "date_to": "2026-03-01"}, "clinic_auditevent_at"),
    ],
)
def test_each_filter_is_answered_from_an_index(filters: dict[str, str], index: str) -> None:
    form = AuditFilterForm(filters)
    assert form.is_valid()
    page = _filtered_events(form).order_by("-at", "-pk")[:50]
    sql, params = page.query.sql_with_params()

    assert index in plan(sql, params)
