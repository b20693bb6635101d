"""The whole loop in a real browser: a parent's check becomes a request, the clinic triages it,
the PT and the OT each write a goal with its levels, share a third, record a visit and add a home
activity, and the family follows the plan.

Each person has their own browser profile (their own cookies), as they would on their own
device. axe-core looks at every staff and family page on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from wholechild.care.models import AuditAction, AuditEvent, EvaluationRequest

from .clinic import TARGET, parent_sends_a_request, sign_in, submit
from .journey import navigating
from .test_accessibility import Audit


@pytest.fixture
def audit() -> Audit:
    return Audit()


def test_a_request_goes_from_the_parent_through_the_clinic_to_a_shared_plan(
    make_page: Callable[..., Page], clinic: dict[str, Any], audit: Audit
) -> None:
    # The parent completes the check and sends a request.
    reference, status_link = parent_sends_a_request(make_page(), audit)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference), reference
    assert "Mia" not in status_link and "Robin" not in status_link
    assert EvaluationRequest.objects.get(reference=reference).urgency == "soon"

    # Until the evaluation the family may withdraw: the page that asks them to confirm.
    family = make_page()
    family.goto(status_link)
    with navigating(family):
        family.get_by_role("link", name="Withdraw your request").click()
    audit(family, "family withdraw")

    # The intake coordinator finds it first in the inbox, assigns a PT and an OT, and moves
    # it along to "evaluated".
    coordinator = make_page()
    sign_in(coordinator, clinic["intake"], audit)
    audit(coordinator, "inbox")
    first_row = coordinator.get_by_role("table").get_by_role("row").nth(1)
    expect(first_row).to_contain_text(reference)
    with navigating(coordinator):
        first_row.get_by_role("link", name=reference).click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Mia")
    audit(coordinator, "record")
    coordinator.get_by_label("PT evaluator").select_option(label="Pat Example")
    coordinator.get_by_label("OT evaluator").select_option(label="Otto Example")
    submit(coordinator, "Save evaluators")
    submit(coordinator, "Contacted")
    # The evaluation is booked on its own page, with the evaluators already chosen.
    with navigating(coordinator):
        coordinator.get_by_role("link", name="Book the evaluation").click()
    coordinator.get_by_label("Day").fill(TARGET)
    coordinator.get_by_label("Starts at").fill("10:00")
    audit(coordinator, "book the evaluation")
    submit(coordinator, "Book the evaluation")
    expect(coordinator.get_by_role("status")).to_contain_text("Evaluation booked.")
    submit(coordinator, "Evaluated")
    history = coordinator.get_by_role("region", name="History")
    expect(history).to_contain_text("Evaluated")
    expect(history).to_contain_text("Ines Example")
    # Closing without a reason or the tick shows the problems, linked to their controls.
    coordinator.locator("summary", has_text="Close the request").click()
    closing = coordinator.locator(".move__form", has_text="Reason for closing")
    with navigating(coordinator):
        closing.get_by_role("button", name="Close the request").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Enter the reason for closing")
    expect(coordinator.get_by_role("alert")).to_contain_text("I have checked this is right")
    audit(coordinator, "record with a form error")
    assert EvaluationRequest.objects.get(reference=reference).status == "evaluated"

    # The PT and the OT each open the shared plan, write a goal with its five levels, record a
    # visit with the level reached, and give the family something to do at home; the OT also
    # writes a goal they share.
    goals = {
        "pt": ("-1", "Physical therapy", "Walks ten steps alone", "Somewhat less than expected"),
        "ot": ("0", "Occupational therapy", "Feeds with a spoon", "As expected"),
    }
    shared = "Gets dressed standing up"
    for role, (score, discipline, goal, progress) in goals.items():
        therapist = make_page()
        sign_in(therapist, clinic[role])
        with navigating(therapist):
            therapist.get_by_role("link", name=reference).click()
        with navigating(therapist):
            therapist.get_by_role("link", name=re.compile("shared plan", re.I)).click()
        if therapist.get_by_role("button", name="Start the plan").count():
            submit(therapist, "Start the plan")
        written = [(goal, discipline)] + ([(shared, "Shared")] if role == "ot" else [])
        for text, whose in written:
            with navigating(therapist):
                therapist.get_by_role("link", name="Add a goal").click()
            if role == "pt":  # an empty goal first: the problems are listed and linked
                submit(therapist, "Add goal")
                expect(therapist.get_by_role("alert")).to_contain_text("Enter the goal")
                expect(therapist.get_by_role("alert")).to_contain_text("Describe level −1")
                audit(therapist, "new goal with errors")
            therapist.get_by_role("radio", name=re.compile(whose)).check()
            therapist.get_by_label("Goal", exact=True).fill(text)
            therapist.get_by_label("Baseline", exact=True).fill("Not yet at all")
            therapist.get_by_label("How it is measured").fill("Observed in the session")
            therapist.get_by_label("Target date").fill(TARGET)
            for level, words in zip(
                ("−2", "−1", "0", "+1", "+2"),
                ("Not yet", "With a lot of help", "With a little help", "Alone", "Alone, fast"),
                strict=True,
            ):
                therapist.get_by_label(re.compile(f"^{re.escape(level)}: ")).fill(words)
            submit(therapist, "Add goal")
            expect(therapist.get_by_role("article", name=text)).to_be_visible()
        card = therapist.get_by_role("article", name=goal)
        if role == "pt":  # the goal's own page to edit its words, and back to the plan
            with navigating(therapist):
                card.get_by_role("link", name=f"Edit this goal and its levels – {goal}").click()
            expect(therapist.get_by_role("heading", level=1)).to_have_text(
                "Edit this physical therapy goal"
            )
            expect(therapist.get_by_label("Goal", exact=True)).to_have_value(goal)
            audit(therapist, "edit goal")
            with navigating(therapist):
                therapist.get_by_role("link", name="Cancel").click()
            card = therapist.get_by_role("article", name=goal)
        with navigating(therapist):  # the goal's own page: its levels, details and state
            card.get_by_role("link", name=f"The goal's levels, details and state – {goal}").click()
        expect(therapist.get_by_label(f"State of: {goal}")).to_be_visible()
        audit(therapist, f"goal page ({role})")
        with navigating(therapist):
            therapist.get_by_role("link", name="Back to the plan").click()
        # A visit, with the level reached on the goal and a note only staff see.
        with navigating(therapist):
            therapist.get_by_role("link", name="Record a visit").click()
        therapist.get_by_role("radio", name="Attended").check()
        therapist.get_by_label("What was worked on").fill(f"Staff-only note from {role}")
        therapist.get_by_label(f"Level reached: {goal}").select_option(value=score)
        audit(therapist, f"record a visit ({role})")
        submit(therapist, "Save the visit")
        card = therapist.get_by_role("article", name=goal)
        expect(card).to_contain_text(progress)
        # Something for the family to do at home, for this goal.
        with navigating(therapist):
            card.get_by_role("link", name=f"Add a home activity – {goal}").click()
        therapist.get_by_label("What to do").fill(f"Home practice for {goal.lower()}")
        therapist.get_by_label("How often").fill("Five minutes, twice a day")
        submit(therapist, "Add the activity")
        expect(therapist.get_by_role("article", name=goal)).to_contain_text("Home practice")
        audit(therapist, f"plan ({role})")

    # The goals sit in the one plan, and the family sees them in plain words, with the home
    # program and without any note.
    family.goto(status_link)
    expect(family.get_by_role("heading", level=1)).to_have_text("Your child's therapy")
    for _score, _discipline, goal, _progress in goals.values():
        expect(family.get_by_text(goal, exact=True).first).to_be_visible()
        expect(family.locator("main")).to_contain_text(f"Home practice for {goal.lower()}")
    expect(family.get_by_text(shared, exact=True).first).to_be_visible()
    expect(family.locator("main")).not_to_contain_text("than expected")  # the clinic's words
    expect(family.locator("main")).not_to_contain_text("Staff-only note")
    audit(family, "family status with a plan")
    # Once evaluated, the record is the clinic's to keep: no withdrawal, but how to stop.
    expect(family.get_by_role("link", name="Withdraw your request")).to_have_count(0)
    expect(family.get_by_role("heading", name="If you want to stop")).to_be_visible()

    # Every view and change was audited, with the reference and never the child's name.
    events = AuditEvent.objects.filter(target=reference)
    actions = set(events.values_list("action", flat=True))
    assert {AuditAction.RECORD_VIEWED, AuditAction.RECORD_CHANGED} <= actions
    assert {AuditAction.PLAN_VIEWED, AuditAction.PLAN_CHANGED} <= actions
    assert not [e.detail for e in events if "Mia" in e.detail or "Robin" in e.detail]

    audit.assert_no_violations()


def test_the_administrators_pages_have_no_accessibility_violation(
    make_page: Callable[..., Page], clinic: dict[str, Any], audit: Audit
) -> None:
    admin = make_page()
    sign_in(admin, clinic["admin"], audit, device=clinic["device"], start="/clinic/staff/")
    with navigating(admin):
        admin.get_by_role("link", name="Staff", exact=True).click()
    audit(admin, "staff accounts")
    with navigating(admin):
        admin.get_by_role("link", name=re.compile("Pat Example|pt-user")).first.click()
    audit(admin, "staff account")
    with navigating(admin):
        admin.get_by_role("link", name="Audit log").click()
    audit(admin, "audit log")
    with navigating(admin):
        admin.get_by_role("link", name="Settings").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Settings")
    audit(admin, "settings")
    with navigating(admin):
        admin.get_by_role("link", name="Two-factor").click()
    audit(admin, "two-factor on")

    # A therapist setting up two-factor sees the QR code and the key.
    therapist = make_page()
    sign_in(therapist, clinic["pt"], audit)
    audit(therapist, "inbox (empty)")
    with navigating(therapist):
        therapist.get_by_role("link", name="Two-factor").click()
    expect(therapist.locator("svg")).to_have_count(1)
    audit(therapist, "two-factor setup")
    with navigating(therapist):
        therapist.get_by_role("link", name="Password").click()
    audit(therapist, "change password")
    with navigating(therapist):
        therapist.get_by_role("button", name="Change password").click()
    expect(therapist.get_by_role("alert")).to_contain_text("There is a problem")
    audit(therapist, "change password with errors")

    audit.assert_no_violations()
    assert len(audit.pages) >= 9, audit.pages
