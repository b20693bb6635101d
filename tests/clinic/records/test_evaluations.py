"""A therapist's week of evaluations: their own ("my evaluations this week"), anyone's for the
intake coordinator, a week at a time in the clinic's time zone, audited; never another
therapist's for a therapist."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.appointments import book
from tests.clinic.records.helpers import fresh, set_status
from wholechild.care.models import AuditAction, AuditEvent, Status

pytestmark = pytest.mark.django_db
WEEK = reverse("clinic:evaluations")


def this_week(weekday: int, hour: int) -> datetime:
    """A time this week (0 is Monday) in the clinic's time zone."""
    today = timezone.localdate()
    day = today - timedelta(days=today.weekday()) + timedelta(days=weekday)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_therapist_sees_their_evaluations_this_week_day_by_day(cast: Any, as_user: Any) -> None:
    set_status(cast.family_one, Status.CONTACTED)
    book(fresh(cast.family_one), cast.intake, pt=cast.pt, ot=cast.ot, starts_at=this_week(2, 9))
    book(
        fresh(cast.family_two),
        cast.intake,
        pt=cast.pt,
        starts_at=this_week(2, 9) + timedelta(weeks=1),
    )

    page = as_user(cast.pt).get(WEEK).content.decode()

    assert "My evaluations this week" in page
    assert cast.family_one.reference in page and "Mia" in page
    assert cast.family_two.reference not in page  # next week's
    wednesday = this_week(2, 9)
    day = page[page.index(f'id="day-{wednesday:%Y-%m-%d}"') :]
    assert day.index("09:00") < day.index("</section>")
    assert "PT and OT together (with OT)" in page
    [event] = AuditEvent.objects.filter(action=AuditAction.EVALUATIONS_VIEWED)
    monday = this_week(0, 0).date()
    assert event.detail == f"therapist={cast.pt.pk} week={monday.isoformat()}"


def test_the_next_weeks_evaluations_are_a_link_away(cast: Any, as_user: Any) -> None:
    book(
        fresh(cast.family_two),
        cast.intake,
        pt=cast.pt,
        starts_at=this_week(4, 15) + timedelta(weeks=1),
    )
    client = as_user(cast.intake)
    page = client.get(WEEK, {"therapist": cast.pt.pk}).content.decode()
    next_monday = this_week(0, 0).date() + timedelta(weeks=1)
    assert f'href="{WEEK}?week={next_monday.isoformat()}&amp;therapist={cast.pt.pk}"' in page

    page = client.get(WEEK, {"week": next_monday.isoformat(), "therapist": cast.pt.pk})
    assert cast.family_two.reference in page.content.decode()


def test_the_intake_coordinator_chooses_whose_week(cast: Any, as_user: Any) -> None:
    book(fresh(cast.family_two), cast.intake, ot=cast.ot, starts_at=this_week(1, 11))
    client = as_user(cast.intake)
    assert (
        cast.family_two.reference
        not in client.get(WEEK, {"therapist": cast.pt.pk}).content.decode()
    )
    page = client.get(WEEK, {"therapist": cast.ot.pk}).content.decode()
    assert "Evaluations with OT" in page and cast.family_two.reference in page


def test_a_therapist_sees_no_other_therapists_week(cast: Any, as_user: Any) -> None:
    response = as_user(cast.pt).get(WEEK, {"therapist": cast.ot.pk})
    assert response.status_code == 403


def test_a_weekend_evaluation_shows_the_weekend_too(cast: Any, as_user: Any) -> None:
    book(fresh(cast.family_two), cast.intake, pt=cast.pt, starts_at=this_week(5, 10))
    page = as_user(cast.intake).get(WEEK, {"therapist": cast.pt.pk}).content.decode()
    assert 'class="week week--7"' in page
    assert f'id="day-{this_week(5, 10):%Y-%m-%d}"' in page


def test_a_week_that_is_not_a_date_is_this_week(cast: Any, as_user: Any) -> None:
    page = as_user(cast.pt).get(WEEK, {"week": "soon"}).content.decode()
    assert "My evaluations this week" in page
