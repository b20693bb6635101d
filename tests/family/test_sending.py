"""Sending the request: one request however often it is sent, the rate limit, and the email to
the clinic."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from tests.parents.helpers import Parent, text_of
from wholechild.care import messages
from wholechild.care.models import AuditAction, AuditEvent, Message, MessageState, Source, Status
from wholechild.screening import screen
from wholechild.web import journey

from .helpers import ANSWERS_URL, BORN, SENT_URL, fill_in, send, send_token, stored


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    attempts = 0

    def send_messages(self, email_messages: Any) -> int:
        BrokenEmailBackend.attempts += 1
        raise ConnectionRefusedError("the mail server is down")


def test_sending_stores_the_details_and_a_snapshot_of_the_check(
    checked: Parent, client: Client
) -> None:
    send(client, send_token(fill_in(client)))

    saved = stored().get()
    screening = journey.screening_request(client.session["check"])
    assert saved.screening_request == screening
    assert saved.screening_answer == screen(screening)
    assert saved.content_version == saved.screening_answer["content_version"]
    assert saved.source == Source.WEB
    assert saved.status == Status.NEW
    assert (saved.parent_name, saved.email, saved.child_first_name) == (
        "Alex Example",
        "alex@example.org",
        "Mia",
    )
    assert saved.child_birth_date == BORN
    assert saved.consent_at is not None
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.REQUEST_RECEIVED, target=saved.reference
        ).count()
        == 1
    )


def test_sending_twice_with_the_same_token_creates_one_request(
    checked: Parent, client: Client
) -> None:
    token = send_token(fill_in(client))

    first = send(client, token)
    reference = client.session["family_sent"]["reference"]
    second = send(client, token)

    assert first["Location"] == second["Location"] == SENT_URL
    assert stored().count() == 1
    assert reference in text_of(client.get(SENT_URL))


def test_two_sends_racing_with_the_same_session_store_one_request(
    checked: Parent, client: Client
) -> None:
    """Both clicks read the session before either saved it: the database keeps them one."""
    token = send_token(fill_in(client))
    before = dict(client.session.items())

    send(client, token)
    first = client.session["family_sent"]
    session = client.session
    session.clear()
    session.update(before)
    session.save()
    send(client, token)

    assert stored().count() == 1
    assert client.session["family_sent"] == first


def test_reloading_the_check_page_keeps_the_same_token(checked: Parent, client: Client) -> None:
    first = send_token(fill_in(client))

    assert send_token(client.get(ANSWERS_URL)) == first


def test_a_new_request_after_sending_gets_a_new_token(checked: Parent, client: Client) -> None:
    first = send_token(fill_in(client))
    send(client, first)

    second = send_token(fill_in(client, child_first_name="Leo"))
    send(client, second)

    assert second != first
    assert stored().count() == 2


def test_a_made_up_token_sends_nothing(checked: Parent, client: Client) -> None:
    fill_in(client)

    response = send(client, "not-the-token")

    assert response["Location"] == ANSWERS_URL
    assert not stored().exists()


def test_sending_without_details_goes_back_to_the_form(checked: Parent, client: Client) -> None:
    response = send(client, "anything")

    assert response["Location"] == "/check/request/"
    assert not stored().exists()


def test_sending_needs_the_check_to_be_confirmed(checked: Parent, client: Client) -> None:
    token = send_token(fill_in(client))
    client.post("/check/signs/?change=1", {"red_flags": ["none"]})  # unconfirms the check

    response = send(client, token)

    assert response["Location"] == "/check/answers/"
    assert not stored().exists()


# --- The rate limit --------------------------------------------------------------------------


@pytest.fixture
def limit_of_two(settings: Any) -> None:
    settings.REQUEST_RATE_LIMIT = 2


def test_too_many_sends_from_one_address_get_a_friendly_page(
    checked: Parent, client: Client, limit_of_two: None
) -> None:
    for name in ("Mia", "Leo"):
        send(client, send_token(fill_in(client, child_first_name=name)))

    page = send(client, send_token(fill_in(client, child_first_name="Ava")))

    assert page.status_code == 429
    assert 0 < int(page["Retry-After"]) <= 3600
    assert "Too many requests from your connection" in text_of(page)
    assert stored().count() == 2


def test_a_double_click_after_sending_is_not_held_back_by_the_limit(
    checked: Parent, client: Client, limit_of_two: None
) -> None:
    token = send_token(fill_in(client))
    for _ in range(4):
        response = send(client, token)

    assert response["Location"] == SENT_URL
    assert stored().count() == 1


def test_the_limit_counts_each_address_apart(
    checked: Parent, client: Client, limit_of_two: None
) -> None:
    for name in ("Mia", "Leo"):
        send(client, send_token(fill_in(client, child_first_name=name)))
    token = send_token(fill_in(client, child_first_name="Ava"))

    response = client.post(ANSWERS_URL, {"send_token": token}, REMOTE_ADDR="192.0.2.7")

    assert response["Location"] == SENT_URL
    assert stored().count() == 3


# --- The email to the clinic -----------------------------------------------------------------


@pytest.fixture
def emailing(checked: Parent, client: Client, settings: Any) -> str:
    """The clinic asks to hear of each request, and a parent has filled in theirs: the send
    token of its check-your-details page."""
    settings.CLINIC_NOTIFY_EMAILS = ["intake@clinic.example"]
    return send_token(fill_in(client))


@pytest.fixture
def send_and_deliver(client: Client) -> Any:
    """Send the request, then let the worker send what it queued, as `wholechild worker`
    would once the request is committed."""

    def sending(token: str) -> Any:
        response = send(client, token)
        messages.work(once=True, signals=False)
        return response

    return sending


def to(address: str, outbox: list[Any]) -> list[Any]:
    return [email for email in outbox if email.to == [address]]


def test_the_clinic_is_emailed_once_the_request_is_stored(
    emailing: str, send_and_deliver: Any, mailoutbox: list[Any]
) -> None:
    send_and_deliver(emailing)

    reference = stored().get().reference
    [email] = to("intake@clinic.example", mailoutbox)
    assert reference in email.subject
    for detail in ("Mia", "Alex", "alex@example.org", str(BORN.year), "Weekday", "walk"):
        assert detail not in email.subject + email.body


def test_the_family_is_emailed_their_reference_and_private_link(
    emailing: str, send_and_deliver: Any, mailoutbox: list[Any], client: Client
) -> None:
    send_and_deliver(emailing)

    reference = stored().get().reference
    [email] = to("alex@example.org", mailoutbox)
    assert reference in email.subject and reference in email.body
    link = re.search(r"http\S+/status/\S+/", email.body)
    assert link is not None
    page = client.get(urlsplit(link.group(0)).path)
    assert page.status_code == 200 and reference in text_of(page)
    for detail in ("Mia", "Alex", str(BORN.year), "Weekday", "walk"):
        assert detail not in email.subject + email.body
    # Once sent, the link is kept nowhere: only its hash, on the request.
    assert not Message.objects.exclude(status_link="").exists()


def test_a_family_without_an_email_gets_none(
    checked: Parent, client: Client, settings: Any, send_and_deliver: Any, mailoutbox: list[Any]
) -> None:
    settings.CLINIC_NOTIFY_EMAILS = ["intake@clinic.example"]
    send_and_deliver(send_token(fill_in(client, email="", phone="555 0100")))

    assert [email.to for email in mailoutbox] == [["intake@clinic.example"]]


def test_a_second_send_of_the_same_request_sends_no_second_email(
    emailing: str, send_and_deliver: Any, mailoutbox: list[Any]
) -> None:
    send_and_deliver(emailing)
    send_and_deliver(emailing)

    assert len(to("intake@clinic.example", mailoutbox)) == 1
    assert len(to("alex@example.org", mailoutbox)) == 1


def test_when_the_email_fails_the_request_is_still_stored_and_confirmed(
    emailing: str, send_and_deliver: Any, client: Client, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    attempts = BrokenEmailBackend.attempts

    response = send_and_deliver(emailing)

    assert BrokenEmailBackend.attempts == attempts + 2  # both emails were tried, and failed
    # …and wait to be tried again.
    assert set(Message.objects.values_list("state", "attempts")) == {(MessageState.PENDING, 1)}
    assert response["Location"] == SENT_URL
    saved = stored().get()
    assert saved.reference in text_of(client.get(SENT_URL))
