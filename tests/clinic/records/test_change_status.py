"""Moving a request along: the intake coordinator on the whole path, therapists on theirs,
closing and discharging ticked as checked, a reason for closing, and the history and audit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.records.helpers import fresh, move, set_status, url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Status,
)

pytestmark = pytest.mark.django_db


def test_the_intake_coordinator_moves_a_request_on_and_the_history_says_who_and_when(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    response = move(client, cast.family_two, "contacted")
    assert response.status_code == 302

    request = fresh(cast.family_two)
    change = request.history.last()
    assert request.status == Status.CONTACTED
    assert (change.from_status, change.to_status, change.by) == ("new", "contacted", cast.intake)
    assert change.by_name == "INTAKE"
    assert request.status_changed_at == change.at
    page = client.get(response["Location"]).content.decode()
    assert "Status changed to “Contacted”." in page
    assert "INTAKE," in page


def test_the_intake_coordinator_may_skip_ahead_but_not_go_back(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    assert move(client, cast.family_two, "evaluated").status_code == 302
    response = move(client, cast.family_two, "contacted")
    assert response.status_code == 200
    assert "Choose a status you can move this request to" in response.content.decode()
    assert fresh(cast.family_two).status == Status.EVALUATED


def test_closing_or_discharging_needs_the_tick_to_say_it_was_checked(
    cast: Any, as_user: Any
) -> None:
    response = move(as_user(cast.intake), cast.family_two, "closed", "Moved away", checked=False)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tick “I have checked this is right” to close or discharge the request" in page
    assert 'href="#id_closed-status-confirm"' in page  # the closing form's own tick
    assert '<details class="move" open>' in page  # shown open again, with its error
    assert fresh(cast.family_two).status == Status.NEW

    set_status(cast.family_one, Status.IN_THERAPY)
    response = move(as_user(cast.pt), cast.family_one, "discharged", checked=False)
    assert response.status_code == 200
    assert fresh(cast.family_one).status == Status.IN_THERAPY


def test_other_moves_need_no_tick(cast: Any, as_user: Any) -> None:
    assert (
        move(as_user(cast.intake), cast.family_two, "contacted", checked=False).status_code == 302
    )
    assert fresh(cast.family_two).status == Status.CONTACTED


def test_the_tick_is_offered_only_where_closing_or_discharging_is(cast: Any, as_user: Any) -> None:
    assert "I have checked this is right" in (
        as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    )
    set_status(cast.family_one, Status.BOOKED)  # a therapist's only move: to evaluated
    assert "I have checked this is right" not in (
        as_user(cast.pt).get(url("record", cast.family_one)).content.decode()
    )


def test_closing_a_request_needs_a_reason(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    response = move(client, cast.family_two, "closed")
    assert response.status_code == 200
    assert "Enter the reason for closing the request" in response.content.decode()
    assert fresh(cast.family_two).status == Status.NEW

    move(client, cast.family_two, "closed", "Family could not be reached")

    request = fresh(cast.family_two)
    assert request.status == Status.CLOSED
    assert request.closed_reason == "Family could not be reached"
    assert request.history.last().reason == "Family could not be reached"


@pytest.mark.parametrize("who", ["pt", "ot"])
@pytest.mark.parametrize(
    ("start", "to"),
    [("evaluation-booked", "evaluated"), ("evaluated", "in-therapy"), ("in-therapy", "discharged")],
)
def test_an_assigned_therapist_records_evaluation_therapy_and_discharge(
    cast: Any, as_user: Any, who: str, start: str, to: str
) -> None:
    set_status(cast.family_one, Status(start))
    response = move(as_user(getattr(cast, who)), cast.family_one, to)
    assert response.status_code == 302
    request = fresh(cast.family_one)
    assert request.status == to
    assert request.history.last().by == getattr(cast, who)


def test_a_therapist_cannot_move_a_request_anywhere_else(cast: Any, as_user: Any) -> None:
    client = as_user(cast.pt)
    assert move(client, cast.family_one, "discharged").status_code == 200  # not the next step
    assert move(client, cast.family_one, "closed", "No reason").status_code == 200
    set_status(cast.family_one, Status.NEW)
    assert move(client, cast.family_one, "contacted").status_code == 403
    assert fresh(cast.family_one).status == Status.NEW


def test_a_finished_request_moves_no_further(cast: Any, as_user: Any) -> None:
    set_status(cast.family_two, Status.DISCHARGED)
    response = move(as_user(cast.intake), cast.family_two, "closed", "Done")
    assert response.status_code == 403
    assert fresh(cast.family_two).status == Status.DISCHARGED


def test_a_status_change_is_audited_with_a_short_detail(cast: Any, as_user: Any) -> None:
    move(as_user(cast.intake), cast.family_two, "contacted")
    event = AuditEvent.objects.get(action=AuditAction.RECORD_CHANGED)
    assert (event.target, event.detail) == (cast.family_two.reference, "status: contacted")


def test_each_move_shows_only_the_fields_it_needs(cast: Any, as_user: Any) -> None:
    page = as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    moves = page[page.index('id="move-title"') : page.index('id="assigned-title"')]
    plain = moves[: moves.index('<details class="move"')]
    # The plain moves are a button each: no reason, no tick.
    assert 'name="status-to_status" value="contacted"' in plain
    assert "Reason for closing" not in plain and "I have checked" not in plain
    assert 'value="evaluation-booked"' not in moves  # booking the evaluation makes that move
    closing = moves[moves.index("Close the request") :]
    discharging = moves[moves.index("Discharge the child") : moves.index("Close the request")]
    assert "Reason for closing" in closing and "I have checked this is right" in closing
    assert "Reason for closing" not in discharging
    assert "I have checked this is right" in discharging
