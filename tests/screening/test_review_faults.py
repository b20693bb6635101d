"""The nine faults the pediatric PT/OT review found in the version-1 answers (issue 9), each
read as a parent reads it: the `wholechild screen --text` answer."""

import pytest

from wholechild.screening import ScreeningError, get_content, render_text, screen


def text(request):
    return render_text(screen(request))


# 1. The WHO sentence rounded the child's age down (principle 15).


@pytest.mark.parametrize(
    ("request_", "sentence"),
    [
        (
            {"age_months": 17.7, "milestones": {"walks-alone": "not-yet"}},
            "by 17.6 months, and your child is 17.7 months.",
        ),
        (
            {"age_months": 9.5, "milestones": {"sits-without-support": "not-yet"}},
            "by 9.2 months, and your child is 9.5 months.",
        ),
        (
            {
                "age_months": 11.7,
                "gestational_age_weeks": 31,
                "milestones": {"sits-without-support": "not-yet"},
            },
            "by 9.2 months, and your child is 9.6 months, counting from the due date.",
        ),
    ],
)
def test_1_the_childs_age_is_never_rounded_down_beside_a_limit(request_, sentence):
    shown = text(request_)
    assert sentence in shown
    assert "your child is 17 months" not in shown and "your child is 9 months" not in shown


# 2. Reassurance beside worry (principle 14).


def test_2_no_toddlers_fall_a_lot_after_call_your_doctor_today():
    shown = text({"age_months": 15, "concerns": ["frequent-falls"], "red_flags": ["lost-skills"]})
    assert "Call your child’s doctor today" in shown
    assert "Toddlers fall a lot" not in shown


def test_2_no_tiptoes_are_normal_beside_very_stiff():
    shown = text({"age_months": 24, "concerns": ["toe-walking"], "red_flags": ["very-stiff"]})
    assert "walk on tiptoes while they learn" not in shown


def test_2_no_walking_is_still_ahead_beside_a_pt_recommendation():
    answer = screen(
        {
            "age_months": 12,
            "milestones": {"walks-alone": "not-yet", "stands-with-assistance": "not-yet"},
        }
    )
    assert answer["pt"]["level"] == "recommended"
    shown = render_text(answer)
    assert "still ahead" not in shown
    assert "not a worry" not in shown


def test_2_the_reassurance_is_still_given_where_nothing_worries():
    shown = text({"age_months": 15, "concerns": ["frequent-falls"]})
    assert "Good to know\n- Toddlers fall a lot while they learn to move." in shown


# 3. "No rush" for a recommendation whose own reason says not to wait (principle 3, v2).


def test_3_two_missed_milestones_are_soon_and_never_no_rush():
    shown = text({"age_months": 26, "milestones": {"kicks-ball": "not-yet", "runs": "not-yet"}})
    assert "How soon: book an evaluation now, rather than wait" in shown
    assert "no rush" not in shown.lower()


@pytest.mark.parametrize(
    "request_",
    [
        {"age_months": 48, "conditions": ["cerebral-palsy"]},
        {"age_months": 3, "concerns": ["flat-head-spot"]},
    ],
)
def test_3_a_routine_recommendation_does_not_say_no_rush(request_):
    answer = screen(request_)
    assert (answer["urgency"], answer["pt"]["level"]) == ("routine", "recommended")
    shown = render_text(answer)
    assert "no rush" not in shown.lower()
    assert "How soon: not urgent, but plan an evaluation in the coming weeks" in shown


# 4. Two doctor steps at once when urgent (principle 16).


def test_4_one_doctor_step_when_urgent():
    shown = text({"age_months": 15, "red_flags": ["lost-skills", "very-stiff"]})
    steps = shown[shown.index("What to do next") :].split("\n\n")[0]
    assert "1. Call your child’s doctor today." in steps
    assert "If you can’t reach them today" in steps
    assert "see your child soon" not in steps


# 5. An 18-year-old recovering from a sports injury was sent to the school district.


def test_5_recovery_after_an_injury_is_not_sent_to_the_school():
    shown = text({"age_months": 216, "concerns": ["injury-recovery"]})
    assert "school district" not in shown
    assert "your child’s doctor or surgeon can send you to a physical therapist" in shown
    assert "go straight to a physical therapist" in shown


# 6. For lost skills the OT reason spoke of hand use, whatever the skill lost.


def test_6_lost_skills_say_what_the_doctor_looks_at_without_guessing_the_skill():
    answer = screen({"age_months": 30, "red_flags": ["lost-skills"]})
    words = " ".join(r["text"] for r in answer["reasons"])
    assert "find out what changed and why" in words
    for guess in ("hand use", "hands", "talking", "walking"):
        assert guess not in words


# 7. The error for a missing age read "age_months: (missing) is; …".


def test_7_a_missing_age_is_said_plainly():
    with pytest.raises(ScreeningError) as raised:
        screen({"milestones": {"runs": "yes"}})
    message = str(raised.value)
    assert message == (
        "age_months is missing; give age_months (0 to 216) or birth_date (YYYY-MM-DD)."
    )
    assert raised.value.as_dict()["error"]["value"] is None


# 8. Source keys that did not support their claim (EVIDENCE.md v2).


@pytest.mark.parametrize(
    ("condition", "wrong"),
    [
        ("adhd", "aap-2012-sensory"),
        ("down-syndrome", "aap-2013-motor"),
        ("brachial-plexus-injury", "aap-2013-motor"),
        ("spina-bifida", "aap-2013-motor"),
        ("developmental-coordination-disorder", "dsm5-dcd"),
    ],
)
def test_8_no_condition_cites_a_source_that_does_not_support_it(condition, wrong):
    answer = screen({"age_months": 60, "conditions": [condition]})
    assert wrong not in {r["source"] for r in answer["reasons"]}
    shown = render_text(answer)
    assert get_content().sources[answer["reasons"][0]["source"]].citation in shown


def test_8_cerebral_palsy_is_not_promised_an_outcome():
    assert "usually do well" not in text({"age_months": 48, "conditions": ["cerebral-palsy"]})


def test_8_the_flat_head_evidence_is_used_only_for_young_babies():
    assert "helps more than" in text({"age_months": 4, "concerns": ["flat-head-spot"]})
    assert "helps more than" not in text({"age_months": 8, "concerns": ["flat-head-spot"]})


# 9. British and US spelling mixed (tests/screening/test_wording.py checks the whole content).


def test_9_the_answers_read_in_us_english():
    shown = text(
        {
            "age_months": 34,
            "milestones": {"takes-off-loose-clothes": "not-yet"},
            "conditions": ["adhd"],
            "concerns": ["hand-skills"],
        }
    )
    assert "loose pants" in shown and "trousers" not in shown
    assert "organized" in shown and "organised" not in shown
    assert "make a plan with you" in shown and "agree a plan" not in shown
    assert "zippers" in shown
