"""axe-core finds no WCAG 2.2 A or AA failure on the pages issue 10 added or changed: the results
for each kind of answer, the footer's pages, and the family's status page with a plan; each at
a phone's width and a desktop's, and the start page's "Start now" on a phone's first screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, intake
from wholechild.care import models as care
from wholechild.care.models import ClinicSettings, EvaluationRequest, Status

from .journey import walk
from .test_accessibility import Audit
from .test_results_page import BOTH, OT_ONLY, PT_ONLY, URGENT, shoot

WIDTHS = (320, 1280)


@pytest.fixture
def audit() -> Audit:
    return Audit()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "child", [PT_ONLY, OT_ONLY, BOTH, URGENT], ids=["pt", "ot", "both", "urgent"]
)
def test_the_results_have_no_violation_at_either_width(
    make_page: Callable[..., Page], audit: Audit, child: object, width: int
) -> None:
    page = make_page(viewport={"width": width, "height": 800})
    walk(page, child)  # type: ignore[arg-type]

    audit(page, f"results at {width}")
    page.locator(".about summary").first.click()  # what you told us, opened
    audit(page, f"results at {width}, answers open")
    audit.assert_no_violations()


@pytest.mark.parametrize("url", ["/privacy/", "/accessibility/", "/contact/"])
def test_the_footer_pages_have_no_violation(
    make_page: Callable[..., Page], audit: Audit, url: str, transactional_db: None
) -> None:
    ClinicSettings.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Brightside Children's Therapy",
            "phone": "555 0100",
            "email": "hello@example.org",
            "address": "1 Main Street\nSpringfield",
            "opening_hours": "Monday to Friday, 8am to 6pm",
            "website": "https://brightside.example.org",
        },
    )
    for width in WIDTHS:
        page = make_page(viewport={"width": width, "height": 800})
        page.goto(url)
        audit(page, f"{url} at {width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    audit.assert_no_violations()


def test_the_status_page_with_a_plan_has_no_violation(
    make_page: Callable[..., Page], audit: Audit, transactional_db: None
) -> None:
    sent = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="status-with-a-plan"
    )
    EvaluationRequest.objects.filter(pk=sent.request.pk).update(status=Status.IN_THERAPY)
    plan = care.Plan.objects.create(request=sent.request)
    for discipline, words, scores in (
        (care.Discipline.OT, "Holds a pencil with a tripod grip", (-1, 0)),
        (care.Discipline.PT, "Climbs the stairs at school with one hand on the rail", ()),
    ):
        goal = care.Goal.objects.create(
            plan=plan,
            discipline=discipline,
            text=words,
            baseline="-",
            measure="-",
            target_date=date(2027, 6, 30),
            state=care.GoalState.PROPOSED,
        )
        for score in scores:
            care.ProgressEntry.objects.create(goal=goal, gas_score=score, by_name="OT")
    for width in WIDTHS:
        page = make_page(viewport={"width": width, "height": 800})
        page.goto(intake.status_url(sent.status_token))
        main = page.locator("main")
        expect(main).to_contain_text("Working on it now")  # a suggested goal with progress
        expect(main).to_contain_text("About where we hoped")
        expect(main).not_to_contain_text("than expected")
        audit(page, f"status at {width}")
        shoot(page, f"status-with-a-plan-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    audit.assert_no_violations()


def test_start_now_is_on_a_small_phones_first_screen(make_page: Callable[..., Page]) -> None:
    page = make_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page.goto("/")

    start = page.get_by_role("button", name="Start now")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 640, box
