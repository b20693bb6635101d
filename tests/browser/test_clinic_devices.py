"""The family's pages and the staff pages on a 320-pixel phone, and the family's request with
JavaScript switched off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from wholechild.care import intake
from wholechild.care.models import Discipline, EvaluationRequest, Plan, Status

from .clinic import parent_sends_a_request, sign_in
from .journey import navigating
from .test_phone import OVERFLOWING, WIDTH


class Pages:
    """Records every page that scrolls sideways on the phone."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.overflowing: dict[str, list[str]] = {}

    def __call__(self, page: Page, name: str) -> None:
        self.seen.append(name)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTH:
            self.overflowing[f"{name} ({scroll_width}px)"] = page.evaluate(OVERFLOWING, WIDTH)


def phone(make_page: Callable[..., Page]) -> Page:
    return make_page(
        viewport={"width": WIDTH, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


def test_every_family_and_staff_page_fits_a_small_phone(
    make_page: Callable[..., Page], clinic: dict[str, Any]
) -> None:
    fits = Pages()
    family = phone(make_page)
    reference, link = parent_sends_a_request(family, fits)
    evaluation = EvaluationRequest.objects.get(reference=reference)
    evaluation.pt_evaluator = clinic["pt"]
    evaluation.ot_evaluator = clinic["ot"]
    evaluation.status = Status.EVALUATED
    evaluation.save()
    plan = Plan.objects.create(request=evaluation)
    for discipline in Discipline:
        goal = plan.goals.create(
            discipline=discipline,
            text="Climbs the stairs at the clinic holding the rail with one hand",
            baseline="Crawls up the stairs",
            measure="Stairs climbed upright in one go",
            target_date=evaluation.created_at.date(),
        )
        goal.progress.create(gas_score=1, note="A very long staff note " * 5, by_name="pt-user")
    family.goto(link)
    fits(family, "family status with a plan")

    therapist = phone(make_page)
    sign_in(therapist, clinic["pt"], fits)
    fits(therapist, "inbox")
    with navigating(therapist):
        therapist.get_by_role("link", name=reference).click()
    fits(therapist, "record")
    with navigating(therapist):
        therapist.get_by_role("link", name="Open the shared plan").click()
    fits(therapist, "plan")

    assert not fits.overflowing, f"pages wider than the phone: {fits.overflowing}"
    assert len(fits.seen) >= 9, fits.seen


def test_a_family_sends_a_request_with_javascript_switched_off(
    make_page: Callable[..., Page], clinic: dict[str, Any]
) -> None:
    page = make_page(java_script_enabled=False)

    reference, link = parent_sends_a_request(page, lambda page, name: None)

    found = EvaluationRequest.objects.get(reference=reference)
    assert intake.find_by_token(link.rstrip("/").rsplit("/", 1)[-1]) == found
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request for an evaluation")
