"""The plan of care in a real browser: a plan of eight goals (PT, OT and shared, each with its
five levels) printed to PDF on A4 and on US Letter takes one to three pages, and the page has
no axe violation at 1280 pixels."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import NOT_WALKING, family_details
from wholechild.care import actions, intake
from wholechild.care.models import Attendance, Discipline, GoalDiscipline, Status

from .clinic import plan_started_by, sign_in
from .test_accessibility import Audit

PAPERS = ("A4", "Letter")
SHOTS = os.environ.get("WHOLECHILD_SHOTS")

# Eight goals as therapists write them: the goal, then its five levels, −2 to +2.
GOALS: list[tuple[GoalDiscipline, str, tuple[str, str, str, str, str]]] = [
    (
        GoalDiscipline.PT,
        "Walks ten steps on her own across the living room without holding on",
        (
            "Takes no steps without holding on to furniture or a hand",
            "Takes 1 to 4 steps alone before sitting down or reaching for support",
            "Takes 10 steps alone on a flat floor, 3 times out of 4",
            "Walks 10 steps alone and turns round without falling",
            "Walks across the room and back, carrying a small toy",
        ),
    ),
    (
        GoalDiscipline.PT,
        "Climbs the three steps at home holding the rail, with someone beside her",
        (
            "Crawls up the steps only",
            "Steps up one step holding the rail and a hand",
            "Climbs three steps holding the rail, with someone beside her",
            "Climbs three steps holding the rail, no one beside her",
            "Climbs and comes down three steps holding the rail",
        ),
    ),
    (
        GoalDiscipline.PT,
        "Stands up from the floor in the middle of the room without pulling on furniture",
        (
            "Pulls up on furniture only",
            "Stands up from the floor with one hand on a low box",
            "Stands up from the floor with no support, 2 times out of 3",
            "Stands up from the floor with no support every time",
            "Stands up from the floor while holding a toy in both hands",
        ),
    ),
    (
        GoalDiscipline.OT,
        "Feeds herself with a spoon for half of her lunch",
        (
            "Uses her fingers; drops the spoon when given it",
            "Brings a loaded spoon to her mouth with help to load it",
            "Loads and eats with the spoon for half of lunch, some spills",
            "Eats the whole lunch with the spoon, some spills",
            "Eats the whole lunch with the spoon, hardly any spills",
        ),
    ),
    (
        GoalDiscipline.OT,
        "Drinks from an open cup held in both hands",
        (
            "Drinks only from a bottle or a spouted cup",
            "Drinks from an open cup when an adult holds it",
            "Holds an open cup in both hands and drinks, some spills",
            "Drinks from an open cup and puts it down on the table",
            "Drinks from an open cup in one hand",
        ),
    ),
    (
        GoalDiscipline.OT,
        "Stacks three blocks and puts shapes into a shape sorter",
        (
            "Bangs blocks together; does not stack",
            "Stacks two blocks",
            "Stacks three blocks and posts the circle and the square",
            "Stacks four blocks and posts three shapes",
            "Stacks five blocks and posts every shape",
        ),
    ),
    (
        GoalDiscipline.BOTH,
        "Pulls up her trousers while standing, with one hand on the wall",
        (
            "Sits or lies down to be dressed",
            "Stands holding the wall while an adult pulls them up",
            "Pulls them up with one hand while the other holds the wall",
            "Pulls them up with both hands, leaning on the wall",
            "Pulls them up standing, without leaning",
        ),
    ),
    (
        GoalDiscipline.BOTH,
        "Plays standing at the low table for five minutes",
        (
            "Plays sitting only",
            "Stands at the table for under a minute, then sits",
            "Stands and plays for five minutes, holding on with one hand",
            "Stands and plays for five minutes with both hands free",
            "Stands and plays for ten minutes, stepping along the table",
        ),
    ),
]


def pages_of(pdf: bytes) -> int:
    """The number of pages of a PDF, from its page objects (Chromium writes them plainly)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def eight_goal_plan(clinic: dict[str, Any]) -> actions.Sent:
    """A child evaluated by the PT and the OT, with both parts of the plan of care written,
    eight goals, a visit, a home activity and a review date, all through the actions."""
    pt, ot = clinic["pt"], clinic["ot"]
    sent = actions.do_submit_request(
        details=family_details(), screening=NOT_WALKING, submission_key="plan-of-care"
    )
    request = sent.request
    actions.do_assign(request, pt=pt, ot=ot, by=clinic["intake"])
    actions.do_move_status(request, to=Status.EVALUATED, by=clinic["intake"])
    actions.do_start_plan(request, by=pt)
    actions.do_update_plan_discipline(
        request,
        discipline=Discipline.PT,
        findings=(
            "Mia pulls to stand and cruises along furniture in both directions, but does not "
            "yet take steps on her own. Low muscle tone in the trunk and hips; she tires after "
            "a few minutes of standing. Balance reactions are emerging in sitting and kneeling."
        ),
        sessions_per_week=2,
        weeks=12,
        minutes=45,
        by=pt,
    )
    actions.do_update_plan_discipline(
        request,
        discipline=Discipline.OT,
        findings=(
            "Reaches and grasps with either hand and passes toys between hands. Uses a raking "
            "grasp for small food; a pincer grasp is starting. Needs full help with dressing "
            "and feeding with a spoon."
        ),
        sessions_per_week=1,
        weeks=12,
        minutes=45,
        by=ot,
    )
    actions.do_set_review_date(request, review_date=date.today() + timedelta(weeks=6), by=pt)
    goals = []
    for number, (discipline, text, levels) in enumerate(GOALS):
        goals.append(
            actions.do_add_goal(
                request,
                discipline=discipline,
                text=text,
                baseline=levels[0],
                measure="Observed in the session and told by the family",
                target_date=date.today() + timedelta(weeks=12),
                level_much_less=levels[0],
                level_less=levels[1],
                level_expected=levels[2],
                level_more=levels[3],
                level_much_more=levels[4],
                importance=1 + number % 3,
                difficulty=1 + number % 2,
                by=ot if discipline == GoalDiscipline.OT else pt,
            )
        )
    actions.do_record_visit(
        request,
        on=date.today(),
        discipline=GoalDiscipline.BOTH,
        attendance=Attendance.ATTENDED,
        worked_on="Standing and stepping games",
        levels={goal.pk: -1 for goal in goals[:5]},
        by=pt,
    )
    actions.do_add_home_activity(
        goals[0],
        what="Hold both her hands and walk her from the sofa to the kitchen",
        how_often="Three times a day, a few minutes each time",
        watch_for="Her feet turning in when she is tired: stop and play sitting down",
        by=pt,
    )
    return sent


@pytest.fixture
def staff_page(make_page: Callable[..., Page]) -> Page:
    return make_page(viewport={"width": 1280, "height": 900})


def test_the_plan_of_care_of_eight_goals_prints_on_one_to_three_pages(
    staff_page: Page, clinic: dict[str, Any]
) -> None:
    reference = eight_goal_plan(clinic).request.reference
    audit = Audit()
    sign_in(staff_page, clinic["pt"])

    staff_page.goto(f"/clinic/requests/{reference}/plan/of-care/")

    expect(staff_page.get_by_role("heading", level=1)).to_contain_text("Plan of care")
    expect(staff_page.get_by_role("heading", level=4)).to_have_count(8)
    audit(staff_page, "plan of care")
    audit.assert_no_violations()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        staff_page.screenshot(path=Path(SHOTS) / "plan-of-care-1280.png", full_page=True)
    counted = {}
    for paper in PAPERS:
        pdf = staff_page.pdf(format=paper, print_background=True)
        counted[paper] = pages_of(pdf)
        if SHOTS:
            (Path(SHOTS) / f"plan-of-care-{paper}.pdf").write_bytes(pdf)
    if SHOTS:  # the printed layout, unpaginated, at A4's width less its margins
        staff_page.emulate_media(media="print")
        staff_page.set_viewport_size({"width": 688, "height": 1000})
        staff_page.screenshot(path=Path(SHOTS) / "plan-of-care-print.png", full_page=True)
    for paper, pages in counted.items():
        assert 1 <= pages <= 3, f"{paper}: {pages} pages ({counted})"


@pytest.mark.parametrize("discharged", [False, True], ids=["in-therapy", "discharged"])
def test_the_familys_plan_has_no_violation_at_320_and_1280_px(
    make_page: Callable[..., Page], clinic: dict[str, Any], discharged: bool
) -> None:
    sent = eight_goal_plan(clinic)
    if discharged:
        actions.do_discharge(
            sent.request,
            recommendations="Keep up the walks to the park every day.",
            reason="goals-met",
            by=clinic["pt"],
        )
    audit = Audit()

    for width in (320, 1280):
        family = make_page(viewport={"width": width, "height": 800})
        family.goto(intake.status_url(sent.status_token))
        main = family.locator("main")
        expect(main).to_contain_text("Shared goals")
        expect(main).to_contain_text("Getting closer")
        if discharged:
            expect(main).to_contain_text("did not reach their goals as far as we hoped")
            expect(main).not_to_contain_text("Things to do at home")
        else:
            expect(main).to_contain_text("Things to do at home")
        expect(main).not_to_contain_text("Standing and stepping games")  # the visit's note
        assert family.evaluate("document.documentElement.scrollWidth") <= width
        audit(family, f"family plan at {width}")
        if SHOTS:
            name = f"family-plan-{'discharged' if discharged else 'in-therapy'}-{width}.png"
            family.screenshot(path=Path(SHOTS) / name, full_page=True)
    audit.assert_no_violations()


def test_a_plan_of_care_not_ready_to_sign_says_so_and_passes_the_audit(
    make_page: Callable[..., Page], clinic: dict[str, Any]
) -> None:
    pt = clinic["pt"]
    evaluation = plan_started_by(pt, NOT_WALKING, "draft")
    audit = Audit()
    for width in (320, 1280):
        page = make_page(viewport={"width": width, "height": 900})
        sign_in(page, pt, start=f"/clinic/requests/{evaluation.reference}/plan/of-care/")

        note = page.get_by_role("note", name="Draft: not ready to sign yet")
        expect(note).to_contain_text("Physical therapy: the findings and the frequency")
        expect(note).to_contain_text("The goals: none has been written")
        expect(page.get_by_role("button", name="Print the plan of care")).to_be_visible()
        audit(page, f"plan of care, a draft, {width} px")
        page.context.close()
    audit.assert_no_violations()
