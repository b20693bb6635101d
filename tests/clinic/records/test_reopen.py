"""Reopening a request closed by mistake."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.records.helpers import fresh, move, reopen, set_status, url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Status,
)

pytestmark = pytest.mark.django_db


def test_a_request_closed_by_mistake_is_reopened_to_the_status_it_had(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    move(client, cast.family_two, "contacted")
    move(client, cast.family_two, "closed", "Could not reach them")
    page = client.get(url("record", cast.family_two)).content.decode()
    assert "Reopen this request" in page
    assert "back to “Contacted”" in page

    response = reopen(client, cast.family_two)

    assert response.status_code == 302
    request = fresh(cast.family_two)
    change = request.history.last()
    assert request.status == Status.CONTACTED
    assert request.closed_reason == ""
    assert (change.from_status, change.to_status, change.by) == ("closed", "contacted", cast.intake)
    assert request.status_changed_at == change.at
    event = AuditEvent.objects.filter(action=AuditAction.RECORD_CHANGED).first()
    assert (event.target, event.detail) == (cast.family_two.reference, "reopened")
    page = client.get(response["Location"]).content.decode()
    assert "Request reopened" in page
    assert "(reopened)" in page
    assert "Could not reach them" in page  # the old reason stays in the history


def test_a_request_closed_without_a_closing_step_in_its_history_reopens_as_new(
    cast: Any, as_user: Any
) -> None:
    set_status(cast.family_two, Status.CLOSED)
    reopen(as_user(cast.intake), cast.family_two)
    assert fresh(cast.family_two).status == Status.NEW


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.DISCHARGED, Status.NEW])
def test_only_a_closed_request_can_be_reopened(cast: Any, as_user: Any, status: Status) -> None:
    set_status(cast.family_two, status)
    client = as_user(cast.intake)
    assert "Reopen this request" not in client.get(url("record", cast.family_two)).content.decode()
    assert reopen(client, cast.family_two).status_code == 403
    assert fresh(cast.family_two).status == status


@pytest.mark.parametrize("who", ["pt", "ot"])
def test_only_the_intake_coordinator_reopens_a_request(cast: Any, as_user: Any, who: str) -> None:
    set_status(cast.family_one, Status.CLOSED)
    client = as_user(getattr(cast, who))
    assert "Reopen this request" not in client.get(url("record", cast.family_one)).content.decode()
    assert reopen(client, cast.family_one).status_code == 403
    assert fresh(cast.family_one).status == Status.CLOSED


def test_reopening_is_only_a_post(cast: Any, as_user: Any) -> None:
    set_status(cast.family_two, Status.CLOSED)
    assert as_user(cast.intake).get(url("reopen", cast.family_two)).status_code == 405
    assert fresh(cast.family_two).status == Status.CLOSED
