"""do_submit_request: one request however often it is sent, and the clinic told after commit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, intake, messages, ratelimit
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Message,
    MessageKind,
    RateCount,
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


# --- What a send costs: nothing looked up that cannot be there, every row in one INSERT ---------


class Statements:
    """Every statement the database runs while it watches."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.seen.append(sql.lstrip().upper())
        return execute(sql, params, many, context)

    def starting(self, *words: str) -> list[str]:
        return [sql for sql in self.seen if sql.startswith(words)]


def test_a_send_without_a_key_is_new_and_looks_nothing_up(cast: Any) -> None:
    watch = Statements()
    with connection.execute_wrapper(watch):
        first = actions.do_submit_request(
            details=family_details(), screening=HANDWRITING, submission_key=None
        )
    again = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key=None
    )

    assert first.created and again.created
    assert first.request.pk != again.request.pk
    assert first.status_token != again.status_token
    assert watch.starting("SELECT") == []
    assert intake.find_by_token(first.status_token) == first.request


def test_a_send_with_a_key_still_finds_the_one_it_stored(cast: Any) -> None:
    first = send("key-kept")
    watch = Statements()
    with connection.execute_wrapper(watch):
        again = send("key-kept")

    assert not again.created and again.request.pk == first.request.pk
    assert watch.starting("INSERT", "UPDATE", "DELETE") == []


def test_born_early_and_the_check_language_are_written_with_the_row(cast: Any) -> None:
    watch = Statements()
    with connection.execute_wrapper(watch):
        sent = actions.do_submit_request(
            details=family_details(),
            screening=HANDWRITING,
            submission_key="born-early",
            born_early="yes",
            language="es",
        )

    stored = EvaluationRequest.objects.get(pk=sent.request.pk)
    assert (stored.born_early, stored.check_language) == ("yes", "es")
    assert watch.starting('UPDATE "CLINIC_EVALUATIONREQUEST"') == []


def test_the_answer_the_caller_screened_is_stored_without_screening_again(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = screen(HANDWRITING)

    def screen_again(request: Any) -> Any:
        raise AssertionError("screened twice")

    monkeypatch.setattr(actions, "screen", screen_again)
    sent = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="screened", answer=answer
    )

    assert EvaluationRequest.objects.get(pk=sent.request.pk).screening_answer == answer


COUNT_KEY = "rl:test-sends:1:someone"


def counting() -> ratelimit.SendCount:
    """A send's count in the database (the tests have no Redis), under a key of its own."""
    return ratelimit.SendCount(10, lambda window: COUNT_KEY)


def references(monkeypatch: pytest.MonkeyPatch, *drawn: str) -> None:
    """The references `new_reference` draws, in turn."""
    queue = list(drawn)
    monkeypatch.setattr(intake, "new_reference", lambda: queue.pop(0))


@pytest.mark.parametrize("key", ["with-a-key", None])
def test_a_reference_already_taken_is_drawn_again_and_counted_once(
    cast: Any, monkeypatch: pytest.MonkeyPatch, key: str | None
) -> None:
    taken = send("first").request.reference
    references(monkeypatch, taken, "NEW0-0001")

    sent = actions.do_submit_request(
        details=family_details(parent_name="Someone Else"),
        screening=HANDWRITING,
        submission_key=key,
        count=counting(),
    )

    assert sent.created and sent.request.reference == "NEW0-0001"
    assert RateCount.objects.get(key=COUNT_KEY).count == 1
    stored = EvaluationRequest.objects.get(reference="NEW0-0001")
    assert stored.history.count() == 1
    assert AuditEvent.objects.filter(target="NEW0-0001").count() == 1


def test_when_every_reference_drawn_is_taken_it_stops_and_stores_nothing(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = send("first").request.reference
    references(monkeypatch, *[taken] * actions.REFERENCE_ATTEMPTS)
    before = EvaluationRequest.objects.count()

    with pytest.raises(IntegrityError):
        actions.do_submit_request(
            details=family_details(parent_name="Someone Else"),
            screening=HANDWRITING,
            submission_key=None,
            count=counting(),
        )

    assert EvaluationRequest.objects.count() == before
    assert not RateCount.objects.filter(key=COUNT_KEY).exists()


def test_a_failure_once_counted_is_not_tried_again(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tries: list[str] = []

    def fails(*args: Any) -> None:
        tries.append("tried")
        raise IntegrityError("after the count")

    monkeypatch.setattr(actions, "_record_received", fails)
    before = EvaluationRequest.objects.count()
    with pytest.raises(IntegrityError):
        actions.do_submit_request(
            details=family_details(),
            screening=HANDWRITING,
            submission_key=None,
            count=counting(),
        )

    assert tries == ["tried"]
    assert EvaluationRequest.objects.count() == before
    assert not RateCount.objects.filter(key=COUNT_KEY).exists()  # rolled back with it


@NOTIFY
def test_the_familys_email_carries_its_status_link(cast: Any) -> None:
    sent = send()

    message = Message.objects.get(request=sent.request, kind=MessageKind.FAMILY_CONFIRMATION)
    clinic = Message.objects.get(request=sent.request, kind=MessageKind.CLINIC_NEW_REQUEST)
    assert message.status_link.endswith(intake.status_url(sent.status_token))
    assert message.status_link.startswith("http")
    assert clinic.status_link == ""


def test_a_reference_is_eight_characters_of_the_alphabet_read_out_over_the_phone() -> None:
    drawn = [intake.new_reference() for _ in range(2000)]

    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference) for reference in drawn)
    seen = {char for reference in drawn for char in reference.replace("-", "")}
    assert seen == set(intake.REFERENCE_ALPHABET)  # every one of the 32, and no other
    assert len(set(drawn)) == len(drawn)
