"""do_start_plan: one plan per child, once they have been evaluated."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, Plan, Status

pytestmark = pytest.mark.django_db


def test_it_starts_the_plan_once(cast: Any) -> None:
    plan, created = actions.do_start_plan(fresh(cast.family_one), by=cast.ot)
    again, created_again = actions.do_start_plan(fresh(cast.family_one), by=cast.pt)

    assert (created, created_again) == (True, False)
    assert plan.pk == again.pk and plan.created_by == cast.ot
    assert audit_details(cast.family_one.reference) == [
        (AuditAction.PLAN_CHANGED, "plan started", cast.ot.pk)
    ]


@pytest.mark.parametrize("status", [Status.NEW, Status.BOOKED, Status.DISCHARGED])
def test_no_plan_before_the_evaluation_or_after_the_discharge(cast: Any, status: Status) -> None:
    evaluation = at_status(cast.family_one, status)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_start_plan(evaluation, by=cast.pt)
    assert not Plan.objects.filter(request=evaluation).exists()
