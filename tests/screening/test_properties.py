"""Properties over many requests: every valid one gives a valid answer, anything else a
ScreeningError and never another exception."""

import datetime
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wholechild.screening import ScreeningError, get_content, screen
from wholechild.screening.rules import FIELDS

from .vocabulary import (
    CONCERNS,
    CONDITIONS,
    LEVELS,
    MILESTONES,
    OVERALLS,
    PROFESSIONALS,
    RED_FLAG_ROWS,
    RED_FLAGS,
    SOURCES,
    URGENCIES,
)

# A step that says when to see the doctor (not "sooner if something worries you").
TIMED = re.compile(r"\b(today|soon)\b")

TODAY = datetime.date(2026, 11, 27)
RANK = {"not-indicated": 0, "consider": 1, "recommended": 2}
URGENCY_RANK = {"routine": 0, "soon": 1, "urgent": 2}

ages = st.one_of(
    st.integers(min_value=0, max_value=216),
    st.floats(min_value=0, max_value=216, allow_nan=False),
)
birth_dates = st.dates(min_value=TODAY - datetime.timedelta(days=6570), max_value=TODAY)


def subsets(ids):
    return st.lists(st.sampled_from(sorted(ids)), unique=True)


@st.composite
def valid_requests(draw):
    request = {}
    if draw(st.booleans()):
        request["age_months"] = draw(ages)
    else:
        request["birth_date"] = draw(birth_dates).isoformat()
    if draw(st.booleans()):
        request["gestational_age_weeks"] = draw(st.integers(22, 44) | st.floats(22, 44))
    if draw(st.booleans()):
        request["milestones"] = draw(
            st.dictionaries(
                st.sampled_from(sorted(MILESTONES)), st.sampled_from(["yes", "not-yet", "unsure"])
            )
        )
    for field, ids in (
        ("concerns", CONCERNS),
        ("conditions", CONDITIONS),
        ("red_flags", RED_FLAGS),
    ):
        if draw(st.booleans()):
            request[field] = draw(subsets(ids))
    return request


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(valid_requests())
def test_every_valid_request_gives_a_valid_answer(request):
    answer = screen(request, today=TODAY)
    assert json.loads(json.dumps(answer)) == answer
    assert answer["pt"]["level"] in LEVELS and answer["ot"]["level"] in LEVELS
    assert answer["urgency"] in URGENCIES and answer["overall"] in OVERALLS
    pt, ot = RANK[answer["pt"]["level"]], RANK[answer["ot"]["level"]]
    expected = "both" if pt and ot else "pt" if pt else "ot" if ot else "monitor"
    assert answer["overall"] == expected
    assert answer["next_steps"], "there is always something to do next"
    assert answer["content_version"] == get_content().version
    for reason in answer["reasons"]:
        assert reason["discipline"] in {"pt", "ot", "medical"}
        assert reason["source"] in SOURCES
        assert reason["text"].strip()
        assert reason["finding"] in given_ids(request), "each reason is tied to what was said"
    age = answer["age"]
    corrected = age["corrected_months"]
    assert age["used_months"] == (age["chronological_months"] if corrected is None else corrected)
    for note in answer["notes"]:
        assert note["discipline"] in {"pt", "ot"}
        assert note["finding"] in given_ids(request)
        assert note["text"].strip() and note["text"] not in answer["next_steps"]
    for other in answer["other_professionals"]:
        assert other["id"] in PROFESSIONALS
        assert other["source"] in SOURCES
        assert other["text"].strip()


def given_ids(request):
    return (
        set(request.get("milestones", {}))
        | set(request.get("concerns", []))
        | set(request.get("conditions", []))
        | set(request.get("red_flags", []))
    )


@settings(max_examples=200)
@given(valid_requests())
def test_red_flags_are_never_missed(request):
    answer = screen(request, today=TODAY)
    flags = request.get("red_flags", [])
    if flags:
        worst = max(URGENCY_RANK[RED_FLAGS[f]] for f in flags)
        assert URGENCY_RANK[answer["urgency"]] >= worst
        assert "doctor" in answer["next_steps"][0]
        # v2: each raises the disciplines its row names (v1: every red flag raised PT).
        for flag in flags:
            for discipline in RED_FLAG_ROWS[flag][0]:
                assert answer[discipline]["level"] != "not-indicated"
    if {"lost-skills", "pain-limp-fever"} & set(flags):
        assert answer["urgency"] == "urgent"


@settings(max_examples=300)
@given(valid_requests())
def test_a_red_flag_never_leaves_notes(request):
    answer = screen(request, today=TODAY)
    if request.get("red_flags"):
        assert answer["notes"] == []


@settings(max_examples=300)
@given(valid_requests())
def test_check_again_is_never_before_the_child_nor_past_the_correction(request):
    answer = screen(request, today=TODAY)
    age, again = answer["age"], answer["check_again_at_months"]
    if age["used_months"] >= 60:
        assert again is None
        return
    assert again is not None
    assert again >= age["chronological_months"]
    if age["corrected_months"] is not None:
        assert again <= 24
    else:
        assert again > age["used_months"]


@settings(max_examples=300)
@given(valid_requests())
def test_every_other_professional_names_an_input_that_caused_it(request):
    answer = screen(request, today=TODAY)
    ids = [other["id"] for other in answer["other_professionals"]]
    assert len(ids) == len(set(ids))
    for other in answer["other_professionals"]:
        assert other["because"]
        assert len(other["because"]) == len(set(other["because"]))
        assert set(other["because"]) <= given_ids(request)


@settings(max_examples=200)
@given(valid_requests())
def test_when_urgent_the_doctor_step_comes_once_and_first(request):
    answer = screen(request, today=TODAY)
    if answer["urgency"] == "urgent":
        steps = answer["next_steps"]
        assert steps[0].startswith("Call your child’s doctor today.")
        assert [s for s in steps if TIMED.search(s)] == [steps[0]]


@settings(max_examples=200)
@given(valid_requests())
def test_no_answer_with_a_recommended_level_says_no_rush(request):
    from wholechild.screening import render_text

    answer = screen(request, today=TODAY)
    if "recommended" in (answer["pt"]["level"], answer["ot"]["level"]):
        assert "no rush" not in render_text(answer).lower()


@settings(max_examples=200)
@given(valid_requests())
def test_a_condition_is_always_a_floor(request):
    answer = screen(request, today=TODAY)
    for condition in request.get("conditions", []):
        pt, ot = CONDITIONS[condition]
        assert RANK[answer["pt"]["level"]] >= RANK[pt]
        assert RANK[answer["ot"]["level"]] >= RANK[ot]


@settings(max_examples=200)
@given(valid_requests())
def test_unsure_answers_never_change_the_result(request):
    milestones = request.get("milestones", {})
    if not milestones:
        return
    without_unsure = {k: v for k, v in milestones.items() if v != "unsure"}
    a = screen(request, today=TODAY)
    b = screen({**request, "milestones": without_unsure}, today=TODAY)
    assert (a["pt"], a["ot"], a["urgency"], a["reasons"]) == (
        b["pt"],
        b["ot"],
        b["urgency"],
        b["reasons"],
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=600)
@given(
    st.one_of(
        json_values,
        st.dictionaries(st.sampled_from([*FIELDS, "colour"]) | st.text(max_size=8), json_values),
        valid_requests().flatmap(
            lambda r: st.tuples(st.sampled_from(FIELDS), json_values).map(
                lambda kv: {**r, kv[0]: kv[1]}
            )
        ),
    )
)
def test_any_input_gives_an_answer_or_a_screening_error_and_nothing_else(request):
    try:
        answer = screen(request, today=TODAY)
    except ScreeningError as error:
        assert error.field
        assert json.dumps(error.as_dict())
        assert str(error).startswith(error.field)
    else:
        assert answer["overall"] in OVERALLS
