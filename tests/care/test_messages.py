"""The emails that follow a request: sent once by a worker, retried with backoff for over an
hour, then failed, audited and sent again by hand; none lost when a worker dies mid-send."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, messages
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Message,
    MessageKind,
    MessageState,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clinic_address(settings: Any) -> None:
    settings.CLINIC_NOTIFY_EMAILS = ["clinic@x.org"]


class DownEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


DOWN = override_settings(EMAIL_BACKEND=f"{__name__}.DownEmailBackend")


def new_request(key: str = "m-1", **changes: Any) -> EvaluationRequest:
    return actions.do_submit_request(
        details=family_details(**changes), screening=HANDWRITING, submission_key=key
    ).request


def clinic_message(request: EvaluationRequest) -> Message:
    return Message.objects.get(request=request, kind=MessageKind.CLINIC_NEW_REQUEST)


def make_due(message: Message) -> None:
    """Time passes: the next attempt, and its task, are due now."""
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(id=Message.objects.get(pk=message.pk).task_id).update(
        run_after=timezone.now()
    )


def test_each_message_is_sent_once_however_often_the_worker_runs(cast: Any) -> None:
    request = new_request()
    messages.work(once=True, signals=False)
    messages.work(once=True, signals=False)
    messages.send(clinic_message(request).pk)  # a stray second task for it

    assert sorted(email.to[0] for email in mail.outbox) == ["alex@example.org", "clinic@x.org"]
    assert set(Message.objects.values_list("state", "attempts")) == {(MessageState.SENT, 1)}
    assert len({email.extra_headers["Message-ID"] for email in mail.outbox}) == 2


@DOWN
def test_a_failure_is_tried_again_later_with_a_longer_wait_each_time(cast: Any) -> None:
    request = new_request(email="")
    message = clinic_message(request)
    waits = []
    for attempt in range(1, 4):
        before = timezone.now()
        messages.work(once=True, signals=False)
        message.refresh_from_db()
        assert (message.state, message.attempts) == (MessageState.PENDING, attempt)
        assert message.last_error == "ConnectionRefusedError"
        waits.append(message.next_attempt_at - before)
        retry = DBTaskResult.objects.get(id=message.task_id)
        assert retry.run_after >= message.next_attempt_at - timedelta(seconds=1)
        messages.work(once=True, signals=False)  # not due yet: nothing happens
        assert Message.objects.get(pk=message.pk).attempts == attempt
        make_due(message)
    assert waits[0] >= timedelta(seconds=29) and waits[0] < waits[1] < waits[2]
    assert sum(messages.BACKOFF, timedelta()) > timedelta(hours=1)


@DOWN
def test_after_the_last_retry_it_is_failed_and_audited_by_reference(cast: Any) -> None:
    request = new_request(email="")
    message = clinic_message(request)
    for _attempt in range(messages.ATTEMPTS):
        make_due(message)
        messages.work(once=True, signals=False)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, messages.ATTEMPTS)
    event = AuditEvent.objects.get(action=AuditAction.MESSAGE_FAILED)
    assert event.target == request.reference
    assert "clinic-new-request" in event.detail and "Alex" not in event.detail
    make_due(message)
    messages.work(once=True, signals=False)
    assert Message.objects.get(pk=message.pk).attempts == messages.ATTEMPTS  # left alone


def test_an_administrator_sends_a_failed_message_again(cast: Any) -> None:
    request = new_request(email="")
    message = clinic_message(request)
    Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED, attempts=8)

    actions.do_send_again(message, by=cast.admin)
    messages.work(once=True, signals=False)

    assert [email.to for email in mail.outbox] == [["clinic@x.org"]]
    assert Message.objects.get(pk=message.pk).state == MessageState.SENT
    event = AuditEvent.objects.get(action=AuditAction.MESSAGE_RESENT)
    assert (event.target, event.actor_id) == (request.reference, cast.admin.pk)


def test_a_message_a_crashed_worker_left_is_sent_once_its_lease_has_passed(cast: Any) -> None:
    request = new_request(email="")
    message = clinic_message(request)
    # A worker claimed the task, counted the attempt and took the lease, then was killed.
    DBTaskResult.objects.filter(id=message.task_id).update(status="RUNNING")
    Message.objects.filter(pk=message.pk).update(
        attempts=1, leased_until=timezone.now() + messages.lease()
    )

    messages.work(once=True, signals=False)
    assert mail.outbox == []  # still held: the worker might only be slow

    Message.objects.filter(pk=message.pk).update(leased_until=timezone.now() - timedelta(1))
    messages.work(once=True, signals=False)

    assert [email.to for email in mail.outbox] == [["clinic@x.org"]]
    assert Message.objects.get(pk=message.pk).state == MessageState.SENT


def test_a_message_whose_task_is_waiting_is_not_queued_twice(cast: Any) -> None:
    request = new_request(email="")
    assert messages.recover() == 0
    assert DBTaskResult.objects.filter(id=clinic_message(request).task_id).count() == 1


def test_withdrawing_cancels_what_is_not_sent_and_forgets_the_link(cast: Any) -> None:
    request = new_request()
    actions.do_withdraw(request)
    messages.work(once=True, signals=False)

    assert mail.outbox == []
    assert set(Message.objects.values_list("state", "status_link")) == {
        (MessageState.CANCELLED, "")
    }
