"""The staff area by keyboard alone: sign in, open a request from the inbox, assign an
evaluator, and sign out, with the focus visible on every control used."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.cast import PASSWORD
from wholechild.care.models import EvaluationRequest

from .journey import navigating
from .keyboard import assert_focus_visible, tab_to


def use(page: Page, target: Any) -> None:
    tab_to(page, target)
    assert_focus_visible(page)


def test_the_intake_coordinator_triages_by_keyboard_alone(
    page: Page, clinic: dict[str, Any]
) -> None:
    waiting = EvaluationRequest.objects.order_by("urgency_rank", "created_at").first()
    assert waiting is not None
    page.goto("/clinic/")

    use(page, "Username")
    page.keyboard.type(clinic["intake"].username)
    use(page, "Password")
    page.keyboard.type(PASSWORD)
    use(page, "Sign in")
    with navigating(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests")

    use(page, waiting.reference)
    with navigating(page):
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/clinic/requests/{waiting.reference}/$"))

    use(page, "PT evaluator")
    page.keyboard.press("ArrowDown")
    use(page, "Save evaluators")
    with navigating(page):
        page.keyboard.press("Enter")
    waiting.refresh_from_db()
    assert waiting.pt_evaluator == clinic["pt"]

    use(page, "Sign out")
    with navigating(page):
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/clinic/sign-in/"))
