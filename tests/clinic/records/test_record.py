"""A child's record: what the parent told us and what they were told (from the snapshot), the
family's details, a withdrawn request, and what its audit entries never carry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.clinic.records.helpers import answers_section, fresh, move, set_status, url
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    Note,
    Status,
)
from wholechild.clinic.records.presenters import age_text

pytestmark = pytest.mark.django_db


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


def test_opening_a_record_is_audited_by_reference(cast: Any, as_user: Any) -> None:
    as_user(cast.ot).get(url("record", cast.family_one))
    event = AuditEvent.objects.get(action=AuditAction.RECORD_VIEWED)
    assert (event.target, event.actor_id) == (cast.family_one.reference, cast.ot.pk)


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


def test_the_record_reads_in_the_order_of_the_work(cast: Any, as_user: Any) -> None:
    page = as_user(cast.intake).get(url("record", cast.family_two)).content.decode()
    order = [
        'id="why-title"',  # the screening in short
        'id="contact-title"',  # how to reach the family
        'id="contacts-title"',  # every attempt, and the form to log one
        'id="evaluation-title"',
        'id="move-title"',
        'id="assigned-title"',
        'id="notes-title"',
        'id="history-title"',
        'id="answers-title"',  # the parent's answers and the answer they saw, in full, last
        'id="screening-title"',
    ]
    assert [page.index(marker) for marker in order] == sorted(
        page.index(marker) for marker in order
    )


def test_notes_and_history_are_newest_first(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    client.post(url("note", cast.family_two), {"note-text": "First note"})
    client.post(url("note", cast.family_two), {"note-text": "Second note"})
    move(client, cast.family_two, "contacted")
    page = client.get(url("record", cast.family_two)).content.decode()
    assert page.index("Second note") < page.index("First note")
    history = page[page.index('id="history-title"') :]
    assert history.index("Contacted") < history.index("New")
