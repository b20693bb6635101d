"""A family withdraws their request in a real browser, with and without JavaScript: the button
is pressed, the CSRF check passes, and the status page says it is withdrawn."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, intake
from wholechild.care.models import EvaluationRequest, Status

from .journey import navigating


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_family_withdraws_their_request_and_sees_it_withdrawn(
    make_page: Callable[..., Page], transactional_db: None, javascript: bool
) -> None:
    sent = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="withdraw-in-browser"
    )
    family = make_page(java_script_enabled=javascript)
    family.goto(intake.status_url(sent.status_token))
    with navigating(family):
        family.get_by_role("link", name="Withdraw your request").click()

    with navigating(family):
        family.get_by_role("button", name="Yes, withdraw my request").click()

    expect(family.get_by_role("heading", level=1)).not_to_contain_text("Forbidden")
    expect(family.locator("main")).to_contain_text("You withdrew this request")
    stored = EvaluationRequest.objects.get(pk=sent.request.pk)
    assert stored.status == Status.WITHDRAWN
    assert stored.parent_name == ""
