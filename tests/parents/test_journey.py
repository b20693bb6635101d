"""The whole check, start to results, as a parent goes through it."""

import pytest

from wholechild.screening import milestones_for_age

from .helpers import AGE_20_MONTHS, PAGES_AT_20_MONTHS, checked, milestone_fields, text_of, value_of


def test_it_ends_with_pt_recommended_and_the_soon_card_for_a_20_month_old_not_walking(parent):
    results = parent.results(age=AGE_20_MONTHS, milestones={"walks-alone": "not-yet"})
    page = text_of(results)
    assert results.wsgi_request.path == "/check/results/"
    assert "Physical therapy could help your child" in page
    assert "Physical therapy: the moving , Recommended" in page
    assert "Occupational therapy: not needed now." in page
    assert "Book an evaluation now, rather than wait and see" in page
    assert "Call your child's doctor today" not in page
    assert "walk on their own by 18 months" in page  # the engine's reason, shown as written


def test_it_asks_the_pages_in_order(parent, client):
    parent.answer(age=AGE_20_MONTHS)
    assert parent.redirects == PAGES_AT_20_MONTHS


def test_it_asks_the_milestones_for_the_childs_age_four_a_page(parent, client):
    parent.answer(age=AGE_20_MONTHS, until="/check/concerns/")
    pages = [client.get(f"/check/milestones/{n}/") for n in (1, 2, 3)]
    asked = [name for page in pages for name in milestone_fields(page)]
    assert [len(milestone_fields(page)) for page in pages] == [4, 4, len(asked) - 8]
    assert asked == [f"milestone-{m.id}" for m in milestones_for_age(20.0)]
    assert "milestone-walks-alone" in asked
    assert "Your child at 20 months" in text_of(pages[0])
    assert "Step 3 of 9 · Moving and doing" in text_of(pages[0])
    assert "Step 5 of 9 · Moving and doing" in text_of(pages[2])


@pytest.mark.parametrize(
    ("years", "months"),
    [("0", "1"), ("7", "0")],
    ids=["one month old", "seven years old"],
)
def test_it_skips_the_milestones_when_there_are_none_for_the_age(parent, years, months):
    parent.answer(age={"age-years": years, "age-months": months})
    assert not any(url.startswith("/check/milestones/") for url in parent.redirects)
    assert "/check/concerns/" in parent.redirects


def test_it_does_not_ask_about_being_born_early_from_age_2(parent):
    parent.answer(age={"age-years": "3", "age-months": "0"})
    assert "/check/born-early/" not in parent.redirects


def test_it_sends_a_later_step_back_to_the_first_missing_answer(client, parent):
    assert client.get("/check/concerns/")["Location"] == "/check/age/"
    parent.post("/check/age/", AGE_20_MONTHS)
    assert client.get("/check/signs/")["Location"] == "/check/born-early/"
    assert client.get("/check/milestones/2/")["Location"] == "/check/born-early/"
    parent.post("/check/born-early/", {"born-early": "no"})
    assert client.get("/check/milestones/2/")["Location"] == "/check/milestones/1/"
    assert client.get("/check/answers/")["Location"] == "/check/milestones/1/"
    assert client.get("/check/results/")["Location"] == "/check/milestones/1/"


def test_it_has_no_page_of_milestones_past_the_last(parent, client):
    parent.answer()
    assert client.get("/check/milestones/4/").status_code == 404


def test_it_shows_the_saved_answer_when_the_parent_goes_back(parent, client):
    parent.answer(concerns=["balance-coordination", "feeding"], red_flags=["very-stiff"])
    age = client.get("/check/age/")
    assert value_of(age, "age-years") == "1"
    assert value_of(age, "age-months") == "8"
    assert value_of(age, "dob-year") == ""
    assert checked(client.get("/check/born-early/")) == [("born-early", "no")]
    milestones = checked(client.get("/check/milestones/2/"))
    assert len(milestones) == 4
    assert all(value == "yes" for _name, value in milestones)
    assert checked(client.get("/check/concerns/")) == [
        ("concerns", "balance-coordination"),
        ("concerns", "feeding"),
    ]
    assert checked(client.get("/check/conditions/")) == [("conditions", "none")]
    assert checked(client.get("/check/signs/")) == [("red_flags", "very-stiff")]
