"""The whole loop in a real browser: a parent's check becomes a request, the clinic triages it,
the PT and the OT each add a goal and record progress, and the family follows the plan.

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

    # The PT and the OT each open the shared plan, add a goal and record progress.
    goals = {
        "pt": ("-1", "physical therapy", "Walks ten steps alone", "Somewhat less than expected"),
        "ot": ("0", "occupational therapy", "Feeds with a spoon", "As expected"),
    }
    for role, (score, discipline, goal, progress) in goals.items():
        therapist = make_page()
        sign_in(therapist, clinic[role])
        with navigating(therapist):
            therapist.get_by_role("link", name=reference).click()
        with navigating(therapist):
            therapist.get_by_role("link", name=re.compile("shared plan", re.I)).click()
        if therapist.get_by_role("button", name="Start the plan").count():
            submit(therapist, "Start the plan")
        new_goal = therapist.get_by_role("group", name=f"New {discipline} goal")
        if role == "pt":  # an empty goal first: the problems are listed and linked
            with navigating(therapist):
                new_goal.get_by_role("button", name="Add goal").click()
            expect(therapist.get_by_role("alert")).to_contain_text("Enter the goal")
            audit(therapist, "plan with a goal form error")
        new_goal.get_by_label("Goal").fill(goal)
        new_goal.get_by_label("Baseline").fill("Not yet at all")
        new_goal.get_by_label("How it is measured").fill("Observed in the session")
        new_goal.get_by_label("Target date").fill(TARGET)
        with navigating(therapist):
            new_goal.get_by_role("button", name="Add goal").click()
        card = therapist.get_by_role("article", name=goal)
        if role == "pt":  # the goal's own page to edit its words, and back to the plan
            with navigating(therapist):
                card.get_by_role("link", name=f"Edit this goal – {goal}").click()
            expect(therapist.get_by_role("heading", level=1)).to_have_text(
                f"Edit this {discipline} goal"
            )
            expect(therapist.get_by_label("Goal")).to_have_value(goal)
            audit(therapist, "edit goal")
            with navigating(therapist):
                therapist.get_by_role("link", name="Cancel").click()
            card = therapist.get_by_role("article", name=goal)
        expect(card.get_by_role("group", name=f"Record progress: {goal}")).to_be_visible()
        expect(card.get_by_label(f"State of: {goal}")).to_be_visible()
        card.get_by_label("GAS score").select_option(value=score)
        card.get_by_label("Note").fill(f"Staff-only note from {role}")
        with navigating(therapist):
            card.get_by_role("button", name="Save progress").click()
        expect(therapist.get_by_role("article", name=goal)).to_contain_text(progress)
        audit(therapist, f"plan ({role})")

    # Both goals sit in the one plan, and the family sees them in plain words, without notes.
    family.goto(status_link)
    expect(family.get_by_role("heading", level=1)).to_have_text("Your request for an evaluation")
    in_family_words = {"-1": "Getting there, a little slower than we hoped", "0": "On track"}
    for score, _discipline, goal, _progress in goals.values():
        expect(family.get_by_text(goal)).to_be_visible()
        expect(family.locator("main")).to_contain_text(in_family_words[score])
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
