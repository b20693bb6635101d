"""do_log_contact: each attempt to reach the family, audited without its note; reaching a new
request's family makes it "contacted" at the attempt's time, in the same step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import (
    AuditAction,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Status,
)

pytestmark = pytest.mark.django_db


def test_it_keeps_when_by_whom_how_and_what_happened_and_audits_without_the_note(
    cast: Any,
) -> None:
    when = timezone.now() - timedelta(seconds=1)
    attempt = actions.do_log_contact(
        fresh(cast.family_two),
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        note="Call back after 3pm",
        at=when,
        by=cast.intake,
    )

    assert (attempt.at, attempt.method, attempt.outcome, attempt.note) == (
        when,
        "phone",
        "no-answer",
        "Call back after 3pm",
    )
    assert (attempt.by, attempt.by_name) == (cast.intake, actions.staff_name(cast.intake))
    assert fresh(cast.family_two).status == Status.NEW  # not reached: still new
    assert audit_details(cast.family_two.reference) == [
        (AuditAction.RECORD_CHANGED, "contact logged: phone no-answer", cast.intake.pk)
    ]


def test_reaching_the_family_of_a_new_request_makes_it_contacted_at_that_time(
    cast: Any,
) -> None:
    evaluation = fresh(cast.family_two)
    when = evaluation.created_at + timedelta(microseconds=10)
    actions.do_log_contact(
        evaluation,
        method=ContactMethod.TEXT,
        outcome=ContactOutcome.REACHED,
        at=when,
        by=cast.intake,
    )

    stored = fresh(cast.family_two)
    step = stored.history.last()
    assert stored.status == evaluation.status == Status.CONTACTED
    assert (step.from_status, step.to_status, step.at, step.by) == (
        Status.NEW,
        Status.CONTACTED,
        when,
        cast.intake,
    )
    assert audit_details(cast.family_two.reference) == [
        (
            AuditAction.RECORD_CHANGED,
            "contact logged: text reached, status: contacted",
            cast.intake.pk,
        )
    ]


def test_reaching_them_again_later_moves_nothing(cast: Any) -> None:
    evaluation = at_status(cast.family_one, Status.EVALUATED)
    steps = evaluation.history.count()
    actions.do_log_contact(
        evaluation, method=ContactMethod.PHONE, outcome=ContactOutcome.REACHED, by=cast.pt
    )
    assert fresh(cast.family_one).status == Status.EVALUATED
    assert fresh(cast.family_one).history.count() == steps


@pytest.mark.parametrize("status", [Status.CLOSED, Status.DISCHARGED, Status.WITHDRAWN])
def test_a_finished_request_takes_no_contact_attempts(cast: Any, status: Status) -> None:
    evaluation = at_status(cast.family_two, status)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_log_contact(
            evaluation,
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.NO_ANSWER,
            by=cast.intake,
        )
    assert not ContactAttempt.objects.filter(request=evaluation).exists()


def test_withdrawing_erases_the_contact_log(cast: Any) -> None:
    evaluation = fresh(cast.family_two)
    actions.do_log_contact(
        evaluation,
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.LEFT_MESSAGE,
        note="Left a voicemail for Sam",
        by=cast.intake,
    )
    actions.do_withdraw(fresh(cast.family_two))
    assert not ContactAttempt.objects.filter(request=evaluation).exists()
