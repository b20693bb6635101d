"""Step 4 asks each concern only for the ages it fits (contract v2, principle 17), and the new
red flags and concerns are asked in plain, calm words."""

import pytest

from wholechild.screening import get_content
from wholechild.web import journey

from .helpers import text_of

BABY = {"age-years": "0", "age-months": "3"}
TEN_YEARS = {"age-years": "10", "age-months": "0"}


def offered(client):
    html = client.get("/check/concerns/").content.decode()
    return {c for c in get_content().concerns if f'value="{c}"' in html}


@pytest.mark.parametrize(
    ("age", "months"), [(BABY, 3), ({"age-years": "1", "age-months": "8"}, 20), (TEN_YEARS, 120)]
)
def test_it_offers_the_concerns_whose_ages_hold_the_childs(parent, client, age, months):
    parent.answer(age=age, until="/check/concerns/")
    expected = {c.id for c in get_content().concerns.values() if c.asked[0] <= months <= c.asked[1]}
    assert offered(client) == expected


def test_a_babys_parent_is_not_asked_about_handwriting_or_a_back(parent, client):
    parent.answer(age=BABY, until="/check/concerns/")
    shown = offered(client)
    assert {"handwriting-scissors", "uneven-back", "self-care", "toe-walking"}.isdisjoint(shown)
    assert {"head-tilt", "flat-head-spot", "feeding", "hearing-seeing"} <= shown


def test_an_older_childs_parent_is_asked_about_a_back_but_not_a_flat_head(parent, client):
    parent.answer(age=TEN_YEARS, until="/check/concerns/")
    shown = offered(client)
    assert "uneven-back" in shown
    assert "flat-head-spot" not in shown


def test_a_concern_the_age_does_not_offer_is_refused(parent, client, check_session):
    parent.answer(age=BABY, until="/check/concerns/")
    response = client.post("/check/concerns/", {"concerns": ["handwriting-scissors"]})
    assert response.status_code == 200
    assert "Select from the list" in text_of(response)
    assert "concerns" not in check_session()


def test_a_new_age_forgets_the_concerns_it_does_not_offer(parent, client, check_session):
    parent.answer(age=TEN_YEARS, concerns=["uneven-back", "hand-skills"])
    client.post("/check/age/?change=1", {"age-years": "2", "age-months": "0"})
    assert check_session()["concerns"] == ["hand-skills"]


def test_a_new_age_that_offers_none_of_the_ticked_concerns_asks_again(
    parent, client, check_session
):
    parent.answer(age=TEN_YEARS, concerns=["uneven-back"])
    client.post("/check/age/?change=1", {"age-years": "2", "age-months": "0"})
    assert "concerns" not in check_session()  # not "None of these"
    pages = {page.url: page.done for page in journey.pages(check_session())}
    assert pages["/check/concerns/"] is False


def test_the_engine_is_sent_only_the_concerns_offered():
    check = {"age_months": 3, "born_early": "no", "concerns": ["handwriting-scissors", "feeding"]}
    assert journey.screening_request(check)["concerns"] == ["feeding"]


def test_the_new_concerns_are_asked_in_plain_words(parent, client):
    parent.answer(age={"age-years": "1", "age-months": "8"}, until="/check/concerns/")
    page = text_of(client.get("/check/concerns/"))
    content = get_content()
    for concern in ("talking-understanding", "hearing-seeing", "play-relating"):
        assert content.concerns[concern].label in page


def test_the_new_red_flags_are_asked_calmly_at_any_age(parent, client):
    parent.answer(age=TEN_YEARS, until="/check/signs/")
    page = text_of(client.get("/check/signs/")).replace("&#x27;", "'")
    for flag in get_content().red_flags.values():
        assert flag.label in page
    assert "rag doll" not in page.lower()
    assert "Feels very loose and floppy when you hold them" in page
