"""A child's record: what the parent told us and what they were told (from the snapshot), the
family's details, status moves with their history (closing and discharging ticked as checked,
reopening a request closed by mistake), notes, the assignment, the export, and the audit."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Note,
    Status,
)
from wholechild.clinic.records.views import age_text

pytestmark = pytest.mark.django_db


def url(name: str, family: Any) -> str:
    return reverse(f"clinic:{name}", args=[family.reference])


def fresh(family: Any) -> EvaluationRequest:
    return EvaluationRequest.objects.get(pk=family.request.pk)


def set_status(family: Any, status: Status) -> None:
    EvaluationRequest.objects.filter(pk=family.request.pk).update(status=status)


def move(client: Any, family: Any, to: str, reason: str = "", checked: bool = True) -> Any:
    """POST the status form; `checked` ticks "I have checked this is right"."""
    body = {"status-to_status": to, "status-reason": reason}
    if checked:
        body["status-confirm"] = "on"
    return client.post(url("status", family), body)


# --- What the record shows -------------------------------------------------------------------


def test_the_record_shows_what_the_parent_was_told_in_the_same_words(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    answer = cast.family_one.request.screening_answer
    assert "Book an evaluation now, rather than wait and see" in page  # the "soon" care card
    assert "Physical therapy could help your child" in page
    assert answer["reasons"][0]["text"].replace("'", "&#x27;") in page
    assert answer["next_steps"][0] in page
    assert "Recommended" in page and "Not needed now" in page
    assert answer["content_version"] in page


def test_the_record_shows_the_stored_snapshot_even_after_the_content_changed(
    cast: Any, as_user: Any
) -> None:
    request = fresh(cast.family_one)
    request.screening_answer["reasons"][0]["text"] = "Wording from an older content version."
    request.screening_answer["content_version"] = "2020.1.1+old"
    request.content_version = "2020.1.1+old"
    request.save()

    page = as_user(cast.pt).get(url("record", cast.family_one)).content.decode()

    assert "Wording from an older content version." in page
    assert "2020.1.1+old" in page


def test_the_record_shows_the_contact_details_and_the_child(cast: Any, as_user: Any) -> None:
    page = as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    for shown in ("Sam Sample", "555 0100", "Español", "Leo", "2 May 2019", "Consent given"):
        assert shown in page


def test_no_best_time_to_call_is_shown_as_not_given_rather_than_any_time(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    row = page[page.index("Best time to call") :][:200]
    assert "Not given" in row
    assert "Any time" not in page


def answers_section(page: str) -> str:
    start = page.index('id="answers-title"')
    return page[start : page.index("</section>", start)]


def test_the_record_shows_what_the_parent_told_us_in_the_parents_own_words(
    cast: Any, as_user: Any
) -> None:
    page = as_user(cast.pt).get(url("record", cast.family_one)).content.decode()
    answers = answers_section(page)
    assert "What the parent told us" in answers
    assert "20 months" in answers
    # Each milestone in the words the parent's pages use, with the parent's answer.
    assert "Walks without holding on to anyone or anything</dt>" in answers
    walks = answers[answers.index("Walks without holding on") :]
    assert walks.index("Not yet") < walks.index("</div>")
    assert "Yes" in answers
    assert "walks-alone" not in answers  # an id the content knows is shown in words
    assert "<form" not in answers  # read-only


def test_the_parents_concerns_and_answers_the_content_no_longer_knows_are_shown_as_sent(
    cast: Any, as_user: Any
) -> None:
    request = fresh(cast.family_two)
    request.screening_request = {
        "birth_date": "2019-05-02",
        "as_of": "2026-03-01",
        "gestational_age_weeks": 33,
        "milestones": {"old-milestone-id": "unsure"},
        "concerns": ["handwriting-scissors", "retired-concern"],
        "conditions": [],
        "red_flags": [],
    }
    request.save()

    answers = answers_section(
        as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    )

    assert "Born 2 May 2019 (checked on 1 March 2026)" in answers
    assert "Yes, at 33 weeks" in answers
    assert "old-milestone-id</dt>" in answers
    assert "Not sure" in answers
    assert "retired-concern" in answers
    assert "handwriting-scissors" not in answers  # known: shown in the parent's words
    assert "None" in answers  # no conditions, no signs


def test_a_childs_age_is_in_months_under_two_then_in_years_and_months() -> None:
    assert age_text(date(2025, 3, 14), date(2026, 11, 27)) == "20 months"
    assert age_text(date(2025, 3, 28), date(2026, 11, 27)) == "19 months"
    assert age_text(date(2022, 9, 1), date(2026, 11, 27)) == "4 years 2 months"
    assert age_text(date(2019, 5, 2), date(2026, 11, 27)) == "7 years"
    assert age_text(None, date(2026, 11, 27)) == ""


# --- Status moves ----------------------------------------------------------------------------


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
    assert 'href="#id_status-confirm"' in page
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


def test_a_withdrawn_request_says_so_and_allows_no_changes(cast: Any, as_user: Any) -> None:
    set_status(cast.family_two, Status.WITHDRAWN)
    client = as_user(cast.intake)
    page = client.get(url("record", cast.family_two)).content.decode()
    assert "Withdrawn by the family" in page
    assert "<form" not in page.split('id="main-content"')[1]

    assert move(client, cast.family_two, "closed", "Withdrawn").status_code == 403
    assert client.post(url("note", cast.family_two), {"note-text": "x"}).status_code == 403
    assert client.post(url("assign", cast.family_two), {}).status_code == 403
    assert fresh(cast.family_two).status == Status.WITHDRAWN
    assert not Note.objects.filter(request=cast.family_two.request).exists()


# --- Reopening -------------------------------------------------------------------------------


def reopen(client: Any, family: Any) -> Any:
    return client.post(url("reopen", family))


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


# --- Notes and the assignment ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_staff_who_can_see_a_request_add_notes_to_it(cast: Any, as_user: Any, who: str) -> None:
    client = as_user(getattr(cast, who))
    response = client.post(url("note", cast.family_one), {"note-text": "Prefers afternoons."})
    assert response.status_code == 302
    note = Note.objects.get(request=cast.family_one.request)
    assert (note.text, note.author) == ("Prefers afternoons.", getattr(cast, who))
    page = client.get(response["Location"]).content.decode()
    assert "Prefers afternoons." in page
    assert "Note added." in page


def test_an_empty_note_is_refused_with_a_message_linked_to_the_box(cast: Any, as_user: Any) -> None:
    response = as_user(cast.pt).post(url("note", cast.family_one), {"note-text": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_note-text"' in page
    assert "Enter the note" in page
    assert 'aria-describedby="id_note-text-error' in page
    assert not Note.objects.exists()


def test_the_intake_coordinator_assigns_a_pt_and_an_ot(cast: Any, as_user: Any) -> None:
    response = as_user(cast.intake).post(
        url("assign", cast.family_two),
        {"assign-pt_evaluator": cast.pt.pk, "assign-ot_evaluator": cast.ot.pk},
    )
    assert response.status_code == 302
    request = fresh(cast.family_two)
    assert (request.pt_evaluator, request.ot_evaluator) == (cast.pt, cast.ot)
    event = AuditEvent.objects.filter(action=AuditAction.RECORD_CHANGED).first()
    assert event.detail == "assigned PT, assigned OT"
    assert as_user(cast.pt).get(url("record", cast.family_two)).status_code == 200


def test_only_active_staff_with_the_right_role_can_be_assigned(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    wrong_role = client.post(url("assign", cast.family_two), {"assign-pt_evaluator": cast.ot.pk})
    assert wrong_role.status_code == 200
    assert "Choose an active member of staff with this role" in wrong_role.content.decode()
    get_user_model().objects.filter(pk=cast.pt.pk).update(is_active=False)  # not the cast's copy
    inactive = client.post(url("assign", cast.family_two), {"assign-pt_evaluator": cast.pt.pk})
    assert inactive.status_code == 200
    assert fresh(cast.family_two).pt_evaluator is None


def test_only_the_intake_coordinator_sees_the_assignment_form(cast: Any, as_user: Any) -> None:
    assign = url("assign", cast.family_one)
    assert assign in as_user(cast.intake).get(url("record", cast.family_one)).content.decode()
    assert assign not in as_user(cast.pt).get(url("record", cast.family_one)).content.decode()


# --- The export ------------------------------------------------------------------------------


def test_the_export_is_a_json_download_of_the_whole_record(cast: Any, as_user: Any) -> None:
    as_user(cast.pt).post(url("note", cast.family_one), {"note-text": "Seen today."})
    response = as_user(cast.pt).get(url("export", cast.family_one))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="wholechild-{cast.family_one.reference}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["reference"] == cast.family_one.reference
    assert data["child"]["first_name"] == "Mia"
    assert data["screening"]["answer"] == cast.family_one.request.screening_answer
    assert data["notes"][0]["text"] == "Seen today."
    assert data["history"][0]["to"] == "new"
    assert data["exported_by"] == "pt-user"


# --- The audit -------------------------------------------------------------------------------


def test_opening_a_record_is_audited_by_reference(cast: Any, as_user: Any) -> None:
    as_user(cast.ot).get(url("record", cast.family_one))
    event = AuditEvent.objects.get(action=AuditAction.RECORD_VIEWED)
    assert (event.target, event.actor_id) == (cast.family_one.reference, cast.ot.pk)


def test_a_status_change_is_audited_with_a_short_detail(cast: Any, as_user: Any) -> None:
    move(as_user(cast.intake), cast.family_two, "contacted")
    event = AuditEvent.objects.get(action=AuditAction.RECORD_CHANGED)
    assert (event.target, event.detail) == (cast.family_two.reference, "status: contacted")


def test_an_export_is_audited(cast: Any, as_user: Any) -> None:
    as_user(cast.intake).get(url("export", cast.family_two))
    event = AuditEvent.objects.get(action=AuditAction.RECORD_EXPORTED)
    assert event.target == cast.family_two.reference


def test_no_audit_entry_carries_a_name_or_a_note(cast: Any, as_user: Any) -> None:
    intake = as_user(cast.intake)
    intake.get(url("record", cast.family_two))
    intake.post(url("note", cast.family_two), {"note-text": "Leo's mum Sam said falls often"})
    intake.post(url("assign", cast.family_two), {"assign-pt_evaluator": cast.pt.pk})
    move(intake, cast.family_two, "closed", "Sam Sample moved away with Leo")
    intake.get(url("export", cast.family_two))

    details = list(AuditEvent.objects.values_list("detail", flat=True))

    assert len(details) >= 5
    for forbidden in ("Leo", "Sam", "Sample", "Mia", "Alex", "falls", "moved away"):
        assert not [detail for detail in details if forbidden.lower() in detail.lower()]
