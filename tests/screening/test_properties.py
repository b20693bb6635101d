"""Properties over many requests: every valid one gives a valid answer, anything else a
ScreeningError and never another exception."""

import datetime
import json

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
    RED_FLAGS,
    SOURCES,
    URGENCIES,
)

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
        given_ids = (
            set(request.get("milestones", {}))
            | set(request.get("concerns", []))
            | set(request.get("conditions", []))
            | set(request.get("red_flags", []))
        )
        assert reason["finding"] in given_ids, "each reason is tied to what the parent said"
    age = answer["age"]
    corrected = age["corrected_months"]
    assert age["used_months"] == (age["chronological_months"] if corrected is None else corrected)


@settings(max_examples=200)
@given(valid_requests())
def test_red_flags_are_never_missed(request):
    answer = screen(request, today=TODAY)
    flags = request.get("red_flags", [])
    if flags:
        worst = max(URGENCY_RANK[RED_FLAGS[f]] for f in flags)
        assert URGENCY_RANK[answer["urgency"]] >= worst
        assert answer["pt"]["level"] != "not-indicated"
    if "lost-skills" in flags:
        assert answer["urgency"] == "urgent"
        assert "doctor" in answer["next_steps"][0]


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
