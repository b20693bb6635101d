"""do_purge: a request deleted by the retention rule, with its audit entry."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import at_status
from wholechild.care import actions
from wholechild.care.models import AuditAction, AuditEvent, EvaluationRequest, Status, StatusChange

pytestmark = pytest.mark.django_db


def test_it_deletes_the_request_and_its_history_and_audits_it_by_reference(cast: Any) -> None:
    evaluation = at_status(cast.family_two, Status.CLOSED)

    actions.do_purge(evaluation, days=90)

    assert not EvaluationRequest.objects.filter(pk=evaluation.pk).exists()
    assert not StatusChange.objects.filter(request_id=evaluation.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.RECORD_DELETED)
    assert (event.target, event.detail, event.actor_id) == (
        evaluation.reference,
        "retention: closed over 90 days",
        None,
    )


@pytest.mark.parametrize("status", [Status.NEW, Status.EVALUATED, Status.DISCHARGED])
def test_a_request_that_is_not_withdrawn_or_closed_is_kept(cast: Any, status: Status) -> None:
    evaluation = at_status(cast.family_one, status)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_purge(evaluation, days=0)
    assert EvaluationRequest.objects.filter(pk=evaluation.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.RECORD_DELETED).exists()
