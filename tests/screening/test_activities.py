"""Things to do at home while a family waits (content/activities.toml): one for each finding
that can have one, sourced, plain, and never beside an urgent answer."""

import re

import pytest
import textstat

from wholechild.screening import get_content, home_activities, screen
from wholechild.screening.content import ContentError, _activities

# Where home practice waits for a therapist or the doctor (docs/parents-results.md).
NO_ACTIVITY = {
    "moves-both-arms-and-legs",  # a difference between the two sides: the doctor first
    "crawls-hands-knees",  # never a finding
    "stiffness-flexibility",  # a stretch can hurt: a therapist shows it
    "mobility-device",
    "toe-walking",
    "injury-recovery",
    "uneven-back",
    "sensory-sensitivities",
}
# The sources whose content supports everyday practice at home.
HOME_SOURCES = {"cdc-2022", "eacd-2019-dcd", "apta-cmt-2018", "cns-2016-plagio"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“])")


def test_every_milestone_and_pt_or_ot_concern_has_an_activity_or_a_reason_not_to():
    content = get_content()
    findings = {m for m in content.milestones} | {
        c.id for c in content.concerns.values() if c.discipline is not None
    }
    covered = {f for activity in content.activities for f in activity.findings}
    assert covered == findings - NO_ACTIVITY
    assert not covered & NO_ACTIVITY


def test_each_activity_names_a_source_that_supports_home_practice():
    for activity in get_content().activities:
        assert activity.source in HOME_SOURCES, activity.id


def test_each_activity_is_plain_words_a_worried_parent_reads_on_a_phone():
    for activity in get_content().activities:
        for sentence in SENTENCE_END.split(activity.text):
            assert textstat.flesch_kincaid_grade(sentence) <= 8, (activity.id, sentence)
        assert len(activity.text) <= 160, activity.id


def test_an_activity_fits_the_age_it_is_given_at():
    content = get_content()
    assert content.activity_for("head-tilt", 3).id == "head-turning"
    assert content.activity_for("head-tilt", 18) is None  # the doctor looks first after 1
    assert content.activity_for("hand-skills", 8).id == "hands-baby"
    assert content.activity_for("hand-skills", 30).id == "hands-child"
    assert content.activity_for("feeding", 3) is None  # milk feeds: nothing to try at home


def test_the_answer_gets_one_activity_per_finding_in_the_order_of_the_reasons():
    answer = screen(
        {
            "age_months": 20,
            "milestones": {"walks-alone": "not-yet", "takes-few-steps": "not-yet"},
            "concerns": ["hand-skills"],
        }
    )
    found = home_activities(answer)
    assert [a["finding"] for a in found] == ["takes-few-steps", "hand-skills"]  # walking once
    assert all(a["discipline"] in ("pt", "ot") and a["source"] for a in found)


def test_an_urgent_answer_gets_no_activity():
    answer = screen(
        {"age_months": 20, "milestones": {"walks-alone": "not-yet"}, "red_flags": ["lost-skills"]}
    )
    assert home_activities(answer) == []


def test_a_calm_answer_gets_no_activity():
    assert home_activities(screen({"age_months": 20})) == []


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"id": "x", "findings": ["nope"], "text": "t", "source": "cdc-2022"}, "not a milestone"),
        ({"id": "x", "findings": ["in-toeing"], "text": "t", "source": "cdc-2022"}, "PT or OT"),
        ({"id": "x", "findings": ["runs"], "text": "t", "source": "nope"}, "unknown source"),
        (
            {"id": "x", "findings": ["runs"], "text": "t", "source": "cdc-2022", "until_months": 0},
            "until_months",
        ),
    ],
)
def test_the_content_check_refuses_a_broken_activity(entry, says):
    content = get_content()
    with pytest.raises(ContentError, match=says):
        _activities({"activity": [entry]}, content.milestones, content.concerns, content.sources)


def test_the_content_check_refuses_two_activities_for_one_finding_at_one_age():
    content = get_content()
    entries = [
        {"id": "a", "findings": ["runs"], "text": "t", "source": "cdc-2022", "until_months": 30},
        {"id": "b", "findings": ["runs"], "text": "t", "source": "cdc-2022", "from_months": 24},
    ]
    with pytest.raises(ContentError, match="already have"):
        _activities({"activity": entries}, content.milestones, content.concerns, content.sources)
