"""The family's status page: where the request stands, the plan's goals and progress, and
nothing the clinic keeps for itself."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.parents.helpers import text_of
from wholechild.care import actions
from wholechild.care import models as care
from wholechild.care.models import EvaluationRequest, GoalState, Status

WHERE = {
    Status.NEW: "No one has contacted you about it yet",
    Status.CONTACTED: "The clinic has been in touch with you",
    Status.BOOKED: "Your child's evaluation is booked",
    Status.EVALUATED: "Your child has been evaluated",
    Status.IN_THERAPY: "Your child is in therapy",
    Status.DISCHARGED: "Your child's therapy has finished",
    Status.CLOSED: "The clinic has closed this request",
    Status.WITHDRAWN: "You withdrew this request",
}
NEXT = {
    Status.NEW: "Someone from the clinic will contact you",
    Status.CONTACTED: "book a time for your child's evaluation",
    Status.BOOKED: "A therapist will meet your child",
    Status.EVALUATED: "The therapists will make a plan with you",
    Status.IN_THERAPY: "your child's goals and how they are doing",
    Status.DISCHARGED: "Nothing more happens unless you ask",
    Status.CLOSED: "Nothing more happens with this request",
    Status.WITHDRAWN: "the clinic will not contact you about it",
}


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return text_of(response).replace("&#x27;", "'")


def add_plan(request: EvaluationRequest, staff: Any, *, visit: bool = True) -> care.Goal:
    """A PT goal worked on at one visit (better than expected), with a staff note on the
    request and on the visit, through the actions as the clinic's pages make them."""
    actions.do_start_plan(request, by=staff)
    goal = actions.do_add_goal(
        request,
        discipline=care.Discipline.PT,
        text="Walks ten steps on her own",
        baseline="Cruises along furniture",
        measure="Steps without support",
        target_date=date(2026, 9, 30),
        by=staff,
    )
    if not visit:
        return goal
    actions.do_record_visit(
        request,
        on=date(2026, 5, 4),
        discipline=care.Discipline.PT,
        attendance=care.Attendance.ATTENDED,
        worked_on="STAFF-ONLY: mum worried about the stairs at home",
        levels={goal.pk: 1},
        by=staff,
    )
    actions.do_add_note(request, text="STAFF-ONLY: dad hard to reach", by=staff)
    goal.refresh_from_db()
    return goal


@pytest.mark.parametrize("status", list(Status))
def test_the_page_says_where_the_request_stands_and_what_happens_next(
    cast: Any, client: Client, db: None, status: Status
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=status)

    text = page_text(client, cast.family_two.status_url)

    assert cast.family_two.reference in text
    assert WHERE[status] in text
    assert NEXT[status] in text


def test_a_closed_request_says_why_it_was_closed(cast: Any, client: Client, db: None) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
        status=Status.CLOSED, closed_reason="The family chose another clinic"
    )

    text = page_text(client, cast.family_two.status_url)

    assert "Why it was closed" in text
    assert "The family chose another clinic" in text


def test_an_open_request_offers_to_withdraw_it(cast: Any, client: Client, db: None) -> None:
    html = client.get(cast.family_two.status_url).content.decode()

    assert f'href="{cast.family_two.status_url}withdraw/"' in html


@pytest.mark.parametrize("status", [Status.DISCHARGED, Status.CLOSED, Status.WITHDRAWN])
def test_a_finished_request_offers_no_withdrawal(
    cast: Any, client: Client, db: None, status: Status
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=status)

    assert "withdraw/" not in client.get(cast.family_two.status_url).content.decode()


def test_the_plans_goals_and_progress_are_shown_in_plain_words(
    cast: Any, client: Client, db: None
) -> None:
    add_plan(cast.family_one.request, cast.pt)

    text = page_text(client, cast.family_one.status_url)

    assert "Your child's goals" in text
    assert "Physical therapy Walks ten steps on her own" in text
    assert "30 September 2026" in text
    assert "Working on it now" in text
    assert "How it is going Better than we hoped (noted 4 May 2026)" in text
    assert "After each visit, the therapist notes how your child is getting on" in text
    assert "than expected" not in text  # the scale's own words are the clinic's


def test_the_latest_level_is_the_one_shown_in_a_familys_words(
    cast: Any, client: Client, db: None
) -> None:
    goal = add_plan(cast.family_one.request, cast.pt)
    actions.do_record_visit(
        cast.family_one.request,
        on=date(2026, 5, 11),
        discipline=care.Discipline.PT,
        attendance=care.Attendance.ATTENDED,
        levels={goal.pk: 0},
        by=cast.pt,
    )

    text = page_text(client, cast.family_one.status_url)

    assert "How it is going About where we hoped (noted 11 May 2026)" in text
    assert "Better than we hoped" not in text


def test_a_suggested_goal_with_progress_reads_as_being_worked_on(
    cast: Any, client: Client, db: None
) -> None:
    goal = add_plan(cast.family_one.request, cast.pt)
    actions.do_set_goal_state(goal, state=GoalState.PROPOSED, by=cast.pt)

    text = page_text(client, cast.family_one.status_url)

    assert "Working on it now" in text
    assert "Suggested, not started yet" not in text


def test_an_evaluated_child_with_a_plan_is_not_told_the_goals_will_appear(
    cast: Any, client: Client, db: None
) -> None:
    add_plan(cast.family_one.request, cast.pt, visit=False)

    text = page_text(client, cast.family_one.status_url)

    assert "They will appear on this page" not in text
    assert "The therapists have started a plan with you" in text


def test_a_new_request_says_how_soon_the_clinic_means_to_call(
    cast: Any, client: Client, db: None
) -> None:
    clinic = care.ClinicSettings.current()
    clinic.reach_routine_within_days = 4
    clinic.reach_urgent_within_days = 1
    clinic.save()
    urgency = EvaluationRequest.objects.get(pk=cast.family_two.request.pk).urgency
    days = clinic.reach_within_days(urgency)

    text = page_text(client, cast.family_two.status_url)

    unit = "working day," if days == 1 else "working days,"
    assert f"Someone from the clinic will contact you, usually within {days} {unit}" in text


def test_the_page_says_who_the_clinic_is_and_how_to_reach_it(
    cast: Any, client: Client, db: None
) -> None:
    clinic = care.ClinicSettings.current()
    clinic.name = "Brightside Children's Therapy"
    clinic.phone = "555 0100"
    clinic.opening_hours = "Monday to Friday, 8am to 6pm"
    clinic.save()

    text = page_text(client, cast.family_two.status_url)

    contact = text[text.index("Contact the clinic Give your reference") :]
    assert "Brightside Children's Therapy" in contact
    assert "Phone 555 0100" in contact
    assert "Opening hours Monday to Friday, 8am to 6pm" in contact


def test_without_a_phone_or_an_email_the_page_says_how_else_to_reach_the_clinic(
    cast: Any, client: Client, db: None
) -> None:
    clinic = care.ClinicSettings.current()
    clinic.phone = clinic.email = ""
    clinic.save()
    text = page_text(client, cast.family_two.status_url)
    assert "Your child's doctor's office can tell you how to reach the clinic." in text

    clinic.phone = "555 0100"
    clinic.save()
    text = page_text(client, cast.family_two.status_url)
    assert "how to reach the clinic" not in text


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (Status.NEW, "Your request for an evaluation"),
        (Status.EVALUATED, "Your request for an evaluation"),
        (Status.IN_THERAPY, "Your child's therapy"),
        (Status.DISCHARGED, "Your child's therapy"),
    ],
)
def test_once_therapy_begins_the_page_is_headed_by_it(
    cast: Any, client: Client, db: None, status: Status, heading: str
) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=status)
    html = client.get(cast.family_two.status_url).content.decode().replace("&#x27;", "'")
    assert f'<h1 class="heading-l">{heading}</h1>' in html


def test_each_goal_is_headed_by_its_own_words_under_its_disciplines_heading(
    cast: Any, client: Client, db: None
) -> None:
    add_plan(cast.family_one.request, cast.pt)

    html = client.get(cast.family_one.status_url).content.decode()

    group = html[html.index('<h3 class="heading-s" id="goal-group-1">') :]
    assert group.startswith('<h3 class="heading-s" id="goal-group-1">Physical therapy</h3>')
    heading = group[group.index('<h4 class="heading-s" id="goal-1-1">') :]
    assert heading[: heading.index("</h4>")].endswith("Walks ten steps on her own")


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (GoalState.PROPOSED, "Suggested, not started yet"),
        (GoalState.ACTIVE, "Working on it now"),
        (GoalState.ACHIEVED, "Reached"),
        (GoalState.DISCONTINUED, "Stopped"),
    ],
)
def test_a_goals_state_is_in_the_familys_words(
    cast: Any, client: Client, db: None, state: GoalState, words: str
) -> None:
    # No visit: a suggested goal with progress is being worked on (above).
    goal = add_plan(cast.family_one.request, cast.pt, visit=False)
    actions.do_set_goal_state(goal, state=state, by=cast.pt)

    text = page_text(client, cast.family_one.status_url)

    assert words in text
    assert str(GoalState(state).label) not in text  # not the clinic's word


def test_staff_notes_never_appear_on_the_status_page(cast: Any, client: Client, db: None) -> None:
    add_plan(cast.family_one.request, cast.pt)

    html = client.get(cast.family_one.status_url).content.decode()

    assert "Walks ten steps on her own" in html  # the plan is there…
    assert "STAFF-ONLY" not in html  # …but neither a Note nor a progress entry's note
    assert "Cruises along furniture" not in html  # nor the baseline the staff wrote


def test_without_a_plan_there_are_no_goals(cast: Any, client: Client, db: None) -> None:
    assert "Your child's goals" not in page_text(client, cast.family_two.status_url)


def test_the_page_does_not_show_the_childs_or_familys_details(
    cast: Any, client: Client, db: None
) -> None:
    text = page_text(client, cast.family_one.status_url)

    for detail in ("Mia", "Alex Example", "alex@example.org", "Weekday mornings"):
        assert detail not in text


@pytest.mark.parametrize("link", ["one-character-changed", "A" * 43, "a" * 101])
def test_a_tampered_or_wrong_link_gets_a_friendly_not_found_page(
    cast: Any, client: Client, db: None, link: str
) -> None:
    if link == "one-character-changed":
        token = cast.family_one.token
        link = token[:-1] + ("x" if token[-1] != "x" else "y")

    response = client.get(f"/status/{link}/")

    assert response.status_code == 404
    assert "We cannot find this request" in text_of(response)
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_status_page_is_never_cached_and_never_passes_its_link_on(
    cast: Any, client: Client, db: None
) -> None:
    response = client.get(cast.family_one.status_url)

    assert "no-store" in response["Cache-Control"]
    # A Referer from this page is the origin alone: never the path, which holds the key.
    assert response["Referrer-Policy"] == "strict-origin"


def test_the_status_page_only_answers_get(cast: Any, client: Client, db: None) -> None:
    assert client.post(cast.family_one.status_url).status_code == 405


def test_the_family_pages_never_say_nothing_is_kept(cast: Any, client: Client, db: None) -> None:
    text = text_of(client.get(cast.family_one.status_url))

    assert "we do not keep them" not in text
    assert "kept by the clinic" in text
