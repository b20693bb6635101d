"""Each of the contract's seventeen principles (version 2), as the engine applies it.

Where version 2 changed an answer of version 1 (principles 2, 3, 7 and 8, and notes kept apart
from the next steps), the test says so.
"""

import re

import pytest

from wholechild.screening import get_content, screen

from .vocabulary import BEYOND, CONCERNS, CONDITIONS, RED_FLAG_ROWS, RED_FLAGS

# A step that says when to see the doctor (not "sooner if something worries you").
TIMED = re.compile(r"\b(today|soon)\b")


def findings(answer, discipline=None):
    return [
        r["finding"]
        for r in answer["reasons"]
        if discipline is None or r["discipline"] == discipline
    ]


def notes(answer, discipline=None):
    return [
        n["text"] for n in answer["notes"] if discipline is None or n["discipline"] == discipline
    ]


def others(answer):
    return {o["id"]: o["because"] for o in answer["other_professionals"]}


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
    # v2: the reassuring word is a note, apart from the next steps, which keep only actions.
    answer = screen({"age_months": 30, "concerns": [concern]})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []
    assert any("after age 3" in note for note in notes(answer, "pt"))
    assert not any("after age 3" in step for step in answer["next_steps"])


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


def test_several_missed_milestones_in_one_area_make_an_evaluation_recommended_and_soon():
    # v2 principle 3 (was `routine` in v1): CDC set its ages so that a miss prompts action.
    answer = screen(
        {"age_months": 30, "milestones": {"twists-with-hands": "not-yet", "turns-pages": "not-yet"}}
    )
    assert answer["ot"]["level"] == "recommended"
    assert answer["urgency"] == "soon"
    several = [r for r in answer["reasons"] if "more than one" in r["text"]]
    assert [r["source"] for r in several] == ["cdc-2022"]


def test_missed_milestones_in_two_areas_are_not_several_in_one():
    answer = screen(
        {"age_months": 30, "milestones": {"jumps-both-feet": "not-yet", "turns-pages": "not-yet"}}
    )
    assert (answer["pt"]["level"], answer["ot"]["level"]) == ("consider", "consider")
    assert answer["urgency"] == "routine"


def test_unsure_is_never_a_finding_but_suggests_watching():
    answer = screen({"age_months": 30, "milestones": {"jumps-both-feet": "unsure"}})
    assert answer["overall"] == "monitor"
    assert answer["reasons"] == []
    assert any("Jumps off the ground" in note and "Watch" in note for note in notes(answer, "pt"))


def test_a_missed_move_of_both_arms_and_legs_is_a_difference_between_the_sides():
    # v2 principle 2: soon, with a reason for the doctor; PT counts it, OT is not raised.
    answer = screen({"age_months": 3, "milestones": {"moves-both-arms-and-legs": "not-yet"}})
    assert answer["urgency"] == "soon"
    assert answer["reasons"][0]["discipline"] == "medical"
    assert answer["pt"]["level"] == "consider"
    assert answer["ot"]["level"] == "not-indicated"
    assert findings(answer, "pt") == ["moves-both-arms-and-legs"]


def test_the_difference_between_the_sides_counts_among_missed_pt_milestones():
    answer = screen(
        {
            "age_months": 3,
            "milestones": {
                "moves-both-arms-and-legs": "not-yet",
                "holds-head-up-on-tummy": "not-yet",
            },
        }
    )
    assert (answer["pt"]["level"], answer["urgency"]) == ("recommended", "soon")


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
    assert any("never crawl" in note for note in notes(answer, "pt"))


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
def test_every_other_red_flag_is_soon_and_raises_only_the_disciplines_its_row_names(flag):
    # v2: pain, hips and weight gain raise no discipline, choking raises OT (v1: all raised PT).
    answer = screen({"age_months": 40, "red_flags": [flag]})
    raises, _ = RED_FLAG_ROWS[flag]
    assert answer["urgency"] == "soon"
    for discipline in ("pt", "ot"):
        assert (answer[discipline]["level"] != "not-indicated") == (discipline in raises)
    assert {r["discipline"] for r in answer["reasons"] if r["finding"] == flag} == {
        "medical",
        *raises,
    }


def test_several_soon_red_flags_stay_soon():
    answer = screen(
        {"age_months": 40, "red_flags": [f for f, u in RED_FLAGS.items() if u == "soon"]}
    )
    assert answer["urgency"] == "soon"


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_red_flag_brings_in_the_professionals_its_row_names(flag):
    _, professionals = RED_FLAG_ROWS[flag]
    answer = screen({"age_months": 40, "red_flags": [flag]})
    assert others(answer) == {p: [flag] for p in professionals}


def test_a_new_limp_with_fever_is_urgent_with_no_pt_or_ot_level():
    answer = screen({"age_months": 50, "red_flags": ["pain-limp-fever"]})
    assert (answer["urgency"], answer["overall"]) == ("urgent", "monitor")
    assert answer["reasons"][0]["source"] == "limping-child"
    assert "emergency room" in answer["next_steps"][0]


def test_a_new_limp_still_lets_each_concern_raise_its_own_discipline():
    answer = screen(
        {"age_months": 50, "red_flags": ["pain-limp-fever"], "concerns": ["hand-skills"]}
    )
    assert (answer["pt"]["level"], answer["ot"]["level"]) == ("not-indicated", "consider")


@pytest.mark.parametrize(("months", "urgency"), [(0, "urgent"), (5.9, "urgent"), (6, "soon")])
def test_a_very_floppy_baby_is_urgent_under_six_months(months, urgency):
    answer = screen({"age_months": months, "red_flags": ["very-floppy"]})
    assert answer["urgency"] == urgency
    assert answer["pt"]["level"] == "consider"
    assert "neurology" in others(answer)


def test_a_very_floppy_baby_is_judged_on_the_corrected_age():
    # 7 months old, born at 28 weeks: 4.2 months corrected, so urgent.
    answer = screen({"age_months": 7, "gestational_age_weeks": 28, "red_flags": ["very-floppy"]})
    assert answer["urgency"] == "urgent"
    assert "emergency room" in answer["next_steps"][0]


def test_choking_with_feeds_raises_ot_and_a_swallowing_look():
    answer = screen({"age_months": 9, "red_flags": ["choking-with-feeds"]})
    assert (answer["overall"], answer["urgency"]) == ("ot", "soon")
    assert others(answer) == {"speech-language-therapy": ["choking-with-feeds"]}
    assert {r["source"] for r in answer["reasons"]} == {"asha-dysphagia", "goday-2019"}


def test_poor_weight_gain_with_the_feeding_concern_raises_ot_as_that_concern_does():
    alone = screen({"age_months": 9, "red_flags": ["poor-weight-gain"]})
    assert (alone["overall"], alone["urgency"]) == ("monitor", "soon")
    both = screen({"age_months": 9, "red_flags": ["poor-weight-gain"], "concerns": ["feeding"]})
    feeding = screen({"age_months": 9, "concerns": ["feeding"]})
    assert both["ot"] == feeding["ot"]


def test_hip_signs_send_the_baby_to_the_doctor_soon_with_orthopedics():
    answer = screen({"age_months": 2, "red_flags": ["hip-signs"]})
    assert (answer["overall"], answer["urgency"]) == ("monitor", "soon")
    assert answer["reasons"][0]["source"] == "aap-2016-ddh"
    assert others(answer) == {"orthopedics": ["hip-signs"]}


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


def test_head_tilt_under_12_months_asks_the_doctor_to_check_the_hips_too():
    steps = screen({"age_months": 3, "concerns": ["head-tilt"]})["next_steps"]
    assert any("hips" in step and "doctor" in step for step in steps)


def test_head_tilt_from_12_months_goes_to_the_doctor_first_with_an_eye_check():
    # v2 principle 8 (v1: PT consider, routine): a late tilt can come from the eyes or nerves.
    answer = screen({"age_months": 12, "concerns": ["head-tilt"]})
    assert (answer["pt"]["level"], answer["urgency"]) == ("consider", "soon")
    assert answer["reasons"][0]["discipline"] == "medical"
    assert answer["reasons"][0]["source"] == "apta-cmt-2018"
    assert others(answer) == {"eye-check": ["head-tilt"]}
    assert not any("hips" in step for step in answer["next_steps"])


@pytest.mark.parametrize(
    "request_",
    [
        {"age_months": 14, "concerns": ["head-tilt"]},
        {"age_months": 8, "concerns": ["flat-head-spot"]},
        {"age_months": 130, "concerns": ["uneven-back"]},
    ],
)
def test_where_the_doctor_looks_first_the_evaluation_waits_for_the_doctor(request_):
    steps = screen(request_)["next_steps"]
    assert any(
        s.startswith("Once the doctor has seen your child, book an evaluation") for s in steps
    )
    assert not any(s.startswith(("Book an evaluation now", "Ask a physical")) for s in steps)


def test_a_soon_pt_finding_beside_a_doctor_first_concern_is_still_booked_now():
    answer = screen(
        {"age_months": 20, "concerns": ["head-tilt"], "milestones": {"walks-alone": "not-yet"}}
    )
    assert any(s.startswith("Book an evaluation now") for s in answer["next_steps"])


def test_a_flat_spot_on_the_head_is_pt():
    answer = screen({"age_months": 3, "concerns": ["flat-head-spot"]})
    assert answer["overall"] == "pt"
    assert answer["reasons"][0]["source"] == "cns-2016-plagio"


@pytest.mark.parametrize(
    ("months", "level", "urgency", "doctor_first"),
    [
        (5.9, "recommended", "routine", False),
        (6, "consider", "soon", True),  # v1: recommended, routine
        (11.9, "consider", "soon", True),
        (12, "consider", "routine", True),
        (24, "consider", "routine", True),
    ],
)
def test_a_flat_spot_goes_to_the_doctor_first_from_six_months(months, level, urgency, doctor_first):
    answer = screen({"age_months": months, "concerns": ["flat-head-spot"]})
    assert (answer["pt"]["level"], answer["urgency"]) == (level, urgency)
    assert (answer["reasons"][0]["discipline"] == "medical") == doctor_first


def test_the_flat_head_evidence_is_applied_only_to_the_babies_it_covers():
    infant = screen({"age_months": 3, "concerns": ["flat-head-spot"]})["reasons"][0]["text"]
    older = " ".join(
        r["text"] for r in screen({"age_months": 9, "concerns": ["flat-head-spot"]})["reasons"]
    )
    assert "helps more than" in infant
    assert "helps more than" not in older
    assert "helmet" in older


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
    # Principle 13's line on the AAP's autism screening names no finding: it is left out.
    beyond = get_content().messages["next_steps"]["beyond"]
    steps = [step for step in answer["next_steps"] if step != beyond]
    assert len(steps) == len(answer["next_steps"]) - 1
    words = " ".join(
        [r["text"] for r in answer["reasons"]]
        + steps
        + [n["text"] for n in answer["notes"]]
        + [o["text"] for o in answer["other_professionals"]]
    )
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
    assert answer["check_again_at_months"] == 24


def test_an_older_child_is_told_to_check_again_at_the_yearly_checkup():
    answer = screen({"age_months": 100})
    assert "yearly checkup" in answer["next_steps"][-1]
    assert answer["check_again_at_months"] is None


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
    assert steps[0].startswith("Book an evaluation now")
    assert "a physical therapist" in steps[0]


def test_routine_next_steps_ask_for_an_evaluation_without_alarm():
    steps = screen({"age_months": 84, "concerns": ["handwriting-scissors"]})["next_steps"]
    assert steps[0].startswith("Ask an occupational therapist to see your child")
    assert "now" not in steps[0]


def test_every_reason_names_a_source_and_the_answer_its_content_version():
    answer = screen(
        {"age_months": 48, "conditions": list(CONDITIONS), "red_flags": list(RED_FLAGS)}
    )
    sources = get_content().sources
    assert all(r["source"] in sources for r in answer["reasons"])
    assert answer["content_version"] == get_content().version


# 13. (v2) Beyond moving and doing


@pytest.mark.parametrize("months", [0, 10, 20, 35, 36, 100, 216])
@pytest.mark.parametrize(
    "request_",
    [{}, {"concerns": ["hand-skills"]}, {"red_flags": ["lost-skills"]}],
    ids=["nothing", "a-concern", "a-red-flag"],
)
def test_every_answer_points_once_to_the_doctor_for_talking_hearing_seeing_and_play(
    months, request_
):
    steps = screen({"age_months": months, **request_})["next_steps"]
    beyond = [s for s in steps if "talking, hearing, seeing, play and getting along" in s]
    assert len(beyond) == 1
    assert "doctor" in beyond[0]


@pytest.mark.parametrize(("months", "ages_named"), [(20, True), (35.9, True), (36, False)])
def test_the_aap_screening_ages_are_named_while_they_are_ahead(months, ages_named):
    steps = " ".join(screen({"age_months": months})["next_steps"])
    assert ("9, 18 and 30 month" in steps and "autism at 18 and 24" in steps) == ages_named


@pytest.mark.parametrize("concern", BEYOND)
def test_a_concern_beyond_moving_and_doing_raises_no_level_and_points_to_the_doctor(concern):
    answer = screen({"age_months": 20, "concerns": [concern]})
    assert (answer["pt"]["level"], answer["ot"]["level"]) == ("not-indicated", "not-indicated")
    assert answer["overall"] == "monitor"
    assert answer["urgency"] == ("soon" if concern == "hearing-seeing" else "routine")
    assert [r["discipline"] for r in answer["reasons"]] == ["medical"]
    assert answer["reasons"][0]["source"] == "aap-2020-surveillance"
    assert others(answer) == {p: [concern] for p in BEYOND[concern]}
    doctor_steps = [s for s in answer["next_steps"] if "doctor" in s]
    assert len(doctor_steps) >= 3  # its own, sharing the summary, and principle 13's


def test_a_monitor_answer_never_says_all_is_well():
    for request in ({"age_months": 20}, {"age_months": 20, "concerns": ["talking-understanding"]}):
        words = " ".join(screen(request)["next_steps"]).lower()
        assert "nothing in your answers points to pt or ot" in words
        for calm in ("all is well", "nothing to worry", "doing well", "enjoying"):
            assert calm not in words


def test_a_monitor_answer_with_urgency_leads_with_the_doctor():
    for request in (
        {"age_months": 2, "red_flags": ["hip-signs"]},
        {"age_months": 50, "red_flags": ["pain-limp-fever"]},
        {"age_months": 20, "concerns": ["hearing-seeing"]},
    ):
        answer = screen(request)
        assert answer["overall"] == "monitor"
        assert answer["urgency"] in {"soon", "urgent"}
        assert "doctor" in answer["next_steps"][0]
        words = " ".join(answer["next_steps"] + [n["text"] for n in answer["notes"]])
        assert "keep watching" not in words.lower()


def test_the_same_professional_from_two_inputs_is_listed_once_with_both():
    answer = screen({"age_months": 20, "concerns": ["talking-understanding", "hearing-seeing"]})
    assert others(answer)["hearing-test"] == ["talking-understanding", "hearing-seeing"]
    assert [o["id"] for o in answer["other_professionals"]].count("hearing-test") == 1


def test_nothing_beyond_pt_and_ot_leaves_other_professionals_empty():
    answer = screen({"age_months": 84, "concerns": ["handwriting-scissors"]})
    assert answer["other_professionals"] == []


def test_each_other_professional_is_described_and_sourced():
    answer = screen(
        {"age_months": 20, "concerns": list(BEYOND), "red_flags": ["lost-skills", "hip-signs"]}
    )
    content = get_content()
    for other in answer["other_professionals"]:
        assert other["text"] == content.professionals[other["id"]].text
        assert "doctor may suggest" in other["text"]
        assert other["source"] in content.sources


# 14. (v2) Reassurance never sits beside worry


def test_no_reassuring_note_for_a_recommended_discipline():
    # Walking is still ahead at 12 months, but standing with help is past its window.
    answer = screen(
        {
            "age_months": 12,
            "milestones": {"walks-alone": "not-yet", "stands-with-assistance": "not-yet"},
        }
    )
    assert answer["pt"]["level"] == "recommended"
    assert notes(answer, "pt") == []


def test_a_reassuring_note_stays_for_the_other_discipline():
    answer = screen(
        {
            "age_months": 12,
            "milestones": {"stands-with-assistance": "not-yet", "scribbles": "not-yet"},
        }
    )
    assert answer["pt"]["level"] == "recommended"
    assert any("still ahead" in note for note in notes(answer, "ot"))


def test_no_reassuring_note_for_a_discipline_with_a_finding_that_makes_it_soon():
    answer = screen({"age_months": 12, "concerns": ["head-tilt", "toe-walking"]})
    assert answer["pt"]["level"] == "consider"
    assert answer["urgency"] == "soon"
    assert notes(answer, "pt") == []


def test_a_watch_for_note_stays_beside_a_recommended_level():
    answer = screen({"age_months": 20, "milestones": {"walks-alone": "not-yet", "runs": "unsure"}})
    assert answer["pt"]["level"] == "recommended"
    assert any("weren’t sure" in note for note in notes(answer, "pt"))


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_no_note_at_all_beside_a_red_flag(flag):
    answer = screen(
        {
            "age_months": 15,
            "concerns": ["frequent-falls", "toe-walking", "in-toeing"],
            "milestones": {
                "walks-alone": "not-yet",
                "crawls-hands-knees": "not-yet",
                "runs": "unsure",
            },
            "red_flags": [flag],
        }
    )
    assert answer["notes"] == []


def test_next_steps_keep_only_actions():
    answer = screen(
        {
            "age_months": 15,
            "concerns": ["frequent-falls", "in-toeing"],
            "milestones": {"walks-alone": "not-yet", "crawls-hands-knees": "not-yet"},
        }
    )
    assert len(answer["notes"]) == 4
    for note in answer["notes"]:
        assert note["text"] not in answer["next_steps"]
        assert note["discipline"] in {"pt", "ot"}
    assert any("turn in" in step and "doctor" in step for step in answer["next_steps"])


# 15. (v2) Numbers a parent compares are shown alike


@pytest.mark.parametrize(
    ("request_", "limit", "age"),
    [
        ({"age_months": 17.7, "milestones": {"walks-alone": "not-yet"}}, "17.6", "17.7 months"),
        (
            {"age_months": 9.5, "milestones": {"sits-without-support": "not-yet"}},
            "9.2",
            "9.5 months",
        ),
        (
            {
                "age_months": 11.7,
                "gestational_age_weeks": 31,
                "milestones": {"sits-without-support": "not-yet"},
            },
            "9.2",
            "9.6 months, counting from the due date",
        ),
    ],
)
def test_an_age_beside_a_decimal_limit_carries_the_same_precision(request_, limit, age):
    text = screen(request_)["reasons"][0]["text"]
    assert f"by {limit} months, and your child is {age}." in text


def test_an_age_whole_months_past_a_limit_is_said_in_whole_months():
    text = screen({"age_months": 20, "milestones": {"stands-alone": "not-yet"}})["reasons"][0][
        "text"
    ]
    assert "by 16.9 months, and your child is 20 months." in text


def test_a_cdc_age_and_the_childs_age_are_said_in_the_same_words():
    text = screen({"age_months": 50, "milestones": {"catches-large-ball": "not-yet"}})["reasons"][
        0
    ]["text"]
    assert "Most children do this by 4 years, and your child is 4 years and 2 months." in text


# 16. (v2) The right door for each need


def test_recovery_after_an_injury_goes_to_the_doctor_or_an_outpatient_pt_not_the_school():
    steps = screen({"age_months": 216, "concerns": ["injury-recovery"]})["next_steps"]
    assert not any("school district" in step for step in steps)
    assert any("surgeon" in step and "straight to a physical therapist" in step for step in steps)


def test_recovery_after_an_injury_under_three_is_not_early_intervention():
    steps = screen({"age_months": 20, "concerns": ["injury-recovery"]})["next_steps"]
    assert not any("early intervention" in step for step in steps)


def test_a_developmental_need_beside_an_injury_keeps_its_own_door():
    steps = screen({"age_months": 60, "concerns": ["injury-recovery", "handwriting-scissors"]})[
        "next_steps"
    ]
    assert any("school district" in step for step in steps)
    assert any("surgeon" in step for step in steps)


@pytest.mark.parametrize(
    "request_",
    [
        {"age_months": 15, "red_flags": ["lost-skills", "very-stiff", "hip-signs"]},
        {
            "age_months": 15,
            "red_flags": ["lost-skills"],
            "concerns": ["hearing-seeing", "head-tilt"],
        },
        {"age_months": 50, "red_flags": ["pain-limp-fever", "tires-very-quickly"]},
        {"age_months": 3, "red_flags": ["very-floppy", "choking-with-feeds"]},
    ],
)
def test_when_urgent_the_doctor_step_is_given_once_and_first(request_):
    answer = screen(request_)
    assert answer["urgency"] == "urgent"
    steps = answer["next_steps"]
    assert steps[0].startswith("Call your child’s doctor today.")
    assert "If you can’t reach them today" in steps[0]
    timed = [s for s in steps if TIMED.search(s)]
    assert timed == [steps[0]]


@pytest.mark.parametrize(
    ("request_", "emergency_room"),
    [
        ({"age_months": 50, "red_flags": ["pain-limp-fever"]}, True),
        ({"age_months": 3, "red_flags": ["very-floppy"]}, True),
        ({"age_months": 40, "red_flags": ["lost-skills"]}, False),
    ],
)
def test_the_urgent_step_says_what_to_do_if_the_doctor_cannot_be_reached(request_, emergency_room):
    first = screen(request_)["next_steps"][0]
    assert ("urgent care or the emergency room" in first) == emergency_room
    assert "urgent care" in first


@pytest.mark.parametrize(
    "request_",
    [
        {"age_months": 9, "concerns": ["feeding"]},
        {"age_months": 9, "red_flags": ["choking-with-feeds"]},
        {"age_months": 30, "concerns": ["feeding"], "red_flags": ["lost-skills"]},
    ],
)
def test_wherever_feeding_is_raised_the_answer_says_when_to_call_for_emergency_help(request_):
    steps = screen(request_)["next_steps"]
    emergency = [s for s in steps if "can’t breathe or turns blue" in s]
    assert len(emergency) == 1
    assert "911" in emergency[0]


def test_no_emergency_words_where_feeding_is_not_raised():
    steps = screen({"age_months": 9, "concerns": ["hand-skills"]})["next_steps"]
    assert not any("911" in step for step in steps)


# 17. (v2) Concerns are asked for the age they fit; the engine takes any at any age


def test_the_engine_takes_a_concern_outside_its_asked_ages():
    baby = screen({"age_months": 2, "concerns": ["handwriting-scissors"]})
    assert baby["ot"]["level"] == "consider"
    toddler = screen({"age_months": 20, "concerns": ["uneven-back"]})
    assert toddler["pt"]["level"] == "consider"
    assert toddler["reasons"][0]["discipline"] == "medical"


def test_uneven_back_is_pt_to_consider_with_the_doctor_first():
    answer = screen({"age_months": 130, "concerns": ["uneven-back"]})
    assert (answer["pt"]["level"], answer["urgency"]) == ("consider", "routine")
    assert [r["discipline"] for r in answer["reasons"]] == ["medical", "pt"]
    assert {r["source"] for r in answer["reasons"]} == {"scoliosis-2016"}


# Sources that support their claims (EVIDENCE.md v2)


@pytest.mark.parametrize(
    ("condition", "source"),
    [
        ("adhd", "seed"),
        ("down-syndrome", "aap-2022-down"),
        ("developmental-coordination-disorder", "eacd-2019-dcd"),
        ("cerebral-palsy", "novak-2017-cp"),
        ("brachial-plexus-injury", "seed"),
        ("spina-bifida", "seed"),
    ],
)
def test_a_conditions_reasons_cite_the_conditions_own_source(condition, source):
    answer = screen({"age_months": 48, "conditions": [condition]})
    assert {r["source"] for r in answer["reasons"]} == {source}


def test_no_reason_but_the_motor_delay_ones_cites_the_motor_delay_guidance():
    everything = {
        "age_months": 48,
        "conditions": list(CONDITIONS),
        "concerns": [c for c in CONCERNS if c != "frequent-falls"],
    }
    assert "aap-2013-motor" not in {r["source"] for r in screen(everything)["reasons"]}


def test_cerebral_palsy_is_not_promised_an_outcome():
    text = screen({"age_months": 48, "conditions": ["cerebral-palsy"]})["reasons"][0]["text"]
    assert "usually do well" not in text
