"""Starting the shared plan, once the child is evaluated, and only once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import plan_url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Plan,
)

pytestmark = pytest.mark.django_db


def test_a_plan_cannot_be_started_before_the_child_is_evaluated(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    page = client.get(plan_url(cast.family_two)).content.decode()
    assert "A plan can be started once the child has been evaluated." in page
    assert "Start the plan" not in page

    response = client.post(reverse("clinic:plan_start", args=[cast.family_two.reference]))

    assert response.status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_once_evaluated_the_plan_is_started_once(cast: Any, as_user: Any, who: str) -> None:
    client = as_user(getattr(cast, who))
    start = reverse("clinic:plan_start", args=[cast.family_one.reference])
    assert "Start the plan" in client.get(plan_url(cast.family_one)).content.decode()

    assert client.post(start)["Location"] == plan_url(cast.family_one)
    client.post(start)

    plan = Plan.objects.get()
    assert (plan.request, plan.created_by) == (cast.family_one.request, getattr(cast, who))
    changes = AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED)
    assert [event.detail for event in changes] == ["plan started"]
