"""The shared plan as the family sees it on their status page: the goals grouped by who works on
them, each goal's level in the family's words, the home program, the discharge summary, and
never a note the clinic keeps for itself (a visit's, a progress entry's or the record's)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.parents.helpers import text_of
from wholechild.care import actions
from wholechild.care.models import (
    Attendance,
    Discipline,
    EvaluationRequest,
    Goal,
    GoalDiscipline,
    GoalState,
)
from wholechild.family.views import LEVEL_WORDS

TARGET = date(2026, 12, 18)


def page(client: Client, family: Any) -> str:
    response = client.get(family.status_url)
    assert response.status_code == 200
    return text_of(response)


def started(family: Any, staff: Any) -> EvaluationRequest:
    actions.do_start_plan(family.request, by=staff)
    return family.request


def goal(
    request: EvaluationRequest,
    by: Any,
    text: str,
    discipline: GoalDiscipline = GoalDiscipline.PT,
    **levels: Any,
) -> Goal:
    return actions.do_add_goal(
        request,
        discipline=discipline,
        text=text,
        baseline="BASELINE-MARKER cruises along the sofa",
        measure="MEASURE-MARKER steps counted",
        target_date=TARGET,
        level_much_less="LEVELWORDS-MARKER no steps",
        level_expected="LEVELWORDS-MARKER ten steps",
        by=by,
        **levels,
    )


def visit(request: EvaluationRequest, by: Any, levels: dict[int, int], **notes: str) -> None:
    actions.do_record_visit(
        request,
        on=date(2026, 6, 1),
        discipline=GoalDiscipline.BOTH,
        attendance=Attendance.ATTENDED,
        levels=levels,
        by=by,
        **notes,
    )


def section(text: str, heading: str, next_heading: str) -> str:
    return text[text.index(heading) : text.index(next_heading)]


# --- Nothing the clinic keeps for itself -------------------------------------------------------


def test_no_visit_progress_or_record_note_reaches_the_family(
    cast: Any, client: Client, db: None
) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    visit(
        request,
        cast.pt,
        {walking.pk: -1},
        worked_on="WORKEDON-MARKER stepping between chairs",
        response="RESPONSE-MARKER cried at first",
        next_time="NEXTTIME-MARKER try the stairs",
    )
    actions.do_record_progress(
        walking, gas_score=0, note="PROGRESSNOTE-MARKER mum says she walks at home", by=cast.pt
    )
    actions.do_add_note(request, text="RECORDNOTE-MARKER dad hard to reach", by=cast.pt)

    html = client.get(cast.family_one.status_url).content.decode()

    assert "Walks ten steps on her own" in html  # the plan is there…
    for marker in (
        "WORKEDON-MARKER",
        "RESPONSE-MARKER",
        "NEXTTIME-MARKER",
        "PROGRESSNOTE-MARKER",
        "RECORDNOTE-MARKER",
        "BASELINE-MARKER",
        "MEASURE-MARKER",
        "LEVELWORDS-MARKER",
    ):
        assert marker not in html, f"{marker} is the clinic's, not the family's"


# --- The goals, grouped --------------------------------------------------------------------------


def test_goals_are_grouped_pt_then_ot_then_shared(cast: Any, client: Client, db: None) -> None:
    request = started(cast.family_one, cast.pt)
    goal(request, cast.ot, "Gets dressed standing up", GoalDiscipline.BOTH)
    goal(request, cast.ot, "Holds a spoon", GoalDiscipline.OT)
    goal(request, cast.pt, "Walks ten steps on her own", GoalDiscipline.PT)

    text = page(client, cast.family_one)

    pt = section(text, "Physical therapy Walks", "Occupational therapy Holds")
    ot = section(text, "Occupational therapy Holds", "Shared goals")
    shared = text[text.index("Shared goals") :]
    assert "Walks ten steps on her own" in pt
    assert "Holds a spoon" in ot
    assert shared.startswith("Shared goals Both therapists work on these together.")
    assert "Gets dressed standing up" in shared
    assert "Gets dressed standing up" not in pt + ot


def test_a_group_without_goals_has_no_heading(cast: Any, client: Client, db: None) -> None:
    request = started(cast.family_one, cast.pt)
    goal(request, cast.ot, "Holds a spoon", GoalDiscipline.OT)

    text = page(client, cast.family_one)

    assert "Occupational therapy Holds a spoon" in text
    assert "Shared goals" not in text
    assert "Physical therapy Walks" not in text


# --- Levels in the family's words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_at", "level", "words"),
    [
        (-2, -2, "Still where we started, for now"),
        (-2, -1, "Getting closer"),
        (-2, 0, "About where we hoped"),
        (-2, 1, "Better than we hoped"),
        (-2, 2, "Much better than we hoped"),
        (-1, -1, "Still where we started, for now"),
        (-1, -2, "A little harder than when we started, for now"),
        (-1, 0, "About where we hoped"),
    ],
)
def test_each_level_reads_in_plain_words_from_where_the_child_started(
    cast: Any, client: Client, db: None, started_at: int, level: int, words: str
) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own", baseline_level=started_at)
    visit(request, cast.pt, {walking.pk: level})

    text = page(client, cast.family_one)

    assert f"How it is going {words} (noted 1 June 2026)" in text
    unscaled = text.replace(cast.family_one.reference, "")  # a reference may hold "-2"
    for scale in ("than expected", "GAS", "T-score", "+1", "+2", "-1", "-2", "−"):
        assert scale not in unscaled


def test_every_level_has_its_words_in_the_one_table() -> None:
    assert set(LEVEL_WORDS) == {"harder", "start", "closer", "expected", "better", "much-better"}


def test_a_goal_not_yet_worked_on_says_nothing_is_noted(
    cast: Any, client: Client, db: None
) -> None:
    goal(started(cast.family_one, cast.pt), cast.pt, "Walks ten steps on her own")

    text = page(client, cast.family_one)

    assert "How it is going Nothing noted yet" in text
    assert "Aim to reach it by 18 December 2026" in text
    assert "Where it is now Suggested, not started yet" in text


def test_a_suggested_goal_worked_on_at_a_visit_is_being_worked_on(
    cast: Any, client: Client, db: None
) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    visit(request, cast.pt, {walking.pk: -1})

    text = page(client, cast.family_one)

    assert "Where it is now Working on it now" in text
    assert "Suggested, not started yet" not in text
    # In therapy now: the family is not told the goals "will appear" above goals that do.
    assert "will appear on this page" not in text


# --- The home program ----------------------------------------------------------------------------


def test_the_home_program_shows_each_activity_with_the_goal_it_serves(
    cast: Any, client: Client, db: None
) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    dressing = goal(request, cast.ot, "Gets dressed standing up", GoalDiscipline.BOTH)
    actions.do_add_home_activity(
        walking,
        what="Hold both hands and walk her to the kitchen",
        how_often="Three times a day, a few minutes each",
        watch_for="Her feet turning in when she gets tired",
        by=cast.pt,
    )
    actions.do_add_home_activity(
        dressing,
        what="Let her pull up her trousers leaning on the wall",
        how_often="Each morning",
        watch_for="",
        by=cast.ot,
    )

    text = page(client, cast.family_one)

    home = text[text.index("Things to do at home") :]
    assert (
        "Hold both hands and walk her to the kitchen How often Three times a day, a few minutes "
        "each What to watch for Her feet turning in when she gets tired The goal it helps with "
        "Walks ten steps on her own"
    ) in home
    assert (
        "Let her pull up her trousers leaning on the wall How often Each morning The goal it "
        "helps with Gets dressed standing up"
    ) in home


def test_a_stopped_activity_is_not_shown(cast: Any, client: Client, db: None) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    kept = actions.do_add_home_activity(
        walking, what="Walk to the kitchen", how_often="Daily", watch_for="", by=cast.pt
    )
    stopped = actions.do_add_home_activity(
        walking, what="Crawl through a tunnel", how_often="Daily", watch_for="", by=cast.pt
    )
    actions.do_stop_home_activity(stopped, by=cast.pt)

    text = page(client, cast.family_one)

    assert kept.what in text
    assert stopped.what not in text


def test_an_activity_for_a_stopped_goal_is_not_shown(cast: Any, client: Client, db: None) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    actions.do_add_home_activity(
        walking, what="Crawl through a tunnel", how_often="Daily", watch_for="", by=cast.pt
    )
    actions.do_set_goal_state(walking, state=GoalState.DISCONTINUED, by=cast.pt)

    text = page(client, cast.family_one)

    assert "Crawl through a tunnel" not in text
    assert "Things to do at home" not in text


def test_without_activities_there_is_no_home_program(cast: Any, client: Client, db: None) -> None:
    goal(started(cast.family_one, cast.pt), cast.pt, "Walks ten steps on her own")

    assert "Things to do at home" not in page(client, cast.family_one)


# --- The end of therapy --------------------------------------------------------------------------


def discharged(cast: Any) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    spoon = goal(request, cast.ot, "Holds a spoon", GoalDiscipline.OT)
    goal(request, cast.ot, "Gets dressed standing up", GoalDiscipline.BOTH)
    actions.do_add_home_activity(
        walking, what="Walk to the kitchen", how_often="Daily", watch_for="", by=cast.pt
    )
    visit(request, cast.pt, {walking.pk: 1, spoon.pk: -1})
    actions.do_discharge(
        request,
        recommendations="Keep up the walks to the park.\nA check-up with the clinic in spring.",
        by=cast.pt,
    )


def test_once_discharged_the_family_reads_the_summary_in_plain_words(
    cast: Any, client: Client, db: None
) -> None:
    discharged(cast)

    text = page(client, cast.family_one)

    summary = section(text, "At the end of your child's therapy", "Your child's goals")
    assert "Your child reached 1 of their 3 goals." in summary
    assert "Written by PT" in summary
    assert "Keep up the walks to the park. A check-up with the clinic in spring." in summary
    assert "T-score" not in text
    assert "Therapy finished on" in summary


def test_once_discharged_the_goals_stay_and_the_home_program_gives_way(
    cast: Any, client: Client, db: None
) -> None:
    discharged(cast)

    text = page(client, cast.family_one)

    assert "Physical therapy Walks ten steps on her own" in text
    assert "Better than we hoped" in text
    assert "Things to do at home" not in text  # the recommendations say what to keep doing


def test_a_discharge_with_no_goal_met_is_said_kindly(cast: Any, client: Client, db: None) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    visit(request, cast.pt, {walking.pk: -1})
    actions.do_discharge(request, recommendations="Another check in six months.", by=cast.pt)

    text = page(client, cast.family_one)

    assert "Your child did not reach their goals as far as we hoped this time." in text
    assert "0 of" not in text


# --- Who the therapists are, and the last visit -------------------------------------------------


def test_while_in_therapy_the_family_reads_who_the_therapists_are_and_the_last_visit(
    cast: Any, client: Client, db: None
) -> None:
    request = started(cast.family_one, cast.pt)
    walking = goal(request, cast.pt, "Walks ten steps on her own")
    actions.do_update_plan_discipline(
        request,
        discipline=Discipline.PT,
        findings="STAFF-FINDINGS cruises",
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=cast.pt,
    )
    visit(request, cast.pt, {walking.pk: 0})
    actions.do_record_visit(
        request,
        on=date(2026, 6, 8),
        discipline=GoalDiscipline.PT,
        attendance=Attendance.NO_SHOW,  # not a visit the child came to
        levels={},
        by=cast.pt,
    )

    text = page(client, cast.family_one)

    next_part = section(text, "What happens next", "Your child's goals")
    therapist = str(cast.pt.get_full_name() or cast.pt.get_username())
    assert f"Physical therapy Your child's therapist: {therapist}" in next_part
    assert "Occupational therapy" not in next_part  # no OT part written
    assert "Last visit 1 June 2026" in next_part
    assert "STAFF-FINDINGS" not in text


def test_once_discharged_neither_the_therapists_nor_the_last_visit_are_said(
    cast: Any, client: Client, db: None
) -> None:
    discharged(cast)
    text = page(client, cast.family_one)
    assert "Your child's therapist:" not in text
    assert "Last visit" not in text
