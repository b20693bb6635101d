"""The administrator's list of emails that could not be sent, and "Send again"."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wholechild.care import messages
from wholechild.care.models import AuditAction, AuditEvent, Message, MessageKind, MessageState

pytestmark = pytest.mark.django_db
EMAILS = reverse("clinic:emails")


@pytest.fixture
def failed(cast: Any) -> Message:
    return Message.objects.create(
        request=cast.family_two.request,
        kind=MessageKind.CLINIC_NEW_REQUEST,
        state=MessageState.FAILED,
        attempts=messages.ATTEMPTS,
        last_error="SMTPServerDisconnected",
    )


def test_the_administrator_sees_failed_emails_by_reference_and_kind_only(
    cast: Any, as_user: Any, failed: Message
) -> None:
    page = as_user(cast.admin).get(EMAILS).content.decode()

    assert cast.family_two.reference in page
    assert "New request, to the clinic" in page and "SMTPServerDisconnected" in page
    for detail in ("Sam", "Leo", "555 0100"):
        assert detail not in page
    assert AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEWED, detail="emails").exists()


def test_send_again_queues_it_and_the_worker_sends_it(
    cast: Any, as_user: Any, failed: Message, settings: Any, mailoutbox: list[Any]
) -> None:
    settings.CLINIC_NOTIFY_EMAILS = ["clinic@x.org"]
    response = as_user(cast.admin).post(reverse("clinic:email_send_again", args=[failed.pk]))

    assert response["Location"] == EMAILS
    messages.work(once=True, signals=False)
    assert [email.to for email in mailoutbox] == [["clinic@x.org"]]
    assert Message.objects.get(pk=failed.pk).state == MessageState.SENT
    assert AuditEvent.objects.get(action=AuditAction.MESSAGE_RESENT).actor_id == cast.admin.pk


def test_an_email_that_has_not_failed_cannot_be_sent_again(
    cast: Any, as_user: Any, failed: Message
) -> None:
    Message.objects.filter(pk=failed.pk).update(state=MessageState.SENT)
    response = as_user(cast.admin).post(reverse("clinic:email_send_again", args=[failed.pk]))
    assert response.status_code == 404
