"""Withdrawing a request from the status page: erase the family's details at once, keep a
tombstone so the clinic knows not to call."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.parents.helpers import text_of
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Goal,
    Note,
    Plan,
    ProgressEntry,
    Status,
)

from .test_status import add_plan


def withdraw_url(family: Any) -> str:
    return f"{family.status_url}withdraw/"


@pytest.fixture(autouse=True)
def booked(cast: Any, db: None) -> None:
    """Family one's evaluation is booked: still a request the family may withdraw."""
    EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).update(status=Status.BOOKED)


def test_withdrawing_asks_first(cast: Any, client: Client, db: None) -> None:
    page = client.get(withdraw_url(cast.family_one))

    assert page.status_code == 200
    assert "Are you sure you want to withdraw your request?" in text_of(page)
    assert EvaluationRequest.objects.get(pk=cast.family_one.request.pk).status == Status.BOOKED


def test_withdrawing_erases_the_familys_details_at_once(
    cast: Any, client: Client, db: None
) -> None:
    # A plan, a visit and notes, written as the clinic writes them (once evaluated), on a
    # request that is then booked again: whatever hangs off it must go.
    mine = EvaluationRequest.objects.filter(pk=cast.family_one.request.pk)
    mine.update(status=Status.EVALUATED)
    add_plan(cast.family_one.request, cast.pt)
    mine.update(status=Status.BOOKED)

    response = client.post(withdraw_url(cast.family_one))

    assert response["Location"] == cast.family_one.status_url
    gone = EvaluationRequest.objects.get(pk=cast.family_one.request.pk)
    assert gone.status == Status.WITHDRAWN
    assert gone.reference == cast.family_one.reference  # the tombstone stays
    assert (gone.parent_name, gone.email, gone.phone, gone.child_first_name) == ("", "", "", "")
    assert gone.child_birth_date is None
    assert gone.best_time_to_call == ""
    assert gone.screening_request == {} and gone.screening_answer == {}
    assert not Note.objects.filter(request=gone).exists()
    assert not Plan.objects.filter(request=gone).exists()
    assert not Goal.objects.filter(plan__request=gone).exists()
    assert not ProgressEntry.objects.filter(goal__plan__request=gone).exists()


def test_withdrawing_records_who_and_what_in_the_history_and_the_audit_log(
    cast: Any, client: Client, db: None
) -> None:
    client.post(withdraw_url(cast.family_one))

    change = EvaluationRequest.objects.get(pk=cast.family_one.request.pk).history.last()
    assert change is not None
    assert (change.from_status, change.to_status) == (Status.BOOKED, Status.WITHDRAWN)
    assert change.by is None and change.by_name == ""
    event = AuditEvent.objects.get(action=AuditAction.REQUEST_WITHDRAWN)
    assert event.target == cast.family_one.reference
    assert event.actor_id is None


def test_after_withdrawing_the_status_page_says_so(cast: Any, client: Client, db: None) -> None:
    client.post(withdraw_url(cast.family_one))

    text = text_of(client.get(cast.family_one.status_url))

    assert "You withdrew this request" in text
    assert "Withdraw your request" not in text


def test_withdrawing_twice_changes_nothing_more(cast: Any, client: Client, db: None) -> None:
    client.post(withdraw_url(cast.family_one))

    response = client.post(withdraw_url(cast.family_one))

    assert response["Location"] == cast.family_one.status_url
    assert AuditEvent.objects.filter(action=AuditAction.REQUEST_WITHDRAWN).count() == 1
    request = EvaluationRequest.objects.get(pk=cast.family_one.request.pk)
    assert request.history.filter(to_status=Status.WITHDRAWN).count() == 1


@pytest.mark.parametrize(
    "status", [Status.EVALUATED, Status.IN_THERAPY, Status.DISCHARGED, Status.CLOSED]
)
def test_a_request_past_its_evaluation_cannot_be_withdrawn(
    cast: Any, client: Client, db: None, status: Status
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=status)

    response = client.post(withdraw_url(cast.family_two))

    assert response["Location"] == cast.family_two.status_url
    assert EvaluationRequest.objects.get(pk=cast.family_two.request.pk).status == status


def test_withdrawing_with_a_wrong_link_is_not_found(cast: Any, client: Client, db: None) -> None:
    response = client.post("/status/not-a-real-token/withdraw/")

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.REQUEST_WITHDRAWN).exists()


def test_withdrawing_needs_a_csrf_token(cast: Any, db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    assert client.post(withdraw_url(cast.family_one)).status_code == 403
    assert EvaluationRequest.objects.get(pk=cast.family_one.request.pk).status == Status.BOOKED


def test_the_withdraw_page_is_never_cached_and_never_passes_its_link_on(
    cast: Any, client: Client, db: None
) -> None:
    response = client.get(withdraw_url(cast.family_one))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"


@pytest.mark.parametrize("status", [Status.EVALUATED, Status.IN_THERAPY])
def test_after_the_evaluation_the_status_page_says_to_ask_the_clinic_instead(
    cast: Any, client: Client, db: None, status: Status
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=status)

    text = text_of(client.get(cast.family_two.status_url))

    assert "Withdraw your request" not in text
    assert "part of the clinic's health records" in text
    assert client.get(withdraw_url(cast.family_two))["Location"] == cast.family_two.status_url


def test_withdrawing_forgets_the_fingerprint_of_what_was_sent(
    cast: Any, client: Client, db: None
) -> None:
    client.post(withdraw_url(cast.family_one))

    gone = EvaluationRequest.objects.get(pk=cast.family_one.request.pk)
    assert gone.body_digest == ""
    assert gone.preferred_language == ""
