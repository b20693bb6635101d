"""Each of the contract's twelve principles, as the engine applies it."""

import pytest

from wholechild.screening import get_content, screen

from .vocabulary import CONCERNS, CONDITIONS, RED_FLAGS


def findings(answer, discipline=None):
    return [
        r["finding"]
        for r in answer["reasons"]
        if discipline is None or r["discipline"] == discipline
    ]


# 1. The seed's map


@pytest.mark.parametrize("concern", [c for c, d in CONCERNS.items() if d])
def test_each_concern_raises_its_own_discipline_at_an_age_it_counts(concern):
    answer = screen({"age_months": 60, "concerns": [concern]})
    discipline = CONCERNS[concern]
    other = "ot" if discipline == "pt" else "pt"
    assert answer[discipline]["level"] in {"consider", "recommended"}
    assert answer[other]["level"] == "not-indicated"
    assert answer["overall"] == discipline
    assert concern in findings(answer, discipline)


@pytest.mark.parametrize("concern", ["toe-walking", "frequent-falls"])
def test_a_concern_before_its_age_earns_a_reassuring_word_not_a_finding(concern):
    answer = screen({"age_months": 30, "concerns": [concern]})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []
    assert any("after age 3" in step for step in answer["next_steps"])


def test_the_same_concern_counts_from_age_three():
    assert screen({"age_months": 36, "concerns": ["frequent-falls"]})["pt"]["level"] == "consider"


# 2. Age decides what a missed milestone means


def test_a_milestone_not_yet_reached_before_its_cdc_age_is_no_finding():
    answer = screen({"age_months": 17, "milestones": {"climbs-on-off-furniture": "not-yet"}})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []


def test_a_milestone_not_yet_reached_at_its_cdc_age_is_a_finding():
    answer = screen({"age_months": 18, "milestones": {"scribbles": "not-yet"}})
    assert answer["ot"]["level"] == "consider"
    assert findings(answer) == ["scribbles"]
    assert answer["reasons"][0]["source"] == "cdc-2022"
    assert "18 months" in answer["reasons"][0]["text"]


def test_several_missed_milestones_in_one_area_make_an_evaluation_recommended():
    answer = screen(
        {"age_months": 30, "milestones": {"twists-with-hands": "not-yet", "turns-pages": "not-yet"}}
    )
    assert answer["ot"]["level"] == "recommended"
    assert answer["urgency"] == "routine"


def test_unsure_is_never_a_finding_but_suggests_watching():
    answer = screen({"age_months": 30, "milestones": {"jumps-both-feet": "unsure"}})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []
    assert any("Jumps off the ground" in step and "Watch" in step for step in answer["next_steps"])


# 3. Past the normal window is stronger


@pytest.mark.parametrize(
    ("milestone", "months"),
    [("sits-without-support", 9.3), ("stands-with-assistance", 11.5), ("stands-alone", 17)],
)
def test_a_who_milestone_past_its_99th_percentile_is_recommended_and_soon(milestone, months):
    answer = screen({"age_months": months, "milestones": {milestone: "not-yet"}})
    assert answer["pt"]["level"] == "recommended"
    assert answer["urgency"] == "soon"
    assert answer["reasons"][0]["source"] == "who-2006"


def test_a_who_milestone_inside_its_window_is_not_yet_a_finding():
    answer = screen({"age_months": 16, "milestones": {"stands-alone": "not-yet"}})
    assert answer["overall"] == "monitor"


def test_not_walking_alone_at_18_months_is_recommended_and_soon():
    answer = screen({"age_months": 18, "milestones": {"walks-alone": "not-yet"}})
    assert (answer["pt"]["level"], answer["urgency"]) == ("recommended", "soon")


# 4. Crawling is optional


@pytest.mark.parametrize("months", [10, 14, 30])
def test_not_crawling_is_never_a_finding_on_its_own(months):
    answer = screen({"age_months": months, "milestones": {"crawls-hands-knees": "not-yet"}})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []
    assert any("never crawl" in step for step in answer["next_steps"])


# 5. Corrected age


def test_a_premature_baby_is_judged_on_the_corrected_age():
    # 10 months old, born at 30 weeks: 7.7 months corrected, inside the sitting window.
    request = {"age_months": 10, "milestones": {"sits-without-support": "not-yet"}}
    assert screen(request)["urgency"] == "soon"
    corrected = screen({**request, "gestational_age_weeks": 30})
    assert corrected["age"]["corrected_months"] == 7.7
    assert corrected["overall"] == "monitor"


def test_the_correction_stops_at_two_years():
    answer = screen(
        {"age_months": 24, "gestational_age_weeks": 26, "milestones": {"runs": "not-yet"}}
    )
    assert answer["age"]["corrected_months"] is None
    assert answer["pt"]["level"] == "consider"


def test_the_answer_says_which_age_was_used():
    answer = screen({"age_months": 13, "gestational_age_weeks": 28})
    assert answer["age"] == {
        "chronological_months": 13.0,
        "corrected_months": 10.2,
        "used_months": 10.2,
    }


# 6. Conditions from the seed, and the condition table


@pytest.mark.parametrize("condition", CONDITIONS)
def test_a_condition_sets_the_floor_of_each_discipline(condition):
    answer = screen({"age_months": 48, "conditions": [condition]})
    assert (answer["pt"]["level"], answer["ot"]["level"]) == CONDITIONS[condition]


def test_findings_can_raise_a_level_above_a_conditions_floor():
    answer = screen(
        {"age_months": 20, "conditions": ["autism"], "milestones": {"walks-alone": "not-yet"}}
    )
    assert answer["pt"]["level"] == "recommended"
    assert answer["ot"]["level"] == "consider"


# 7. Red flags put medicine first


def test_lost_skills_is_urgent_and_speaks_of_the_doctor_first():
    answer = screen({"age_months": 40, "red_flags": ["lost-skills"]})
    assert answer["urgency"] == "urgent"
    assert answer["reasons"][0]["discipline"] == "medical"
    assert "doctor" in answer["next_steps"][0]
    assert answer["pt"]["level"] == "consider"
    assert answer["ot"]["level"] == "consider"


@pytest.mark.parametrize("flag", [f for f, u in RED_FLAGS.items() if u == "soon"])
def test_every_other_red_flag_is_at_least_soon_and_raises_pt(flag):
    answer = screen({"age_months": 40, "red_flags": [flag]})
    assert answer["urgency"] == "soon"
    assert answer["pt"]["level"] in {"consider", "recommended"}
    assert {"medical", "pt"} <= {r["discipline"] for r in answer["reasons"] if r["finding"] == flag}


def test_a_red_flag_touching_hand_use_raises_ot_too():
    answer = screen({"age_months": 40, "red_flags": ["one-side-different"]})
    assert answer["ot"]["level"] == "consider"
    assert screen({"age_months": 40, "red_flags": ["very-stiff"]})["ot"]["level"] == "not-indicated"


def test_a_red_flag_is_never_missed_among_other_answers():
    answer = screen(
        {
            "age_months": 12,
            "milestones": {"pulls-to-stand": "yes"},
            "concerns": ["flat-head-spot"],
            "red_flags": ["lost-skills"],
        }
    )
    assert answer["urgency"] == "urgent"


# 8. Head tilt and flat head


def test_head_tilt_under_12_months_is_pt_recommended_and_soon():
    answer = screen({"age_months": 11.9, "concerns": ["head-tilt"]})
    assert (answer["pt"]["level"], answer["urgency"]) == ("recommended", "soon")
    assert answer["reasons"][0]["source"] == "apta-cmt-2018"


def test_head_tilt_from_12_months_is_pt_to_consider():
    answer = screen({"age_months": 12, "concerns": ["head-tilt"]})
    assert (answer["pt"]["level"], answer["urgency"]) == ("consider", "routine")


def test_a_flat_spot_on_the_head_is_pt():
    answer = screen({"age_months": 3, "concerns": ["flat-head-spot"]})
    assert answer["overall"] == "pt"
    assert answer["reasons"][0]["source"] == "cns-2016-plagio"


# 9. Toe walking and in-toeing


def test_toe_walking_from_three_is_pt():
    answer = screen({"age_months": 40, "concerns": ["toe-walking"]})
    assert answer["overall"] == "pt"
    assert answer["reasons"][0]["source"] == "toe-walking"


@pytest.mark.parametrize("months", [18, 36, 96])
def test_in_toeing_alone_is_not_pt_and_points_to_the_doctor(months):
    answer = screen({"age_months": months, "concerns": ["in-toeing"]})
    assert answer["overall"] == "monitor"
    assert answer["urgency"] == "routine"
    assert any("doctor" in step and "turn in" in step for step in answer["next_steps"])


# 10. Regulation and attention


@pytest.mark.parametrize("concern", ["emotional-regulation", "attention-focus"])
def test_regulation_and_attention_are_ot_to_consider_and_involve_the_doctor(concern):
    answer = screen({"age_months": 72, "concerns": [concern]})
    assert answer["ot"]["level"] == "consider"
    assert answer["overall"] == "ot"
    assert any("doctor" in step and "whole picture" in step for step in answer["next_steps"])


def test_regulation_and_attention_together_stay_at_consider():
    answer = screen({"age_months": 72, "concerns": ["emotional-regulation", "attention-focus"]})
    assert answer["ot"]["level"] == "consider"


# 11. Nothing is diagnosed


DIAGNOSES = [
    "cerebral palsy",
    "autism",
    "adhd",
    "torticollis",
    "sensory processing disorder",
    "coordination disorder",
    "down syndrome",
    "dyspraxia",
    "muscular dystrophy",
]


def test_no_reason_names_a_diagnosis_the_parent_did_not_give():
    everything = {
        "age_months": 20,
        "milestones": {m: "not-yet" for m in get_content().milestones},
        "concerns": list(CONCERNS),
        "red_flags": list(RED_FLAGS),
    }
    answer = screen(everything)
    words = " ".join(r["text"] for r in answer["reasons"]) + " ".join(answer["next_steps"])
    for diagnosis in DIAGNOSES:
        assert diagnosis not in words.lower()


def test_no_content_copies_a_licensed_instrument():
    from wholechild.screening.content import COMPILED

    with open(COMPILED, encoding="utf-8") as handle:
        text = handle.read()
    for name in ["ASQ", "M-CHAT", "PEDS", "SWYC", "DCDQ", "Ages and Stages"]:
        assert name not in text


# 12. Nothing found means keep watching


def test_no_answers_at_all_means_monitor_with_a_word_on_when_to_check_again():
    answer = screen({"age_months": 20})
    assert answer["overall"] == "monitor"
    assert answer["urgency"] == "routine"
    assert answer["reasons"] == []
    assert "when your child is 2 years" in answer["next_steps"][-1]


def test_an_older_child_is_told_to_check_again_at_the_yearly_check_up():
    assert "yearly check-up" in screen({"age_months": 100})["next_steps"][-1]


# Next steps by age and urgency


def test_under_three_the_next_steps_name_early_intervention():
    steps = screen({"age_months": 35, "concerns": ["feeding"]})["next_steps"]
    assert any("early intervention" in step and "45 days" in step for step in steps)
    assert not any("school district" in step for step in steps)


def test_from_three_the_next_steps_name_the_school_district():
    steps = screen({"age_months": 36, "concerns": ["feeding"]})["next_steps"]
    assert any("school district" in step and "60 days" in step for step in steps)
    assert not any("early intervention" in step for step in steps)


def test_next_steps_for_a_premature_toddler_use_the_real_age_for_services():
    # 37 months old, so school district, whatever the milestones are judged against.
    steps = screen({"age_months": 37, "concerns": ["self-care"]})["next_steps"]
    assert any("school district" in step for step in steps)


def test_soon_next_steps_ask_to_book_now():
    steps = screen({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})["next_steps"]
    assert steps[0].startswith("Book an evaluation with a physical therapist now")


def test_routine_next_steps_ask_for_an_evaluation_without_alarm():
    steps = screen({"age_months": 84, "concerns": ["handwriting-scissors"]})["next_steps"]
    assert steps[0].startswith("Ask for an evaluation with an occupational therapist")


def test_every_reason_names_a_source_and_the_answer_its_content_version():
    answer = screen(
        {"age_months": 48, "conditions": list(CONDITIONS), "red_flags": list(RED_FLAGS)}
    )
    sources = get_content().sources
    assert all(r["source"] in sources for r in answer["reasons"])
    assert answer["content_version"] == get_content().version
