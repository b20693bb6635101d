"""The evaluation's page: booking it (the intake coordinator with anyone, a therapist only with
the child's own evaluators), changing it, the clash with a therapist's other evaluation shown
as a clear error, the other errors, and cancelling it from the record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.care.appointments import book, next_week
from tests.clinic.records.helpers import fresh, set_status, url
from wholechild.care.models import Appointment, AppointmentState, EvaluationRequest, Status

pytestmark = pytest.mark.django_db


def body(cast: Any, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "day": next_week().date().isoformat(),
        "time": "10:00",
        "minutes": "60",
        "place": "clinic",
        "place_detail": "",
        "pt": cast.pt.pk,
        "ot": "",
        "family_note": "Bring comfortable clothes.",
    }
    values.update(changes)
    return {f"evaluation-{name}": value for name, value in values.items()}


def post(client: Any, family: Any, values: dict[str, Any]) -> Any:
    return client.post(url("evaluation", family), values)


def test_the_intake_coordinator_books_it_with_a_pt_and_an_ot(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    assert "Book the evaluation" in client.get(url("record", cast.family_two)).content.decode()
    page = client.get(url("evaluation", cast.family_two)).content.decode()
    assert '<h1 class="heading-l">Book the evaluation</h1>' in page

    response = post(client, cast.family_two, body(cast, ot=cast.ot.pk, minutes="90"))

    assert response.status_code == 302
    assert response["Location"].endswith("#evaluation-title")
    [appointment] = Appointment.objects.filter(request=cast.family_two.request)
    assert (appointment.starts_at, appointment.minutes, appointment.pt, appointment.ot) == (
        next_week(),
        90,
        cast.pt,
        cast.ot,
    )
    record = client.get(response["Location"]).content.decode()
    assert "Evaluation booked." in record
    assert f"{next_week():%A} {next_week().day}" in record
    assert "Bring comfortable clothes." in record
    assert fresh(cast.family_two).status == Status.BOOKED


def test_an_assigned_therapist_books_their_own_childs_evaluation(cast: Any, as_user: Any) -> None:
    set_status(cast.family_one, Status.CONTACTED)
    response = post(as_user(cast.ot), cast.family_one, body(cast, pt="", ot=cast.ot.pk))
    assert response.status_code == 302
    assert Appointment.objects.get(request=cast.family_one.request).ot == cast.ot


def test_a_therapist_books_only_the_childs_own_evaluators_and_themselves(
    cast: Any, as_user: Any
) -> None:
    from tests.cast import make_staff

    other_pt = make_staff("other-pt", "pt", first_name="Other")
    set_status(cast.family_one, Status.CONTACTED)
    client = as_user(cast.ot)
    page = client.get(url("evaluation", cast.family_one)).content.decode()
    assert "Other" not in page  # only the child's own PT is offered

    response = post(client, cast.family_one, body(cast, pt=other_pt.pk))
    assert "Choose an active member of staff with this role" in response.content.decode()
    response = post(client, cast.family_one, body(cast, pt=cast.pt.pk, ot=""))
    assert "Book yourself for the evaluation" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_therapist_cannot_book_a_child_who_is_not_theirs(cast: Any, as_user: Any) -> None:
    response = post(as_user(cast.pt), cast.family_two, body(cast))
    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_a_clash_with_the_therapists_other_evaluation_is_a_clear_error(
    cast: Any, as_user: Any
) -> None:
    book(fresh(cast.family_two), cast.intake, pt=cast.pt, starts_at=next_week(10, 30))
    set_status(cast.family_one, Status.CONTACTED)

    response = post(as_user(cast.intake), cast.family_one, body(cast))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    day = f"{next_week():%A} {next_week().day} {next_week():%B %Y}"
    assert (
        f"PT already has an evaluation from 10:30 to 11:30 on {day}. Choose another time, "
        "or another therapist."
    ) in page
    assert 'href="#id_evaluation-time"' in page
    assert not Appointment.objects.filter(request=cast.family_one.request).exists()
    assert fresh(cast.family_one).status == Status.CONTACTED


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"day": ""}, "Enter the day of the evaluation"),
        ({"day": "next tuesday"}, "Enter the day as year-month-day"),
        ({"time": "25:00"}, "Enter the time as hours and minutes"),
        ({"minutes": "7"}, "Choose how long the evaluation takes"),
        ({"pt": "", "ot": ""}, "Choose the PT or the OT who will evaluate the child"),
        ({"place": "elsewhere"}, "Enter where the evaluation is"),
        ({"day": (timezone.localdate() - timedelta(days=1)).isoformat()}, "has not passed yet"),
    ],
)
def test_a_wrong_answer_is_shown_in_the_error_summary(
    cast: Any, as_user: Any, changes: dict[str, str], error: str
) -> None:
    response = post(as_user(cast.intake), cast.family_two, body(cast, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and error in page
    assert not Appointment.objects.exists()


def test_changing_the_evaluation_shows_it_as_booked_and_saves_the_change(
    cast: Any, as_user: Any
) -> None:
    appointment = book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    client = as_user(cast.intake)
    page = client.get(url("evaluation", cast.family_two)).content.decode()
    assert "Change the evaluation" in page
    assert f'value="{next_week():%Y-%m-%d}"' in page and 'value="10:00"' in page

    response = post(client, cast.family_two, body(cast, time="14:15", place="video"))

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "14:15"
    assert appointment.place == "video"
    assert "Evaluation changed." in client.get(response["Location"]).content.decode()


def test_the_evaluators_are_changed_with_the_evaluation_while_it_is_booked(
    cast: Any, as_user: Any
) -> None:
    book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    client = as_user(cast.intake)
    page = client.get(url("record", cast.family_two)).content.decode()
    assert "Save evaluators" not in page
    assert "While the evaluation is booked, its evaluators are changed with it." in page
    response = client.post(url("assign", cast.family_two), {"assign-ot_evaluator": cast.ot.pk})
    assert response.status_code == 403


def test_cancelling_it_from_the_record_makes_the_request_contacted_again(
    cast: Any, as_user: Any
) -> None:
    appointment = book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    client = as_user(cast.intake)

    response = client.post(url("evaluation_cancel", cast.family_two))

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED
    assert fresh(cast.family_two).status == Status.CONTACTED
    page = client.get(response["Location"]).content.decode()
    assert "Evaluation cancelled." in page and "Book the evaluation" in page


def test_after_the_evaluation_it_cannot_be_booked_changed_or_cancelled(
    cast: Any, as_user: Any
) -> None:
    book(EvaluationRequest.objects.get(pk=cast.family_two.request.pk), cast.intake, pt=cast.pt)
    set_status(cast.family_two, Status.EVALUATED)
    client = as_user(cast.intake)
    assert client.get(url("evaluation", cast.family_two)).status_code == 403
    assert client.post(url("evaluation_cancel", cast.family_two)).status_code == 403
    assert (
        "Change the evaluation" not in client.get(url("record", cast.family_two)).content.decode()
    )


# Who may book and cancel: the coordinator and the child's own therapists; a therapist of
# another child, the administrator and anyone not staff may not (a child they cannot see is
# not found; someone not staff is refused at the door).
BY_ROLE = [("intake", 302), ("pt", 302), ("ot", 302), ("admin", 404), ("outsider", 403)]


@pytest.mark.parametrize(("who", "expected"), BY_ROLE)
def test_booking_by_role(cast: Any, as_user: Any, who: str, expected: int) -> None:
    set_status(cast.family_one, Status.CONTACTED)
    own = {"pt": {"pt": cast.pt.pk, "ot": ""}, "ot": {"pt": "", "ot": cast.ot.pk}}
    response = post(as_user(getattr(cast, who)), cast.family_one, body(cast, **own.get(who, {})))
    assert response.status_code == expected
    assert Appointment.objects.filter(request=cast.family_one.request).exists() == (expected == 302)


@pytest.mark.parametrize(("who", "expected"), BY_ROLE)
def test_cancelling_by_role(cast: Any, as_user: Any, who: str, expected: int) -> None:
    set_status(cast.family_one, Status.CONTACTED)
    appointment = book(fresh(cast.family_one), cast.intake, pt=cast.pt)
    response = as_user(getattr(cast, who)).post(url("evaluation_cancel", cast.family_one))
    assert response.status_code == expected
    appointment.refresh_from_db()
    assert appointment.is_booked == (expected != 302)


@pytest.mark.parametrize("who", ["pt", "ot"])
def test_a_therapist_of_another_child_can_neither_book_nor_cancel_it(
    cast: Any, as_user: Any, who: str
) -> None:
    appointment = book(fresh(cast.family_two), cast.intake, pt=cast.pt)
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
        pt_evaluator=None, ot_evaluator=None
    )
    client = as_user(getattr(cast, who))
    assert client.get(url("evaluation", cast.family_two)).status_code == 404
    assert client.post(url("evaluation_cancel", cast.family_two)).status_code == 404
    appointment.refresh_from_db()
    assert appointment.is_booked
