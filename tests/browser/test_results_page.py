"""The results as a parent and a doctor meet them, in a real browser: the answer first at a
phone's width, the milestone picture and its table, the printed page on A4 and US Letter, the
calendar reminder, and a request whose date of birth contradicts the check."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from wholechild.web import journey as app_journey

from .journey import LOST_SKILLS, WALKS_ALONE, Child, months_ago, navigating, step_of, walk
from .test_accessibility import Audit

HANDWRITING = "Handwriting, holding a pencil or using scissors"
HAND_STRENGTH = "Hand strength, grip, buttons and zippers"
PT_ONLY = Child(not_yet=(WALKS_ALONE,))
OT_ONLY = Child(years="7", months="0", concerns=(HANDWRITING, HAND_STRENGTH))
BOTH = Child(concerns=("Balance and coordination", HAND_STRENGTH))
URGENT = Child(not_yet=(WALKS_ALONE,), red_flags=(LOST_SKILLS,))
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
# The printed page: one page for the doctor, two at most (issue 10), on either paper.
PAPERS = ("A4", "Letter")
SHOTS = os.environ.get("WHOLECHILD_SHOTS")


@pytest.fixture
def phone(make_page: Callable[..., Page]) -> Page:
    return make_page(**PHONE)


def shoot(page: Page, name: str) -> None:
    """A screenshot of the whole page to look at, when WHOLECHILD_SHOTS names a folder."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SHOTS) / f"{name}.png", full_page=True)


def top(target: Locator) -> float:
    box = target.bounding_box()
    assert box is not None, f"{target} is not on the page"
    return float(box["y"])


def assert_in_order(*targets: Locator) -> None:
    tops = [top(target) for target in targets]
    assert tops == sorted(tops), f"not in this order on the page: {targets} at {tops}"


def heading(page: Page, words: str) -> Locator:
    return page.get_by_role("heading", name=re.compile(words))


def card(page: Page, discipline: str) -> Locator:
    return page.get_by_role("region", name=re.compile(f"^{discipline}"))


def line(page: Page, discipline: str) -> Locator:
    return page.locator(".result-line", has_text=f"{discipline}:")


def pages_of(pdf: bytes) -> int:
    """The number of pages of a PDF, from its page objects (Chromium writes them plainly)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


# --- Answer first ----------------------------------------------------------------------------


def test_a_pt_answer_leads_with_pt_and_says_ot_in_a_line(phone: Page) -> None:
    walk(phone, PT_ONLY)

    answer = phone.get_by_role("heading", level=1)
    expect(answer).to_have_text("Physical therapy could help your child")
    assert_in_order(
        answer,
        heading(phone, "Book an evaluation now, rather than wait and see"),
        card(phone, "Physical therapy"),
        line(phone, "Occupational therapy"),
        heading(phone, "^What to do next$"),
    )
    expect(card(phone, "Occupational therapy")).to_have_count(0)
    assert top(answer) < 640, "the answer is on the first screen"


def test_an_ot_answer_leads_with_ot_and_says_pt_in_a_line(phone: Page) -> None:
    walk(phone, OT_ONLY)

    answer = phone.get_by_role("heading", level=1)
    expect(answer).to_have_text("Occupational therapy could help your child")
    assert_in_order(
        answer,
        card(phone, "Occupational therapy"),
        line(phone, "Physical therapy"),
        heading(phone, "^What to do next$"),
    )
    expect(card(phone, "Physical therapy")).to_have_count(0)
    expect(phone.locator(".care-card")).to_have_count(0)
    # The card that matters is near the top: not a screen and a half down, below PT's.
    assert top(card(phone, "Occupational therapy")) < 640


def test_a_both_answer_shows_both_cards_before_what_to_do(phone: Page) -> None:
    walk(phone, BOTH)

    answer = phone.get_by_role("heading", level=1)
    expect(answer).to_have_text(
        "Physical therapy and occupational therapy could both help your child"
    )
    assert_in_order(
        answer,
        card(phone, "Physical therapy"),
        card(phone, "Occupational therapy"),
        heading(phone, "^What to do next$"),
    )
    expect(phone.locator(".result-line")).to_have_count(0)


def test_an_urgent_answer_leads_with_the_doctor_and_offers_the_evaluation_after(
    phone: Page,
) -> None:
    walk(phone, URGENT)

    answer = phone.get_by_role("heading", level=1)
    expect(answer).to_have_text("Talk to your child's doctor today, before any therapy")
    ask = phone.get_by_role("button", name="Ask for an evaluation")
    assert_in_order(
        answer,
        heading(phone, "Urgent advice: Call your child's doctor today"),
        heading(phone, "^What to do next$"),
        phone.get_by_text("Call your child’s doctor today. A doctor needs to see your child"),
        ask,
        heading(phone, "^After the doctor$"),
    )
    expect(ask).to_have_class(re.compile("button--secondary"))
    expect(phone.get_by_text("could both help")).to_have_count(0)
    expect(phone.get_by_role("heading", name="While you wait")).to_have_count(0)


# --- The milestone picture -------------------------------------------------------------------


def test_the_picture_reads_at_320_px_and_has_a_table_for_screen_readers(phone: Page) -> None:
    hands = walk(phone, PT_ONLY)

    # Folded on screen, so the answer and what to do stay near the top: opened on purpose.
    picture = phone.locator("svg.picture__svg")
    expect(picture).to_be_hidden()
    expect(phone.get_by_role("table", name=re.compile("What you answered"))).to_have_count(0)
    phone.get_by_text("See them beside the usual ages").click()
    expect(picture).to_be_visible()
    shoot(phone, "results-picture-open-320")
    expect(picture).to_have_attribute("aria-hidden", "true")
    box = picture.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320

    table = phone.get_by_role("table", name=re.compile("What you answered"))
    expect(table).to_have_count(1)
    expect(table).to_contain_text("Your child: 20 months")
    expect(table.get_by_role("row")).to_have_count(len(hands.asked) + 1)  # and the heading
    walking = table.get_by_role("row", name=re.compile("^Walks without holding on"))
    expect(walking.get_by_role("cell")).to_have_text(
        ["Not yet", "18 months", "8.2 and 17.6 months"]
    )
    # The answers by shape and word, in the picture itself: never by colour alone.
    expect(picture.locator('use[href="#pic-not-yet"]')).to_have_count(1)
    expect(picture.locator("text.pic-label--not-yet", has_text="Not yet:")).to_have_count(1)
    expect(picture.locator('use[href="#pic-yes"]')).to_have_count(len(hands.asked) - 1)


def test_the_picture_shows_the_corrected_age_as_a_second_line(page: Page) -> None:
    walk(page, Child(years="0", months="9", born_early="Yes, before 37 weeks", weeks="30"))

    picture = page.locator("svg.picture__svg")
    expect(picture.locator("line.pic-age")).to_have_count(2)
    expect(picture.locator("line.pic-age--corrected")).to_have_count(1)
    expect(picture).to_contain_text("From the due date: 6.7 months")


# --- The page for the doctor -----------------------------------------------------------------


@pytest.mark.parametrize(
    "child", [PT_ONLY, URGENT, OT_ONLY, BOTH], ids=["pt", "urgent", "ot", "both"]
)
def test_the_printed_page_is_one_page_on_a4_and_letter(page: Page, child: Child) -> None:
    walk(page, child)

    for paper in PAPERS:
        pdf = page.pdf(format=paper, print_background=True)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            (Path(SHOTS) / f"print-{child.concerns or child.not_yet}-{paper}.pdf").write_bytes(pdf)
        assert 1 <= pages_of(pdf) <= 2, f"{paper}: {pages_of(pdf)} pages"
        assert pages_of(pdf) == 1, f"{paper}: {pages_of(pdf)} pages, where one has been enough"


def test_the_printed_page_gives_the_doctor_the_facts_and_leaves_the_rest(page: Page) -> None:
    walk(page, PT_ONLY)
    page.emulate_media(media="print")

    facts = page.locator(".doctor-facts")
    expect(facts).to_be_visible()
    today = app_journey.today()
    expect(page.get_by_text(f"done on {today.day} {today:%B %Y}")).to_be_visible()
    expect(facts).to_contain_text("Age20 months")
    expect(facts).to_contain_text("Born earlyNo, at 37 weeks or later")
    expect(facts).to_contain_text("How soonSoon: book an evaluation now")
    expect(facts).to_contain_text("Answered “not yet”Walks without holding on")
    expect(page.locator(".result-card .source-note")).to_have_text(" [1]")
    expect(page.locator(".print-sources li")).to_have_text(
        ["American Academy of Pediatrics: motor delays, 2013"]
    )
    expect(page.locator("svg.picture__svg")).to_be_visible()  # folded on screen, printed open
    expect(page.locator(".print-clinic")).to_contain_text("Printed from WholeChild for")
    for hidden in ("What to do next", "While you wait", "Your results"):
        expect(page.get_by_text(hidden, exact=True)).to_be_hidden()
    expect(page.get_by_role("button", name="Ask for an evaluation")).to_be_hidden()


# --- When to look again ----------------------------------------------------------------------


def test_the_reminder_downloads_a_calendar_file_with_nothing_of_the_child(page: Page) -> None:
    born = months_ago(20)
    walk(page, Child(birth_date=born, not_yet=(WALKS_ALONE,)))

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Add a reminder to your calendar").click()
    download = downloading.value

    assert download.suggested_filename == "check-again.ics"
    text = Path(download.path()).read_bytes().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    on = date(born.year + 2, born.month, born.day)  # two years old
    assert f"DTSTART;VALUE=DATE:{on:%Y%m%d}" in text
    assert "SUMMARY:Do the moving and doing check again" in text
    for detail in (born.isoformat(), f"{born:%Y%m%d}", "walk", "not-yet", "20 months"):
        assert detail not in text


# --- The request agrees with the check -------------------------------------------------------


def test_a_date_of_birth_that_contradicts_the_check_is_asked_about(
    page: Page, transactional_db: None
) -> None:
    audit = Audit()
    walk(page, Child(years="0", months="3"))
    with navigating(page):
        page.get_by_role("button", name="Ask for an evaluation").click()

    page.get_by_label("Your full name").fill("Robin Example")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Your child's first name").fill("Mia")
    born = months_ago(35)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label(re.compile("I agree")).check()
    with navigating(page):
        page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(
        "This date of birth makes your child 2 years and 11 months, but the check was for a "
        "child of 3 months. Say which is right"
    )
    question = page.get_by_role("group", name="Which is right?")
    expect(question).to_be_visible()
    audit(page, "family details with the ages disagreeing")
    shoot(page, "request-ages-disagree-1280")
    page.set_viewport_size({"width": 320, "height": 640})
    audit(page, "family details with the ages disagreeing, on a phone")
    shoot(page, "request-ages-disagree-320")
    audit.assert_no_violations()

    question.get_by_label("The date of birth is right: my child is 2 years and 11 months").check()
    with navigating(page):
        page.get_by_role("button", name="Continue").click()

    assert step_of(page) == "milestones-1"  # the check again, for a child of 2 years 11 months
    expect(page.get_by_role("status")).to_contain_text(
        "We have changed your child's age in the check"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Your child at 2 years and 11 months")


# --- The height at a phone's width -----------------------------------------------------------

# Issue 10: "The page at 320 px is at most about half today's height." "Today" is the page
# before issue 10 (commit 516143b), measured in Chromium at 320 px (scrollHeight) for these six
# children, walked the same way (docs/parents-results.md); each page is held to 55% of its own.
HEIGHT_BEFORE = {
    "pt": (PT_ONLY, 5840),
    "ot": (OT_ONLY, 4588),
    "both": (BOTH, 5906),
    "urgent": (Child(red_flags=(LOST_SKILLS,)), 6602),
    "on-track": (Child(), 5047),
    "born-early": (
        Child(years="0", months="9", born_early="Yes, before 37 weeks", weeks="30"),
        5173,
    ),
}
AT_MOST = 0.55


@pytest.mark.parametrize("name", HEIGHT_BEFORE)
def test_the_results_are_about_half_the_height_they_were_at_320_px(phone: Page, name: str) -> None:
    child, before = HEIGHT_BEFORE[name]
    walk(phone, child)
    shoot(phone, f"results-{name}-320")

    height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"{name}: {height} px, {height / before:.0%} of {before}")
    if SHOTS:
        phone.set_viewport_size({"width": 1280, "height": 900})
        shoot(phone, f"results-{name}-1280")
    assert height <= AT_MOST * before, f"{height} px is {height / before:.0%} of {before} px"
