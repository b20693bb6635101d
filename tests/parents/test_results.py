"""Step 8: the results, computed from the session by the engine on every visit."""

import re
from datetime import timedelta

from django.utils import timezone

from wholechild.screening import get_content, screen

from .helpers import text_of

NOT_WALKING = {"walks-alone": "not-yet"}


def test_it_shows_one_card_per_discipline_with_its_level_reasons_and_focus(parent):
    page = text_of(parent.results(milestones=NOT_WALKING))
    pt = page[
        page.index("Physical therapy: the moving") : page.index("Occupational therapy: the doing")
    ]
    assert "Recommended" in pt
    assert "Why" in pt
    assert "walk on their own" in pt
    assert "What physical therapy would work on walking on their own" in pt
    ot = page[page.index("Occupational therapy: the doing") :]
    assert ot.startswith("Occupational therapy: the doing Not needed now")
    assert "Nothing you told us points to occupational therapy right now." in ot


def test_it_puts_the_care_card_first_for_a_soon_answer(parent):
    html = parent.results(milestones=NOT_WALKING).content.decode()
    card = html.index('class="care-card care-card--soon"')
    assert card < html.index('class="lead"') < html.index('class="result-card')
    assert html.count('class="care-card ') == 1


def test_it_tells_the_family_to_call_the_doctor_today_when_a_skill_is_lost(parent):
    response = parent.results(milestones=NOT_WALKING, red_flags=["lost-skills"])
    html = response.content.decode()
    assert html.count('class="care-card ') == 1  # never stacked, even with "soon" findings too
    assert html.index("<h1") < html.index('class="care-card care-card--urgent"')
    assert html.index('class="care-card care-card--urgent"') < html.index('class="lead"')
    card = text_of(response)
    assert "Urgent advice: Call your child's doctor today" in card
    assert "Losing a skill your child once had always needs a medical check." in card
    assert "Book an evaluation now" not in card


def test_it_shows_no_care_card_when_all_is_well(parent):
    response = parent.results()
    assert "care-card" not in response.content.decode()
    page = text_of(response)
    assert "Keep watching for now" in page
    assert "Physical therapy: the moving Not needed now" in page


def test_it_says_both_when_both_could_help(parent):
    page = text_of(parent.results(concerns=["balance-coordination", "hand-skills"]))
    assert "Physical therapy and occupational therapy could both help your child" in page
    assert "Physical therapy: the moving Worth considering" in page
    assert "Occupational therapy: the doing Worth considering" in page


def test_it_shows_the_engines_next_steps(parent):
    page = text_of(parent.results(milestones=NOT_WALKING))
    answer = screen({"age_months": 20, "milestones": NOT_WALKING})
    assert "What to do next" in page
    for step in answer["next_steps"]:
        assert step in page


def test_it_lists_the_sources_by_name_and_the_content_version(parent):
    response = parent.results(milestones=NOT_WALKING, concerns=["feeding"])
    page = text_of(response)
    content = get_content()
    answer = screen({"age_months": 20, "milestones": NOT_WALKING, "concerns": ["feeding"]})
    used = {reason["source"] for reason in answer["reasons"]}
    assert used
    sources = page[page.index("Where this advice comes from") :]
    for key in used:
        assert content.sources[key].name in sources
    assert sources.count(content.sources[next(iter(used))].name) == 1  # each once
    assert f"content version {content.version}" in page


def test_it_says_it_is_not_a_diagnosis(parent):
    page = text_of(parent.results())
    assert "This is not a diagnosis." in page


def test_it_summarises_the_answers_for_the_doctor(parent):
    page = text_of(parent.results(milestones=NOT_WALKING))
    summary = page[page.index("Your answers") :]
    assert "Age 20 months" in summary
    assert "Walks without holding on to anyone or anything Not yet" in summary
    assert "Change" not in summary


def test_it_offers_print_only_with_javascript_and_a_plain_instruction_without(parent):
    html = parent.results().content.decode()
    assert re.search(
        r"<button type=\"button\"[^>]*data-print hidden>Print this page for your child", html
    )
    assert '<p class="js-hidden">To share this with your child' in html


def test_it_asks_families_to_contact_the_clinic_for_an_evaluation(parent):
    response = parent.results()
    section = text_of(response)
    assert "Ask us for an evaluation" in section
    assert "Contact the clinic" in section


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
    assert "Physical therapy: the moving Recommended" in page
    assert "now 20 months" in page


# Version 2: notes apart from the next steps, who else may help, when to check again, and a
# doctor-first answer that says so.

FIFTEEN_MONTHS = {"age-years": "1", "age-months": "3"}


def between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_it_shows_the_notes_apart_from_the_next_steps(parent):
    page = text_of(parent.results(age=FIFTEEN_MONTHS, concerns=["frequent-falls"]))
    notes = between(page, "Good to know", "Ask us for an evaluation")
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
    others = between(page, "Who else may help", "Ask us for an evaluation")
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


def test_a_doctor_first_answer_leads_with_the_doctor_and_not_an_evaluation(parent):
    response = parent.results(red_flags=["hip-signs"])
    page = text_of(response)
    assert 'class="care-card care-card--soon"' in response.content.decode()
    assert "Advice: Ask your child's doctor to see your child soon" in page
    assert "Book an evaluation now" not in page
    assert "See your child's doctor first" in page
    assert "keep watching" not in page.lower()


def test_an_urgent_limp_names_no_lost_skill(parent):
    response = parent.results(
        age={"age-years": "4", "age-months": "2"}, red_flags=["pain-limp-fever"]
    )
    page = text_of(response)
    assert "Urgent advice: Call your child's doctor today" in page
    assert "Losing a skill" not in page
    assert "emergency room" in page
