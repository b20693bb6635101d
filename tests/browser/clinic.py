"""Helpers for the clinic's browser tests: signing staff in, and a parent sending a request."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.cast import PASSWORD, family_details, totp_code

from .journey import NOT_WALKING_AT_20_MONTHS, navigating, walk

TARGET = (date.today() + timedelta(weeks=12)).isoformat()


def plan_started_by(pt: Any, screening: dict[str, Any], key: str) -> Any:
    """A family's request the PT has evaluated, with its plan started, through the actions:
    the request."""
    from wholechild.care import actions
    from wholechild.care.models import Status

    evaluation = actions.do_submit_request(
        details=family_details(), screening=screening, submission_key=key, notify=False
    ).request
    evaluation.pt_evaluator = pt
    evaluation.status = Status.EVALUATED
    evaluation.save(update_fields=["pt_evaluator", "status"])
    actions.do_start_plan(evaluation, by=pt)
    return evaluation


def sign_in(
    page: Page, user: Any, audit: Any = None, device: Any = None, start: str = "/clinic/"
) -> None:
    page.goto(start)
    expect(page).to_have_url(re.compile(r"/clinic/sign-in/"))
    if audit:
        audit(page, "sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    with navigating(page):
        page.get_by_role("button", name="Sign in").click()
    if device is not None:
        if audit:
            audit(page, "two-factor code")
        page.get_by_label("Code from your authenticator app").fill(totp_code(device))
        with navigating(page):
            page.get_by_role("button", name=re.compile("Continue|Sign in|Confirm")).click()


def submit(page: Page, button: str) -> None:
    with navigating(page):
        page.get_by_role("button", name=button).click()


def parent_sends_a_request(page: Page, audit: Any) -> tuple[str, str]:
    walk(page, NOT_WALKING_AT_20_MONTHS)
    with navigating(page):
        page.get_by_role("button", name="Ask for an evaluation").click()
    audit(page, "family details")
    submit(page, "Continue")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    audit(page, "family details with errors")

    page.get_by_label("Your full name").fill("Robin Example")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Language you would like to use").fill("English")
    page.get_by_label("Your child's first name").fill("Mia")
    born = date.today() - timedelta(days=20 * 30 + 10)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label(re.compile("I agree")).check()
    submit(page, "Continue")
    audit(page, "family check your details")
    submit(page, "Send your request")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    audit(page, "family request sent")
    reference = page.locator(".reference").inner_text().strip()
    link = page.locator(".status-link a").get_attribute("href") or ""
    return reference, link
