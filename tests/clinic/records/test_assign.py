"""Assigning the PT and OT evaluators."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.clinic.records.helpers import fresh, url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
)

pytestmark = pytest.mark.django_db


def test_the_intake_coordinator_assigns_a_pt_and_an_ot(cast: Any, as_user: Any) -> None:
    response = as_user(cast.intake).post(
        url("assign", cast.family_two),
        {"assign-pt_evaluator": cast.pt.pk, "assign-ot_evaluator": cast.ot.pk},
    )
    assert response.status_code == 302
    request = fresh(cast.family_two)
    assert (request.pt_evaluator, request.ot_evaluator) == (cast.pt, cast.ot)
    event = AuditEvent.objects.filter(action=AuditAction.RECORD_CHANGED).first()
    assert event.detail == "assigned PT, assigned OT"
    assert as_user(cast.pt).get(url("record", cast.family_two)).status_code == 200


def test_only_active_staff_with_the_right_role_can_be_assigned(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    wrong_role = client.post(url("assign", cast.family_two), {"assign-pt_evaluator": cast.ot.pk})
    assert wrong_role.status_code == 200
    assert "Choose an active member of staff with this role" in wrong_role.content.decode()
    get_user_model().objects.filter(pk=cast.pt.pk).update(is_active=False)  # not the cast's copy
    inactive = client.post(url("assign", cast.family_two), {"assign-pt_evaluator": cast.pt.pk})
    assert inactive.status_code == 200
    assert fresh(cast.family_two).pt_evaluator is None


def test_only_the_intake_coordinator_sees_the_assignment_form(cast: Any, as_user: Any) -> None:
    assign = url("assign", cast.family_one)
    assert assign in as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    assert assign not in as_user(cast.pt).get(url("record", cast.family_one)).content.decode()
