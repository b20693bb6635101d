"""do_submit_request: one request however often it is sent, and the clinic told after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, intake, messages
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Message,
    MessageKind,
    Source,
    Status,
)
from wholechild.screening import ScreeningError, screen

pytestmark = pytest.mark.django_db

NOTIFY = override_settings(CLINIC_NOTIFY_EMAILS=["clinic@example.org"])


def send(key: str = "key-1", **changes: Any) -> actions.Sent:
    return actions.do_submit_request(
        details=family_details(**changes), screening=HANDWRITING, submission_key=key
    )


def test_it_stores_the_request_its_first_step_and_its_audit_entry(cast: Any) -> None:
    sent = send()

    stored = EvaluationRequest.objects.get(pk=sent.request.pk)
    assert sent.created and stored.status == Status.NEW
    assert stored.screening_answer == screen(HANDWRITING)
    assert stored.urgency == stored.screening_answer["urgency"]
    assert [(s.from_status, s.to_status, s.by) for s in stored.history.all()] == [
        ("", Status.NEW, None)
    ]
    event = AuditEvent.objects.get(target=stored.reference)
    assert (event.action, event.detail, event.actor_id) == (
        AuditAction.REQUEST_RECEIVED,
        "web",
        None,
    )
    assert intake.find_by_token(sent.status_token) == stored


def test_sending_again_finds_the_first_request(cast: Any) -> None:
    first, again = send(), send()
    assert not again.created
    assert again.request.pk == first.request.pk and again.status_token == first.status_token
    assert EvaluationRequest.objects.filter(parent_name="Alex Example").count() == 2  # + the cast's


def test_the_same_key_with_other_details_is_a_conflict(cast: Any) -> None:
    send()
    with pytest.raises(intake.IdempotencyConflict):
        send(parent_name="Someone Else")


def test_the_web_and_the_api_keys_never_meet(cast: Any) -> None:
    web = send("shared")
    api = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="shared", source=Source.API
    )
    assert api.created and api.request.pk != web.request.pk


def test_a_screening_the_engine_refuses_stores_nothing(cast: Any) -> None:
    before = EvaluationRequest.objects.count()
    with pytest.raises(ScreeningError):
        actions.do_submit_request(
            details=family_details(), screening={"age_months": -3}, submission_key="bad"
        )
    assert EvaluationRequest.objects.count() == before


@NOTIFY
def test_its_emails_and_their_tasks_are_written_with_it_and_sent_only_by_a_worker(
    cast: Any,
) -> None:
    sent = send()

    queued = Message.objects.filter(request=sent.request)
    assert sorted(queued.values_list("kind", flat=True)) == [
        MessageKind.CLINIC_NEW_REQUEST,
        MessageKind.FAMILY_CONFIRMATION,
    ]
    tasks = DBTaskResult.objects.filter(id__in=[m.task_id for m in queued])
    assert tasks.count() == 2
    assert mail.outbox == []  # nothing is sent from the request itself

    messages.work(once=True, signals=False)

    assert sorted(email.to[0] for email in mail.outbox) == [
        "alex@example.org",
        "clinic@example.org",
    ]


@NOTIFY
def test_a_request_rolled_back_leaves_no_email_and_no_task(cast: Any) -> None:
    before = DBTaskResult.objects.count()

    def store_then_fail() -> None:
        with transaction.atomic():
            send()
            raise RuntimeError("the page failed after storing")

    with pytest.raises(RuntimeError):
        store_then_fail()

    assert not Message.objects.exists()
    assert DBTaskResult.objects.count() == before


@NOTIFY
def test_the_demo_sends_no_email(cast: Any) -> None:
    actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="d", notify=False
    )
    assert not Message.objects.exists()
