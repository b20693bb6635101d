"""An answer as the pages show it: the cards in the order that matters, the heading, the steps
with the evaluation's marked, and web addresses as links."""

from __future__ import annotations

from wholechild.screening import screen
from wholechild.web.answer import answer_view, with_links


def test_the_card_that_matters_comes_first_and_a_card_not_needed_is_set_apart():
    shown = answer_view(screen({"age_months": 84, "concerns": ["handwriting-scissors"]}))
    assert [c["id"] for c in shown["lead_cards"]] == ["ot"]
    assert [c["id"] for c in shown["quiet_cards"]] == ["pt"]
    assert [c["id"] for c in shown["cards"]] == ["pt", "ot"]  # the clinic's record keeps PT, OT


def test_of_two_cards_the_higher_level_comes_first():
    shown = answer_view(
        screen(
            {
                "age_months": 20,
                "milestones": {"walks-alone": "not-yet"},
                "concerns": ["hand-skills"],
            }
        )
    )
    assert [c["id"] for c in shown["lead_cards"]] == ["pt", "ot"]
    shown = answer_view(screen({"age_months": 48, "conditions": ["sensory-processing-disorder"]}))
    assert [c["id"] for c in shown["lead_cards"]] == ["ot", "pt"]


def test_an_urgent_answer_is_headed_by_the_doctor():
    shown = answer_view(screen({"age_months": 20, "red_flags": ["lost-skills"]}))
    assert shown["heading"] == "Talk to your child's doctor today, before any therapy"
    assert shown["overall"] != shown["heading"]


def test_the_step_that_asks_for_the_evaluation_is_marked():
    shown = answer_view(screen({"age_months": 20, "red_flags": ["lost-skills"]}))
    assert [s["evaluation"] for s in shown["next_steps"]].index(True) == 1  # after the doctor
    assert shown["evaluation_in_steps"]
    calm = answer_view(screen({"age_months": 20}))
    assert not calm["evaluation_in_steps"]


def test_each_reason_carries_its_sources_name():
    shown = answer_view(screen({"age_months": 20, "milestones": {"walks-alone": "not-yet"}}))
    (reason,) = shown["cards"][0]["reasons"]
    assert reason["source_name"] == "American Academy of Pediatrics: motor delays, 2013"


def test_a_bare_web_address_becomes_a_link_and_the_rest_is_escaped():
    assert str(with_links("Find it at cdc.gov/FindEI. <b>")) == (
        'Find it at <a href="https://cdc.gov/FindEI">cdc.gov/FindEI</a>. &lt;b&gt;'
    )
    assert str(with_links("No address here.")) == "No address here."
