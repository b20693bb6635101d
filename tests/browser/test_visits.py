"""The visits page of a long plan, in Chromium at 320 and 1280 px: the attendance against the
plan, twenty visits to a page, the links to the older ones, and no accessibility violation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.cast import HANDWRITING
from wholechild.care import actions
from wholechild.care.models import Discipline

from .clinic import plan_started_by, sign_in
from .journey import navigating
from .test_accessibility import Audit


def test_a_long_plans_visits_come_twenty_to_a_page_with_the_attendance_above(
    make_page: Callable[..., Page], clinic: dict[str, Any]
) -> None:
    pt = clinic["pt"]
    evaluation = plan_started_by(pt, HANDWRITING, "visits")
    actions.do_update_plan_discipline(
        evaluation,
        discipline=Discipline.PT,
        findings="Cruises",
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=pt,
    )
    for number in range(25):
        actions.do_record_visit(
            evaluation,
            on=date.today() - timedelta(days=number * 3),
            discipline=Discipline.PT,
            attendance="attended" if number % 5 else "no-show",
            worked_on="Walking",
            levels={},
            by=pt,
        )
    audit = Audit()
    for width in (320, 1280):
        page = make_page(viewport={"width": width, "height": 900})
        sign_in(page, pt, start=f"/clinic/requests/{evaluation.reference}/plan/visits/")

        expect(page.locator(".attendance")).to_contain_text(
            "20 visits attended of 24 planned; 0 cancelled, 5 missed"
        )
        expect(page.locator(".visit-record")).to_have_count(20)
        audit(page, f"visits, {width} px")
        with navigating(page):
            page.get_by_role("link", name="Older visits").click()
        expect(
            page.get_by_role("heading", name="Visits 21 to 25 of 25, newest first")
        ).to_be_visible()
        expect(page.locator(".visit-record")).to_have_count(5)
        expect(page.get_by_role("navigation", name="Pages of visits")).not_to_contain_text("{#")
        audit(page, f"visits, the older ones, {width} px")
        page.context.close()
    audit.assert_no_violations()
