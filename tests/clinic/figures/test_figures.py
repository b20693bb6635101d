"""How the clinic is doing: the open requests by status and urgency, the overdue count, and the
median working days to first contact and to evaluation by urgency over 30 and 90 days, checked
against a history built by hand; the page for the intake coordinator and the administrator,
naming no one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.test_inbox import new_request
from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Status,
    StatusChange,
)
from wholechild.clinic.figures import figures
from wholechild.clinic.figures.figures import Median

pytestmark = pytest.mark.django_db
FIGURES = reverse("clinic:figures")
NOW = datetime(2026, 3, 13, 17, 0, tzinfo=UTC)  # a Friday


def on(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def history(urgency: str, received: datetime, *steps: tuple[str, datetime]) -> EvaluationRequest:
    """A request and its history, by hand: received, then each (status, when)."""
    final = steps[-1][0] if steps else Status.NEW
    request = new_request(urgency=urgency, created_at=received, status=final)
    StatusChange.objects.create(request=request, to_status=Status.NEW, at=received)
    previous = Status.NEW
    for status, at in steps:
        StatusChange.objects.create(request=request, from_status=previous, to_status=status, at=at)
        previous = status
    return request


@pytest.fixture
def clinic_history(cast: Any, settings: Any) -> None:
    settings.TIME_ZONE = "UTC"
    EvaluationRequest.objects.all().delete()
    # Urgent: reached after 0.25, 1 and 1 working days (the weekend not counted); evaluated
    # after 2 and 5.
    history(
        "urgent",
        on(2026, 3, 9, 9),
        (Status.CONTACTED, on(2026, 3, 9, 15)),
        (Status.BOOKED, on(2026, 3, 10, 9)),
        (Status.EVALUATED, on(2026, 3, 11, 9)),
    )
    history("urgent", on(2026, 3, 10, 9), (Status.CONTACTED, on(2026, 3, 11, 9)))
    history(
        "urgent",
        on(2026, 3, 6, 12),
        (Status.CONTACTED, on(2026, 3, 9, 12)),
        (Status.EVALUATED, on(2026, 3, 13, 12)),
    )
    # Soon: reached 67 days ago (90 days only) after 5 working days; evaluated 21 days ago,
    # 34 working days after the request.
    history(
        "soon",
        on(2026, 1, 5, 9),
        (Status.CONTACTED, on(2026, 1, 12, 9)),
        (Status.BOOKED, on(2026, 1, 20, 9)),
        (Status.EVALUATED, on(2026, 2, 20, 9)),
        (Status.IN_THERAPY, on(2026, 2, 27, 9)),
    )
    # Soon: reached too long ago to count.
    history("soon", on(2025, 10, 1, 9), (Status.CONTACTED, on(2025, 10, 2, 9)))
    # Routine: booked on the first call, 2 working days in (a booking is a contact), then
    # closed; and one closed unreached, reopened, then reached 4 working days in.
    history(
        "routine",
        on(2026, 3, 2, 9),
        (Status.BOOKED, on(2026, 3, 4, 9)),
        (Status.CLOSED, on(2026, 3, 5, 9)),
    )
    history(
        "routine",
        on(2026, 3, 2, 9),
        (Status.CLOSED, on(2026, 3, 3, 9)),
        (Status.NEW, on(2026, 3, 4, 9)),
        (Status.CONTACTED, on(2026, 3, 6, 9)),
    )
    # Not reached yet: in the open counts and (a routine one from 20 days ago) overdue.
    history("routine", on(2026, 2, 20, 9))
    history("urgent", on(2026, 3, 13, 16))


@pytest.mark.usefixtures("clinic_history")
def test_the_medians_to_first_contact_by_urgency_and_window() -> None:
    waits = figures.waits(NOW)["first_contact"]
    assert waits["urgent"] == {30: Median(1.0, 3), 90: Median(1.0, 3)}
    assert waits["soon"] == {30: Median(None, 0), 90: Median(5.0, 1)}
    assert waits["routine"] == {30: Median(3.0, 2), 90: Median(3.0, 2)}
    assert waits["all"] == {30: Median(1.0, 5), 90: Median(1.5, 6)}


@pytest.mark.usefixtures("clinic_history")
def test_the_medians_to_evaluation_by_urgency_and_window() -> None:
    waits = figures.waits(NOW)["evaluated"]
    assert waits["urgent"] == {30: Median(3.5, 2), 90: Median(3.5, 2)}
    assert waits["soon"] == {30: Median(34.0, 1), 90: Median(34.0, 1)}
    assert waits["routine"] == {30: Median(None, 0), 90: Median(None, 0)}
    assert waits["all"][30] == Median(5.0, 3)


@pytest.mark.usefixtures("clinic_history")
def test_the_open_requests_by_status_and_urgency() -> None:
    counted = figures.open_requests()
    rows = {row["status"]: row["counts"] for row in counted["rows"]}  # urgent, soon, routine
    assert rows[Status.NEW] == [1, 0, 1]
    assert rows[Status.CONTACTED] == [1, 1, 1]
    assert rows[Status.BOOKED] == [0, 0, 0]
    assert rows[Status.EVALUATED] == [2, 0, 0]
    assert rows[Status.IN_THERAPY] == [0, 1, 0]
    assert (counted["totals"], counted["total"]) == ([4, 2, 2], 8)  # the closed one is not


@pytest.mark.usefixtures("clinic_history")
def test_the_overdue_count_uses_the_administrators_days() -> None:
    from wholechild.care.models import ClinicSettings

    assert figures.overdue(ClinicSettings.current(), NOW) == 1  # the routine one, 20 days in
    ClinicSettings.objects.filter(pk=1).update(reach_routine_within_days=20)
    assert figures.overdue(ClinicSettings.current(), NOW) == 0


def test_the_chart_draws_each_median_as_a_share_of_the_longest() -> None:
    medians = {
        group: {30: Median(days, 1), 90: Median(None, 0)}
        for group, days in (("urgent", 1.0), ("soon", 2.0), ("routine", 4.0), ("all", 2.0))
    }
    chart = figures.chart(medians, {"urgent": 1, "soon": 3, "routine": 8})
    widths = [row["bars"][0]["width"] for row in chart["rows"]]
    assert widths == [29.5, 59.0, 118.0, 59.0]  # the farthest target, 8, fills the area
    assert chart["rows"][2]["target"] == figures.LABELS + figures.AREA
    assert chart["rows"][0]["bars"][1]["width"] == 0


@pytest.mark.parametrize("who", ["intake", "admin"])
def test_the_page_shows_the_figures_naming_no_one_and_is_audited(
    cast: Any, as_user: Any, who: str
) -> None:
    response = as_user(getattr(cast, who)).get(FIGURES)

    page = response.content.decode()
    assert response.status_code == 200
    assert "How the clinic is doing" in page
    assert "From request to first contact" in page and "From request to evaluation" in page
    assert "<svg" in page and "<table" in page
    for private in (cast.family_one.reference, cast.family_two.reference, "Mia", "Leo", "Sam"):
        assert private not in page
    [event] = AuditEvent.objects.filter(action=AuditAction.FIGURES_VIEWED)
    assert event.actor_id == getattr(cast, who).pk


@pytest.mark.parametrize("who", ["pt", "ot"])
def test_therapists_have_no_figures_page(cast: Any, as_user: Any, who: str) -> None:
    assert as_user(getattr(cast, who)).get(FIGURES).status_code == 403
