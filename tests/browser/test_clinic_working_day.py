"""The clinic's working day in a real browser: the intake coordinator's morning by keyboard alone
(the overdue urgent request first in the inbox, a call logged, the evaluation booked with a PT
and an OT, and the PT finding it on their week), and the pages of the day with no axe violation
at 320 and at 1280 pixels, fitting the phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import PASSWORD
from wholechild.care import actions, intake
from wholechild.care.models import (
    Appointment,
    AppointmentPlace,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    EvaluationRequest,
    Status,
)

from .journey import navigating
from .keyboard import assert_focus_visible, tab_to
from .test_accessibility import Audit
from .test_clinic_devices import Pages
from .test_phone import WIDTH

LOST_SKILLS = {"age_months": 30, "red_flags": ["lost-skills"]}


def next_working_day() -> date:
    day = date.today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def overdue_urgent_request() -> actions.Sent:
    """An urgent request that came in five days ago (three working days at least), never
    reached: overdue whatever today is."""
    from django.utils import timezone

    from tests.cast import family_details

    return actions.do_submit_request(
        details=family_details(parent_name="Jordan Rivera", child_first_name="Ava"),
        screening=LOST_SKILLS,
        submission_key="overdue-urgent",
        received_at=timezone.now() - timedelta(days=5),
    )


def use(page: Page, target: Any) -> None:
    tab_to(page, target)
    assert_focus_visible(page)


def press_enter(page: Page) -> None:
    with navigating(page):
        page.keyboard.press("Enter")


def sign_in_by_keyboard(page: Page, user: Any) -> None:
    page.goto("/clinic/")
    use(page, "Username")
    page.keyboard.type(user.username)
    use(page, "Password")
    page.keyboard.type(PASSWORD)
    use(page, "Sign in")
    press_enter(page)


def test_the_coordinators_morning_by_keyboard_alone(
    make_page: Callable[..., Page], clinic: dict[str, Any]
) -> None:
    urgent = overdue_urgent_request().request
    # Chromium draws date and time inputs in its own language's order: American English here,
    # month/day/year and a 12-hour clock, as a keyboard user types them.
    coordinator = make_page(locale="en-US", viewport={"width": 1280, "height": 900})
    sign_in_by_keyboard(coordinator, clinic["intake"])

    # What needs action comes first, the overdue urgent request at the top, marked as such.
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Requests")
    first_row = coordinator.get_by_role("table").get_by_role("row").nth(1)
    expect(first_row).to_contain_text(urgent.reference)
    expect(first_row).to_contain_text("Overdue")
    expect(first_row).to_contain_text("Has lost a skill they used to have")
    expect(coordinator.locator(".overdue-line")).to_contain_text("1 new request")
    use(coordinator, urgent.reference)
    press_enter(coordinator)
    expect(coordinator).to_have_url(re.compile(f"/clinic/requests/{urgent.reference}/$"))

    # A call: the family answered.
    use(coordinator, "Reached")
    coordinator.keyboard.press("Space")
    use(coordinator, re.compile("^Note"))
    coordinator.keyboard.type("Mum can come any morning")
    use(coordinator, "Log it")
    press_enter(coordinator)
    expect(coordinator.get_by_role("status")).to_contain_text(
        "Logged: Reached. Status changed to “Contacted”."
    )
    [attempt] = ContactAttempt.objects.filter(request=urgent)
    assert (attempt.outcome, attempt.method, attempt.by) == ("reached", "phone", clinic["intake"])

    # The evaluation, with the PT and the OT, on the next working day at 10:00.
    use(coordinator, "Book the evaluation")
    press_enter(coordinator)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Book the evaluation")
    day = next_working_day()
    use(coordinator, "Day")
    coordinator.keyboard.type(day.strftime("%m%d%Y"))
    expect(coordinator.get_by_label("Day")).to_have_value(day.isoformat())
    use(coordinator, "Starts at")
    coordinator.keyboard.type("1000AM")
    expect(coordinator.get_by_label("Starts at")).to_have_value("10:00")
    use(coordinator, "Evaluating PT")
    coordinator.keyboard.press("ArrowDown")
    use(coordinator, "Evaluating OT")
    coordinator.keyboard.press("ArrowDown")
    use(coordinator, "Book the evaluation")
    press_enter(coordinator)
    expect(coordinator.get_by_role("status")).to_contain_text("Evaluation booked.")
    appointment = Appointment.objects.get(request=urgent)
    assert (appointment.pt, appointment.ot) == (clinic["pt"], clinic["ot"])
    local_start = datetime.combine(day, time(10))
    from django.utils import timezone

    assert timezone.localtime(appointment.starts_at).replace(tzinfo=None) == local_start
    assert EvaluationRequest.objects.get(pk=urgent.pk).status == Status.BOOKED

    # The PT finds it on their week.
    therapist = make_page(viewport={"width": 1280, "height": 900})
    sign_in_by_keyboard(therapist, clinic["pt"])
    use(therapist, "My evaluations")
    press_enter(therapist)
    if day - timedelta(days=day.weekday()) != date.today() - timedelta(days=date.today().weekday()):
        use(therapist, "Next week")
        press_enter(therapist)
    item = therapist.locator(".week__item", has_text=urgent.reference)
    expect(item).to_contain_text("10:00–11:00")
    expect(item).to_contain_text("Ava")
    expect(item).to_contain_text("PT and OT together (with Otto Example)")


@pytest.fixture
def working_day(clinic: dict[str, Any]) -> dict[str, Any]:
    """An overdue urgent request reached once and booked with the PT, and a second request the
    coordinator will try to book at the same time."""
    from django.utils import timezone

    sent = overdue_urgent_request()
    actions.do_log_contact(
        sent.request,
        method=ContactMethod.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        note="Try again after lunch",
        by=clinic["intake"],
    )
    starts = timezone.make_aware(datetime.combine(next_working_day(), time(11)))
    actions.do_book_evaluation(
        sent.request,
        booking=actions.Booking(
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place=AppointmentPlace.CLINIC,
            pt=clinic["pt"],
            ot=None,
            family_note="Please bring any reports you have.",
        ),
        by=clinic["intake"],
    )
    other = EvaluationRequest.objects.exclude(pk=sent.request.pk).order_by("created_at").first()
    assert other is not None
    return {"booked": sent, "other": other, "starts": starts}


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_the_pages_of_the_day_have_no_accessibility_violation_and_fit_the_screen(
    make_page: Callable[..., Page],
    clinic: dict[str, Any],
    working_day: dict[str, Any],
    width: int,
) -> None:
    from .clinic import sign_in

    audit = Audit()
    fits = Pages()

    def look(page: Page, name: str) -> None:
        audit(page, f"{name} at {width}")
        if width == WIDTH:
            fits(page, name)

    booked = working_day["booked"].request
    coordinator = make_page(viewport={"width": width, "height": 800})
    sign_in(coordinator, clinic["intake"])
    look(coordinator, "inbox: needs action")
    coordinator.goto("/clinic/?view=booked")
    look(coordinator, "inbox: evaluation booked")
    coordinator.goto(f"/clinic/requests/{booked.reference}/")
    expect(coordinator.locator("main")).to_contain_text("Try again after lunch")
    look(coordinator, "record with a contact log and an evaluation")
    coordinator.locator("summary", has_text="Close the request").click()
    look(coordinator, "record, closing opened")

    # Booking the other request with the same PT at the same time: the clash is the error.
    other = working_day["other"]
    coordinator.goto(f"/clinic/requests/{other.reference}/evaluation/")
    look(coordinator, "book the evaluation")
    starts = working_day["starts"]
    coordinator.get_by_label("Day").fill(starts.date().isoformat())
    coordinator.get_by_label("Starts at").fill("11:30")
    coordinator.get_by_label("Evaluating PT").select_option(label="Pat Example")
    with navigating(coordinator):
        coordinator.get_by_role("button", name="Book the evaluation").click()
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "Pat Example already has an evaluation from 11:00 to 12:00"
    )
    look(coordinator, "book the evaluation with a clash")

    coordinator.goto(f"/clinic/evaluations/?therapist={clinic['pt'].pk}&week={starts.date()}")
    expect(coordinator.locator(".week__item")).to_contain_text(booked.reference)
    look(coordinator, "evaluations of a therapist")
    coordinator.goto("/clinic/figures/")
    look(coordinator, "figures")

    therapist = make_page(viewport={"width": width, "height": 800})
    sign_in(therapist, clinic["pt"])
    therapist.goto(f"/clinic/evaluations/?week={starts.date()}")
    look(therapist, "my evaluations")

    family = make_page(viewport={"width": width, "height": 800})
    family.goto(intake.status_url(working_day["booked"].status_token))
    expect(family.get_by_role("heading", name="Your child's evaluation")).to_be_visible()
    look(family, "family status with the evaluation")
    with family.expect_download() as download:
        family.get_by_role("link", name=re.compile("Add it to your calendar")).click()
    assert download.value.suggested_filename == "evaluation.ics"

    audit.assert_no_violations()
    assert not fits.overflowing, f"pages wider than the phone: {fits.overflowing}"
    assert len(audit.pages) == 10, audit.pages
