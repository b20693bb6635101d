"""Step 8: the results, computed from the session by the engine on every visit, answer first."""

import html as markup
import re
from datetime import timedelta

from django.utils import timezone

from wholechild.care.models import ClinicSettings
from wholechild.screening import get_content, screen
from wholechild.web.answer import with_links

from .helpers import text_of

NOT_WALKING = {"walks-alone": "not-yet"}
SEVEN_YEARS = {"age-years": "7", "age-months": "0"}
HANDWRITING = ["handwriting-scissors", "hand-skills"]


def between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def h1_of(response) -> str:
    """The page's h1 as text."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)[1]
    return markup.unescape(" ".join(re.sub(r"<[^>]+>", " ", found).split()))


def order_of(html: str, *markers: str) -> list[int]:
    return [html.index(marker) for marker in markers]


# --- Answer first ----------------------------------------------------------------------------


def test_the_answer_is_the_pages_heading(parent):
    response = parent.results(milestones=NOT_WALKING)
    assert h1_of(response) == "Physical therapy could help your child"
    assert "<title>Your results – WholeChild</title>" in response.content.decode()


def test_it_shows_the_discipline_that_matters_as_a_card_and_the_other_as_a_line(parent):
    response = parent.results(milestones=NOT_WALKING)
    html = response.content.decode()
    page = text_of(response)
    pt = between(page, "Physical therapy: the moving", "Occupational therapy:")
    assert "Recommended" in pt
    assert "walk on their own" in pt
    assert "What physical therapy would work on: walking on their own." in pt
    assert html.count('class="result-card ') == 1
    assert "Occupational therapy: not needed now." in page
    assert "points to occupational therapy" not in page  # a line, said once


def test_an_ot_answer_puts_ot_first_and_pt_as_a_line(parent):
    response = parent.results(age=SEVEN_YEARS, concerns=HANDWRITING)
    html = response.content.decode()
    assert h1_of(response) == "Occupational therapy could help your child"
    ot_card, pt_line = order_of(html, 'id="ot-title"', "<strong>Physical therapy:</strong>")
    assert ot_card < pt_line
    assert 'id="pt-title"' not in html


def test_both_show_two_cards_the_one_with_more_to_say_first(parent):
    response = parent.results(concerns=["balance-coordination", "hand-skills", "self-care"])
    html = response.content.decode()
    assert h1_of(response) == "Physical therapy and occupational therapy could both help your child"
    assert html.count('class="result-card ') == 2
    assert html.index('id="ot-title"') < html.index('id="pt-title"')  # OT has two reasons


def test_a_card_heading_says_its_level_apart_from_its_name(parent):
    html = parent.results(milestones=NOT_WALKING).content.decode()
    heading = re.search(r'<h2 class="heading-m result-card__title"[^>]*>(.*?)</h2>', html, re.S)[1]
    assert re.search(
        r'the moving<span class="visually-hidden">,</span> <strong class="tag', heading
    )


def test_it_puts_the_care_card_after_the_answer_and_before_the_cards_for_a_soon_answer(parent):
    html = parent.results(milestones=NOT_WALKING).content.decode()
    card = html.index('class="care-card care-card--soon"')
    assert html.index("<h1") < card < html.index('class="result-card')
    assert html.count('class="care-card ') == 1


def test_an_urgent_answer_leads_with_the_doctor_and_offers_the_evaluation_only_after(parent):
    response = parent.results(milestones=NOT_WALKING, red_flags=["lost-skills"])
    html = response.content.decode()
    assert h1_of(response) == "Talk to your child's doctor today, before any therapy"
    assert html.count('class="care-card ') == 1  # never stacked, even with "soon" findings too
    page = text_of(response)
    assert "Urgent advice: Call your child's doctor today" in page
    assert "Losing a skill your child once had always needs a medical check." in page
    assert "Book an evaluation now" not in page
    care, steps, doctor, button, after = order_of(
        html,
        'class="care-card care-card--urgent"',
        'id="next-title"',
        "Call your child’s doctor today.",
        'href="/check/request/"',
        'id="after-title"',
    )
    assert care < steps < doctor < button < after
    assert 'class="button button--secondary" role="button"' in html[button - 200 : button + 200]
    assert "could both help" not in page


def test_it_shows_no_care_card_when_all_is_well(parent):
    response = parent.results()
    assert "care-card" not in response.content.decode()
    page = text_of(response)
    assert h1_of(response).startswith("Keep watching for now")
    assert "Physical therapy: not needed now." in page
    assert "Occupational therapy: not needed now." in page


def test_it_shows_the_engines_next_steps_with_the_evaluation_beside_its_step(parent):
    html = parent.results(milestones=NOT_WALKING).content.decode()
    answer = screen({"age_months": 20, "milestones": NOT_WALKING})
    for step in answer["next_steps"]:
        assert str(with_links(step)) in html
    first = html.index(str(with_links(answer["next_steps"][0])))
    assert (
        first
        < html.index('href="/check/request/"')
        < html.index(str(with_links(answer["next_steps"][1])))
    )


def test_a_web_address_in_the_next_steps_is_a_link(parent):
    html = parent.results(milestones=NOT_WALKING).content.decode()
    assert 'Find it at <a href="https://cdc.gov/FindEI">cdc.gov/FindEI</a>.' in html


def test_it_lists_the_sources_by_name_and_says_when_it_was_checked(parent):
    response = parent.results(milestones=NOT_WALKING, concerns=["feeding"])
    page = text_of(response)
    content = get_content()
    answer = screen({"age_months": 20, "milestones": NOT_WALKING, "concerns": ["feeding"]})
    used = {reason["source"] for reason in answer["reasons"]}
    sources = page[page.index("Where this advice comes from") :]
    for key in used:
        assert content.sources[key].name in sources
    assert f"Checked on {timezone.localdate():%-d %B %Y}." in page


def test_it_never_shows_the_content_version_to_the_parent(parent):
    page = text_of(parent.results(milestones=NOT_WALKING))
    assert "content version" not in page.lower()
    assert get_content().version not in page


def test_it_says_it_is_not_a_diagnosis_beside_the_answer(parent):
    html = parent.results().content.decode()
    assert html.index("<h1") < html.index("This is not a diagnosis.") < html.index("next-title")


def test_it_keeps_the_answers_for_the_parent_to_look_at_without_the_milestones(parent):
    page = text_of(parent.results(milestones=NOT_WALKING))
    told = between(page, "What you told us", "Where this advice comes from")
    assert "Age 20 months" in told
    assert "Struggling with None" in told
    assert "Walks without holding on" not in told  # the picture and its table show each one
    assert "Change" not in told


def test_it_offers_print_only_with_javascript_and_a_plain_instruction_without(parent):
    html = parent.results().content.decode()
    assert re.search(r"<button type=\"button\"[^>]*data-print hidden>Print for your child", html)
    assert '<p class="js-hidden">To share this with your child' in html


def test_it_names_the_clinic_to_call_instead(parent):
    ClinicSettings.objects.create(pk=1, name="Brightside Children's Therapy", phone="555 0100")
    page = text_of(parent.results(milestones=NOT_WALKING))
    assert "Or call Brightside Children's Therapy on 555 0100 ." in page
    assert "Other ways to contact the clinic" in page


def test_it_recomputes_the_answer_on_every_visit(parent, client):
    parent.results()
    client.post("/check/signs/?change=1", {"red_flags": ["very-floppy"]})
    client.post("/check/answers/")
    page = text_of(client.get("/check/results/"))
    assert "Book an evaluation now, rather than wait and see" in page


def test_it_starts_again_from_a_clear_session(parent, client, check_session):
    parent.results()
    html = client.get("/check/results/").content.decode()
    form = html[html.rindex('<form method="post" action="/check/start-again/"') :]
    assert 'name="csrfmiddlewaretoken"' in form
    assert "Start again</button>" in form
    response = client.post("/check/start-again/")
    assert response["Location"] == "/check/age/"
    assert check_session() is None
    assert client.get("/check/results/")["Location"] == "/check/age/"


def test_it_only_starts_again_on_post(client):
    assert client.get("/check/start-again/").status_code == 405


def test_it_only_shows_results_on_get(parent, client):
    parent.results()
    assert client.post("/check/results/").status_code == 405


def test_it_uses_the_age_from_the_birth_date(parent):
    born = timezone.localdate() - timedelta(days=610)  # about 20 months
    age = {"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)}
    page = text_of(parent.results(age=age, milestones=NOT_WALKING))
    assert "Physical therapy could help your child" in page
    assert "now 20 months" in page


# --- The printed page, for the doctor ------------------------------------------------------


def test_the_printed_page_leads_with_the_facts_a_doctor_scans_for(parent):
    html = parent.results(
        milestones=NOT_WALKING, concerns=["balance-coordination"]
    ).content.decode()
    facts = html[html.index('<dl class="print-only doctor-facts">') :]
    facts = text_of(type("Page", (), {"content": facts[: facts.index("</dl>")].encode()}))
    assert "Age 20 months" in facts
    assert "Born early No, at 37 weeks or later" in facts
    assert "How soon Soon: book an evaluation now, rather than wait" in facts
    assert "Answered “not yet” Walks without holding on to anyone or anything (most" in facts
    assert "Struggling with Balance and coordination" in facts
    assert "Signs noticed None" in facts


def test_the_printed_page_gives_the_corrected_age(parent):
    page = text_of(
        parent.results(
            age={"age-years": "0", "age-months": "9"},
            born_early={"born-early": "yes", "weeks": "30"},
        )
    )
    assert "Corrected age 6.7 months" in page
    assert "Born early Yes, at 30 weeks" in page


def test_the_printed_page_gives_each_reason_its_source(parent):
    html = parent.results(milestones=NOT_WALKING, concerns=["hand-skills"]).content.decode()
    assert '<span class="print-only source-note"> [1]</span>' in html  # walking: AAP
    assert '<span class="print-only source-note"> [2]</span>' in html  # hand skills: the seed
    sources = html[html.index('<section class="print-only print-sources">') :]
    sources = sources[: sources.index("</section>")]
    content = get_content()
    first, second = re.findall(r"<li>(.*?)</li>", sources)
    assert markup.unescape(first) == content.sources["aap-2013-motor"].name
    assert markup.unescape(second) == content.sources["seed"].name


def test_the_printed_page_names_the_clinic(parent):
    ClinicSettings.objects.create(
        pk=1, name="Brightside Children's Therapy", phone="555 0100", email="hello@example.org"
    )
    html = parent.results().content.decode()
    footer = html[html.index('class="print-only print-clinic"') :]
    assert "Printed from WholeChild for Brightside Children&#x27;s Therapy" in footer
    assert "555 0100 · hello@example.org" in footer


# --- While you wait, and when to look again ------------------------------------------------


def test_it_gives_an_activity_at_home_for_each_finding(parent):
    page = text_of(parent.results(milestones=NOT_WALKING, concerns=["hand-skills"]))
    wait = between(page, "While you wait", "About these results")
    assert "It is not a treatment" in wait
    assert "hold out your hands, so your child can walk to you" in wait
    assert "playdough to squeeze and roll" in wait


def test_it_gives_no_activity_when_the_doctor_comes_first_today(parent):
    page = text_of(parent.results(milestones=NOT_WALKING, red_flags=["lost-skills"]))
    assert "While you wait" not in page
    assert "hold out your hands" not in page


def test_it_offers_a_calendar_reminder_to_check_again(parent):
    html = parent.results().content.decode()
    assert '<a href="/check/results/reminder.ics" class="calendar-link" download>' in html
    assert "Do this check again when your child is 2 years, or sooner" in text_of(
        parent.client.get("/check/results/")
    )


def test_it_offers_no_reminder_when_the_next_check_is_the_yearly_checkup(parent):
    html = parent.results(age=SEVEN_YEARS).content.decode()
    assert "reminder.ics" not in html
    assert "next yearly checkup" in html


# --- Version 2: notes, who else may help, and a doctor-first answer ----------------------

FIFTEEN_MONTHS = {"age-years": "1", "age-months": "3"}


def test_it_shows_the_notes_apart_from_the_next_steps(parent):
    page = text_of(parent.results(age=FIFTEEN_MONTHS, concerns=["frequent-falls"]))
    notes = between(page, "Good to know", "About these results")
    assert "Toddlers fall a lot while they learn to move." in notes
    steps = between(page, "What to do next", "Good to know")
    assert "Toddlers fall a lot" not in steps


def test_it_shows_no_notes_beside_a_red_flag(parent):
    response = parent.results(
        age=FIFTEEN_MONTHS, concerns=["frequent-falls"], red_flags=["lost-skills"]
    )
    page = text_of(response)
    assert "Good to know" not in page
    assert "Toddlers fall a lot" not in page


def test_it_shows_who_else_may_help_through_the_doctor(parent):
    page = text_of(parent.results(concerns=["talking-understanding"]))
    others = between(page, "Who else may help", "When to look again")
    assert "Your child's doctor decides who else should see your child." in others
    assert "may suggest a speech-language therapist" in others
    assert "may suggest a hearing test" in others
    assert "Talk to your child's doctor: nothing in your answers points to" in page


def test_it_shows_nobody_else_when_nothing_points_beyond_pt_and_ot(parent):
    assert "Who else may help" not in text_of(parent.results(milestones=NOT_WALKING))


def test_it_says_when_to_check_again(parent):
    page = text_of(parent.results())
    assert "Do this check again when your child is 2 years, or sooner" in page


def test_a_calm_answer_says_nothing_points_to_therapy_rather_than_all_is_well(parent):
    page = text_of(parent.results())
    assert (
        "Keep watching for now: nothing in your answers points to physical or occupational" in page
    )
    assert "does not look needed" not in page


def test_a_calm_answer_still_offers_an_evaluation_quietly(parent):
    html = parent.results().content.decode()
    assert "If you would like a therapist to meet your child anyway" in html
    assert 'class="button button--secondary" role="button" draggable="false">Ask for an' in html


def test_a_doctor_first_answer_leads_with_the_doctor_and_not_an_evaluation(parent):
    response = parent.results(red_flags=["hip-signs"])
    page = text_of(response)
    assert 'class="care-card care-card--soon"' in response.content.decode()
    assert "Advice: Ask your child's doctor to see your child soon" in page
    assert "Book an evaluation now" not in page
    assert h1_of(response).startswith("See your child's doctor first")
    assert "keep watching" not in page.lower()


def test_an_urgent_limp_names_no_lost_skill(parent):
    response = parent.results(
        age={"age-years": "4", "age-months": "2"}, red_flags=["pain-limp-fever"]
    )
    page = text_of(response)
    assert "Urgent advice: Call your child's doctor today" in page
    assert "Losing a skill" not in page
    assert "emergency room" in page
    assert "Once the doctor has seen your child, you can ask us for an evaluation" in page
