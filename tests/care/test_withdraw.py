"""do_withdraw: the family withdraws, and their details are erased at once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import at_status, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, AuditEvent, Note, Plan, Status

pytestmark = pytest.mark.django_db


def test_it_erases_the_details_and_leaves_a_tombstone_with_its_history(cast: Any) -> None:
    evaluation = fresh(cast.family_two)
    Note.objects.create(request=evaluation, text="Called", author_name="x")

    assert actions.do_withdraw(evaluation) is True

    stored = fresh(cast.family_two)
    assert stored.status == Status.WITHDRAWN
    assert (stored.parent_name, stored.phone, stored.child_first_name) == ("", "", "")
    assert stored.child_birth_date is None
    assert stored.screening_request == {} and stored.screening_answer == {}
    assert stored.body_digest == ""
    assert not Note.objects.filter(request=stored).exists()
    step = stored.history.last()
    assert (step.from_status, step.to_status, step.by, step.by_name) == (
        Status.NEW,
        Status.WITHDRAWN,
        None,
        "",
    )
    event = AuditEvent.objects.exclude(action=AuditAction.REQUEST_RECEIVED).get(
        target=stored.reference
    )
    assert (event.action, event.actor_id, event.ip_address) == (
        AuditAction.REQUEST_WITHDRAWN,
        None,
        None,
    )
    assert evaluation.parent_name == ""  # the caller's copy holds nothing of them either


def test_the_plan_goes_with_it(cast: Any) -> None:
    evaluation = at_status(cast.family_two, Status.BOOKED)
    Plan.objects.create(request=evaluation)
    actions.do_withdraw(evaluation)
    assert not Plan.objects.filter(request=evaluation).exists()


@pytest.mark.parametrize("status", [Status.EVALUATED, Status.IN_THERAPY, Status.CLOSED])
def test_after_the_evaluation_nothing_is_withdrawn_or_erased(cast: Any, status: Status) -> None:
    evaluation = at_status(cast.family_one, status)

    assert actions.do_withdraw(evaluation) is False

    stored = fresh(cast.family_one)
    assert stored.status == status
    assert stored.parent_name == cast.family_one.request.parent_name
    assert not AuditEvent.objects.filter(action=AuditAction.REQUEST_WITHDRAWN).exists()
