"""A discipline's part of the plan of care (findings, how often, how long) and the review date,
each therapist writing their own discipline's part."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import plan_url
from wholechild.care.models import AuditAction, AuditEvent, Plan, PlanDiscipline

pytestmark = pytest.mark.django_db


def post(client: Any, family: Any, **body: str) -> Any:
    url = reverse("clinic:plan_details", args=[family.reference])
    return client.post(
        url, {f"part-{k}" if k != "review_date" else "plan-review_date": v for k, v in body.items()}
    )


def test_each_therapist_writes_their_own_part_and_the_plan_shows_both(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    post(
        as_user(cast.pt),
        cast.family_one,
        findings="Walks holding on",
        sessions_per_week="2",
        minutes="45",
        weeks="12",
        review_date="2027-03-01",
    )
    post(
        as_user(cast.ot),
        cast.family_one,
        findings="Grasps with the whole hand",
        review_date="2027-03-01",
        sessions_per_week="1",
    )

    parts = {part.discipline: part for part in PlanDiscipline.objects.all()}
    assert (parts["pt"].sessions_per_week, parts["pt"].minutes, parts["pt"].weeks) == (2, 45, 12)
    assert parts["pt"].therapist == cast.pt
    assert parts["ot"].findings == "Grasps with the whole hand"
    plan.refresh_from_db()
    assert plan.review_date == date(2027, 3, 1)
    page = as_user(cast.intake).get(plan_url(cast.family_one)).content.decode()
    assert "2 sessions a week, 45 minutes each, for 12 weeks" in page
    assert "1 session a week" in page
    assert "Review by 1 March 2027." in page
    details = set(
        AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).values_list("detail", flat=True)
    )
    assert "plan review date: 2027-03-01" in details
    assert not any("Walks holding" in detail for detail in details)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sessions_per_week", "8", "Enter the sessions a week of 7 or fewer"),
        ("weeks", "0", "Enter the number of weeks of 1 or more"),
        ("minutes", "lots", "Enter the minutes a session as a whole number"),
        ("review_date", "1/3/2027", "Enter the review date as year-month-day"),
    ],
)
def test_impossible_figures_are_refused_and_nothing_is_saved(
    cast: Any, as_user: Any, plan: Plan, field: str, value: str, message: str
) -> None:
    response = post(as_user(cast.pt), cast.family_one, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanDiscipline.objects.exists()
