"""do_purge_expired: the retention rule's deletions a batch at a time, each one still audited.

A clinic network's first retention run may find a million requests; one at a time was eight
queries and a transaction each. (How long a million takes is `make bench`'s: bench/records.py.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cast import family_details
from wholechild.care import actions
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Note,
    Plan,
    Status,
    StatusChange,
)

pytestmark = pytest.mark.django_db

SCREENING = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}


def closed_long_ago(count: int, *, status: Status = Status.CLOSED) -> list[EvaluationRequest]:
    """`count` requests, each with a history, a note and a plan, closed 100 days ago."""
    made = []
    for number in range(count):
        sent = actions.do_submit_request(
            details=family_details(parent_name=f"Parent {number}"),
            screening=SCREENING,
            submission_key=f"purge-{status}-{number}",
            notify=False,
        )
        Note.objects.create(request=sent.request, text="Called twice", author_name="x")
        Plan.objects.create(request=sent.request)
        made.append(sent.request)
    EvaluationRequest.objects.filter(pk__in=[r.pk for r in made]).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=100)
    )
    return made


def purge(requests: list[EvaluationRequest]) -> int:
    before = timezone.now() - timedelta(days=90)
    return actions.do_purge_expired([r.pk for r in requests], days=90, before=before)


def test_it_deletes_them_with_all_that_hangs_off_them(cast: Any) -> None:
    expired = closed_long_ago(3)

    assert purge(expired) == 3

    pks = [r.pk for r in expired]
    assert not EvaluationRequest.objects.filter(pk__in=pks).exists()
    assert not StatusChange.objects.filter(request_id__in=pks).exists()
    assert not Note.objects.filter(request_id__in=pks).exists()
    assert not Plan.objects.filter(request_id__in=pks).exists()
    assert EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).exists()


def test_each_deletion_is_audited_by_reference_by_no_one(cast: Any) -> None:
    expired = closed_long_ago(2) + closed_long_ago(1, status=Status.WITHDRAWN)

    purge(expired)

    events = AuditEvent.objects.filter(action=AuditAction.RECORD_DELETED)
    assert sorted((e.target, e.detail, e.actor_id, e.ip_address) for e in events) == sorted(
        [(r.reference, "retention: closed over 90 days", None, None) for r in expired[:2]]
        + [(expired[2].reference, "retention: withdrawn over 90 days", None, None)]
    )


def test_a_request_that_moved_on_or_is_too_recent_is_kept(cast: Any) -> None:
    reopened, recent, expired = closed_long_ago(3)
    EvaluationRequest.objects.filter(pk=reopened.pk).update(status=Status.CONTACTED)
    EvaluationRequest.objects.filter(pk=recent.pk).update(status_changed_at=timezone.now())

    assert purge([reopened, recent, expired]) == 1

    assert EvaluationRequest.objects.filter(pk__in=[reopened.pk, recent.pk]).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_DELETED).count() == 1


def test_the_queries_do_not_grow_with_the_batch(cast: Any) -> None:
    def queries_to_purge(count: int) -> int:
        expired = closed_long_ago(count, status=Status.CLOSED if count < 10 else Status.WITHDRAWN)
        with CaptureQueriesContext(connection) as captured:
            assert purge(expired) == count
        return len(captured.captured_queries)

    assert queries_to_purge(2) == queries_to_purge(20)


def test_the_command_deletes_them_a_batch_at_a_time(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from wholechild.clinic.management.commands import purge_requests

    expired = closed_long_ago(5)
    monkeypatch.setattr(purge_requests, "BATCH", 2)
    batches: list[int] = []
    real = actions.do_purge_expired
    monkeypatch.setattr(
        actions, "do_purge_expired", lambda pks, **kw: batches.append(len(pks)) or real(pks, **kw)
    )
    out = StringIO()

    call_command("purge_requests", stdout=out)

    assert out.getvalue() == "5 request(s) deleted.\n"
    assert batches == [2, 2, 1]
    assert not EvaluationRequest.objects.filter(pk__in=[r.pk for r in expired]).exists()
