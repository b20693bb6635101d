"""Discharge: a therapist ends the therapy with a summary (goals met, the T-score at the start
and now, recommendations); the request is discharged and the plan becomes a record."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, fresh, plan_url, record_visit, set_status
from wholechild.care.models import AuditAction, AuditEvent, Discipline, Plan, Status

pytestmark = pytest.mark.django_db


def discharge(client: Any, family: Any, **body: str) -> Any:
    url = reverse("clinic:discharge", args=[family.reference])
    return client.post(
        url,
        {
            "reason": "goals-met",
            "recommendations": "Keep up the walks in the park",
            "confirm": "on",
            **body,
        },
    )


def test_a_discharge_writes_the_summary_and_ends_the_plan(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    walking = add_goal(plan, Discipline.PT, "Walks ten steps alone", cast.pt)
    add_goal(plan, Discipline.PT, "Climbs stairs", cast.pt)
    client = as_user(cast.pt)
    record_visit(client, cast.family_one, {walking: "0"})  # into therapy, one goal met
    page = client.get(reverse("clinic:discharge", args=[cast.family_one.reference]))
    assert "1 of 2 goals met so far." in page.content.decode()
    # Which ones, before the summary is written.
    assert "Walks ten steps alone: <strong>met</strong> (active)" in page.content.decode()
    assert "Climbs stairs: <strong>not met</strong> (proposed)" in page.content.decode()

    response = discharge(client, cast.family_one)

    assert response.status_code == 302
    assert fresh(cast.family_one).status == Status.DISCHARGED
    plan.refresh_from_db()
    assert (plan.discharge_goals_met, plan.discharge_goals_total) == (1, 2)
    assert plan.discharge_reason == "goals-met"
    # Start: -2, -2 -> 50 - 40 / sqrt(0.7 * 2 + 0.3 * 4) = 25.19; now: 0, -2 -> 37.60.
    assert plan.discharge_t_baseline == pytest.approx(25.19, abs=0.01)
    assert plan.discharge_t_final == pytest.approx(37.60, abs=0.01)
    text = client.get(plan_url(cast.family_one)).content.decode()
    assert "Discharge summary" in text
    assert "Keep up the walks in the park" in text
    assert "The plan can no longer be changed." in text
    assert record_visit(client, cast.family_one, {}).status_code == 403


def test_discharging_needs_the_reason_the_confirmation_and_the_recommendations(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    set_status(cast.family_one, Status.IN_THERAPY)
    page = discharge(
        as_user(cast.ot), cast.family_one, reason="", recommendations="", confirm=""
    ).content.decode()
    assert "Choose why the therapy ends" in page
    assert "Enter your recommendations" in page
    assert "Confirm that the therapy has ended" in page
    assert fresh(cast.family_one).status == Status.IN_THERAPY


def test_only_a_child_in_therapy_is_discharged_and_never_by_the_intake_coordinator(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    assert discharge(as_user(cast.pt), cast.family_one).status_code == 403  # evaluated only
    set_status(cast.family_one, Status.IN_THERAPY)
    assert discharge(as_user(cast.intake), cast.family_one).status_code == 403
    assert fresh(cast.family_one).status == Status.IN_THERAPY


def test_the_reason_is_said_on_the_plan_of_care_and_to_the_family(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    set_status(cast.family_one, Status.IN_THERAPY)
    client = as_user(cast.pt)
    discharge(client, cast.family_one, reason="family-stopped")

    care = client.get(reverse("clinic:plan_of_care", args=[cast.family_one.reference]))
    assert "Why the therapy ended:</strong> The family chose to stop" in care.content.decode()
    family = client.get(cast.family_one.status_url).content.decode()
    assert "Why it ended" in family
    assert "The family chose to stop" in family
    audited = AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).last()
    assert audited is not None
    assert audited.detail.startswith("plan discharged (family-stopped): ")
