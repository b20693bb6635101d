"""The plan of care, printable: who may open it (staff who may see the child), that opening it
is audited as an export, and what it holds: the child, the clinic, the therapists and their
findings, the frequency, the goals with their levels, target dates and weights, the review
date, the T-scores, the signature lines, and no note the clinic keeps for itself."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.parents.helpers import text_of
from wholechild.care import actions, gas
from wholechild.care.models import (
    Attendance,
    AuditAction,
    AuditEvent,
    ClinicSettings,
    Discipline,
    GoalDiscipline,
    PlanDiscipline,
)
from wholechild.clinic.records.plan_of_care import frequency_words

pytestmark = pytest.mark.django_db


def care_url(family: Any) -> str:
    return reverse("clinic:plan_of_care", args=[family.reference])


def written_plan(cast: Any) -> dict[str, Any]:
    """Family one's plan, as the PT and the OT write it: their parts of the plan of care, a
    goal each and a shared one with all five levels, a visit with notes, a review date."""
    request = cast.family_one.request
    actions.do_start_plan(request, by=cast.pt)
    actions.do_update_plan_discipline(
        request,
        discipline=Discipline.PT,
        findings="Pulls to stand and cruises; does not yet take steps alone.",
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=cast.pt,
    )
    actions.do_update_plan_discipline(
        request,
        discipline=Discipline.OT,
        findings="Reaches and grasps well; needs help with dressing.",
        sessions_per_week=1,
        weeks=8,
        minutes=30,
        by=cast.ot,
    )
    actions.do_set_review_date(request, review_date=date(2026, 11, 2), by=cast.pt)
    levels = {
        "level_much_less": "Takes no steps alone",
        "level_less": "Takes 1 to 4 steps alone",
        "level_expected": "Takes 5 to 9 steps alone",
        "level_more": "Takes 10 to 19 steps alone",
        "level_much_more": "Walks across the room",
    }
    walking = actions.do_add_goal(
        request,
        discipline=GoalDiscipline.PT,
        text="Walks ten steps on her own",
        baseline="Cruises along furniture",
        measure="Steps without support, best of three",
        target_date=date(2026, 9, 30),
        importance=3,
        difficulty=2,
        by=cast.pt,
        **levels,
    )
    spoon = actions.do_add_goal(
        request,
        discipline=GoalDiscipline.OT,
        text="Feeds herself with a spoon",
        baseline="Uses her fingers",
        measure="Spoonfuls in a meal",
        target_date=date(2026, 10, 15),
        by=cast.ot,
    )
    dressing = actions.do_add_goal(
        request,
        discipline=GoalDiscipline.BOTH,
        text="Pulls up her trousers standing up",
        baseline="Sits to dress",
        measure="With a hand on the wall",
        target_date=date(2026, 12, 1),
        by=cast.ot,
    )
    actions.do_record_visit(
        request,
        on=date(2026, 6, 1),
        discipline=GoalDiscipline.BOTH,
        attendance=Attendance.ATTENDED,
        worked_on="WORKEDON-MARKER stepping between chairs",
        response="RESPONSE-MARKER tired quickly",
        next_time="NEXTTIME-MARKER stairs",
        levels={walking.pk: 0, spoon.pk: -1, dressing.pk: -2},
        by=cast.pt,
    )
    actions.do_record_progress(walking, gas_score=1, note="PROGRESSNOTE-MARKER", by=cast.pt)
    actions.do_add_note(request, text="RECORDNOTE-MARKER dad hard to reach", by=cast.pt)
    return {"walking": walking, "spoon": spoon, "dressing": dressing}


def page(client: Client, family: Any) -> str:
    response = client.get(care_url(family))
    assert response.status_code == 200
    return text_of(response)


# --- Who may open it -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_staff_who_may_see_the_child_can_open_it(cast: Any, as_user: Any, who: str) -> None:
    written_plan(cast)

    response = as_user(getattr(cast, who)).get(care_url(cast.family_one))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["pt", "ot", "admin"])
def test_staff_who_may_not_see_the_child_get_404_audited(cast: Any, as_user: Any, who: str) -> None:
    user = getattr(cast, who)

    response = as_user(user).get(care_url(cast.family_two))

    assert response.status_code == 404
    [event] = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED)
    assert (event.actor_id, event.target, event.detail) == (
        user.pk,
        cast.family_two.reference,
        "plan_of_care",
    )


def test_someone_not_staff_is_refused(cast: Any, as_user: Any) -> None:
    assert as_user(cast.outsider).get(care_url(cast.family_one)).status_code == 403


def test_someone_not_signed_in_is_sent_to_sign_in(cast: Any, client: Client) -> None:
    response = client.get(care_url(cast.family_one))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clinic:sign_in"))


def test_it_only_answers_get(cast: Any, as_user: Any) -> None:
    assert as_user(cast.pt).post(care_url(cast.family_one)).status_code == 405


def test_opening_it_is_audited_as_an_export_by_reference(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    as_user(cast.ot).get(care_url(cast.family_one))

    [event] = AuditEvent.objects.filter(action=AuditAction.RECORD_EXPORTED)
    assert (event.actor_id, event.target, event.detail) == (
        cast.ot.pk,
        cast.family_one.reference,
        "plan of care",
    )


def test_without_a_plan_it_says_there_is_none_yet(cast: Any, as_user: Any) -> None:
    text = page(as_user(cast.intake), cast.family_two)

    assert "There is no plan for this child yet" in text
    assert "Signatures" not in text


# --- What it holds -------------------------------------------------------------------------------


def test_it_names_the_child_and_the_clinic(cast: Any, as_user: Any) -> None:
    written_plan(cast)
    clinic = ClinicSettings.current()
    clinic.name = "Brightside Children's Therapy"
    clinic.phone = "555 0100"
    clinic.address = "1 Elm Street\nSpringfield"
    clinic.save()

    text = page(as_user(cast.pt), cast.family_one)

    assert text.count("Brightside Children's Therapy") >= 1
    assert "Phone 555 0100" in text
    assert "1 Elm Street Springfield" in text
    assert "Child Mia" in text
    assert "Date of birth 14 March 2025 (age" in text
    assert "Parent or carer Alex Example" in text
    assert f"Reference {cast.family_one.reference}" in text


def test_it_gives_each_therapist_their_findings_and_frequency(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    text = page(as_user(cast.pt), cast.family_one)

    assert (
        "Physical therapy Evaluating therapist PT, physical therapist Frequency and duration "
        "2 sessions a week, 45 minutes, for 12 weeks Findings: Pulls to stand and cruises; "
        "does not yet take steps alone."
    ) in text
    assert (
        "Occupational therapy Evaluating therapist OT, occupational therapist Frequency and "
        "duration 1 session a week, 30 minutes, for 8 weeks Findings: Reaches and grasps well"
    ) in text
    assert "Review date 2 November 2026" in text
    assert "not ready to sign" not in text  # everything is written: ready


def test_without_their_part_written_the_evaluators_are_named(cast: Any, as_user: Any) -> None:
    request = cast.family_one.request
    actions.do_start_plan(request, by=cast.pt)
    actions.do_add_goal(
        request,
        discipline=GoalDiscipline.PT,
        text="Walks",
        baseline="Cruises",
        measure="Steps",
        target_date=date(2026, 9, 30),
        by=cast.pt,
    )
    assert not PlanDiscipline.objects.exists()

    text = page(as_user(cast.pt), cast.family_one)

    assert "Evaluating therapist PT, physical therapist Frequency and duration Not written" in text
    assert "Evaluating therapist OT, occupational therapist" in text
    # Said at the top, and printed with it: not a plan to sign yet.
    assert (
        "Draft: not ready to sign yet Still to be written: "
        "Physical therapy: the findings and the frequency "
        "Occupational therapy: the findings and the frequency"
    ) in text


def test_it_offers_a_print_button_where_javascript_can_print(cast: Any, as_user: Any) -> None:
    written_plan(cast)
    html = as_user(cast.pt).get(care_url(cast.family_one)).content.decode()
    assert "data-print hidden>Print the plan of care</button>" in html
    assert "use your browser's Print" in html.replace("&#x27;", "'")  # and without it


def test_each_goal_has_its_five_levels_target_date_and_weight(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    text = page(as_user(cast.pt), cast.family_one)

    goal = text[text.index("Walks ten steps on her own") :]
    assert goal.startswith(
        "Walks ten steps on her own Target date 30 September 2026 · weight 6 (importance 3 × "
        "difficulty 2) · Active · level now +1 · measured by: Steps without support, best of three"
    )
    assert (
        "Level What it looks like Start / now −2 Takes no steps alone start −1 Takes 1 to 4 "
        "steps alone 0 Takes 5 to 9 steps alone +1 Takes 10 to 19 steps alone now +2 Walks "
        "across the room"
    ) in goal


def test_goals_are_grouped_pt_ot_and_shared(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    text = page(as_user(cast.pt), cast.family_one)

    goals = text[text.index("Goals Each goal is scaled") :]
    pt = goals.index("Physical therapy Walks ten steps")
    ot = goals.index("Occupational therapy Feeds herself")
    shared = goals.index("Shared: physical and occupational therapy Pulls up her trousers")
    assert pt < ot < shared


def test_it_gives_the_t_score_at_the_start_and_now(cast: Any, as_user: Any) -> None:
    goals = written_plan(cast)
    for goal in goals.values():
        goal.refresh_from_db()
    whole = gas.plan_scores(goals.values())
    # Worked by hand: weights 6, 1, 1 at the start (−2 each) and now (+1, −1, −2).
    start = 50 + 10 * (6 * -2 + 1 * -2 + 1 * -2) / (0.7 * 38 + 0.3 * 64) ** 0.5
    now = 50 + 10 * (6 * 1 + 1 * -1 + 1 * -2) / (0.7 * 38 + 0.3 * 64) ** 0.5
    assert (round(whole.baseline or 0, 6), round(whole.now or 0, 6)) == (
        round(start, 6),
        round(now, 6),
    )

    text = page(as_user(cast.pt), cast.family_one)

    assert (f"The whole plan 3 {start:.1f} {now:.1f} {now - start:+.1f}") in text
    assert "50 means each goal reached as expected" in text


def test_it_has_signature_lines_for_each_therapist_and_the_parent(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    text = page(as_user(cast.pt), cast.family_one)

    signatures = text[text.index("Signatures We have agreed") :]
    assert "PT Physical therapist Signature Date" in signatures
    assert "OT Occupational therapist Signature Date" in signatures
    assert "Alex Example Parent or carer Signature Date" in signatures


def test_it_holds_no_note_the_clinic_keeps_for_itself(cast: Any, as_user: Any) -> None:
    written_plan(cast)

    html = as_user(cast.pt).get(care_url(cast.family_one)).content.decode()

    for marker in (
        "WORKEDON-MARKER",
        "RESPONSE-MARKER",
        "NEXTTIME-MARKER",
        "PROGRESSNOTE-MARKER",
        "RECORDNOTE-MARKER",
    ):
        assert marker not in html


def test_once_discharged_it_gives_the_discharge_summary(cast: Any, as_user: Any) -> None:
    written_plan(cast)
    actions.do_discharge(
        cast.family_one.request, recommendations="Keep up the walks to the park.", by=cast.pt
    )

    text = page(as_user(cast.pt), cast.family_one)

    assert "Discharge summary Discharged on" in text
    assert "by PT: 1 of 3 goals met." in text
    assert "Recommendations: Keep up the walks to the park." in text


@pytest.mark.parametrize(
    ("sessions", "minutes", "weeks", "words"),
    [
        (2, 45, 12, "2 sessions a week, 45 minutes, for 12 weeks"),
        (1, 30, 1, "1 session a week, 30 minutes, for 1 week"),
        (3, None, 10, "3 sessions a week, for 10 weeks"),
        (None, None, None, ""),
    ],
)
def test_frequency_reads_as_a_referral_letter_says_it(
    sessions: int | None, minutes: int | None, weeks: int | None, words: str
) -> None:
    part = PlanDiscipline(sessions_per_week=sessions, minutes=minutes, weeks=weeks)

    assert frequency_words(part) == words
