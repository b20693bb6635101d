"""The content files: complete against the contract, sourced, and compiled in step."""

import json

from wholechild.screening import get_content
from wholechild.screening.content import COMPILED, read_sources

from .vocabulary import (
    ASKED,
    CONCERNS,
    CONDITIONS,
    MILESTONES,
    PROFESSIONALS,
    RED_FLAG_ROWS,
    RED_FLAGS,
    SOURCES,
)


def test_compiled_content_is_in_step_with_the_toml_files():
    with open(COMPILED, encoding="utf-8") as handle:
        compiled = json.load(handle)
    assert compiled == json.loads(json.dumps(read_sources())), (
        "content/*.toml changed: run `python -m wholechild.screening.compile_content`"
    )


def test_it_has_every_milestone_of_the_contract_with_its_ages():
    milestones = get_content().milestones
    assert set(milestones) == set(MILESTONES)
    for mid, (discipline, cdc, who) in MILESTONES.items():
        m = milestones[mid]
        assert (m.discipline, m.cdc_months, m.who_window) == (discipline, cdc, who), mid


def test_only_crawling_is_optional():
    assert [m.id for m in get_content().milestones.values() if m.optional] == ["crawls-hands-knees"]


def test_it_has_every_concern_in_the_discipline_the_article_gives():
    concerns = get_content().concerns
    assert {c: concerns[c].discipline for c in concerns} == CONCERNS
    assert {c.group for c in concerns.values() if c.discipline == "pt"} == {"moving"}
    assert {c.group for c in concerns.values() if c.discipline == "ot"} == {"doing"}
    assert {c.group for c in concerns.values() if c.discipline is None} == {"other"}


def test_each_concern_is_asked_over_the_ages_the_contract_gives():
    concerns = get_content().concerns
    assert {c: concerns[c].asked for c in concerns} == ASKED


def test_the_concerns_asked_at_an_age_are_those_whose_range_holds_it():
    content = get_content()
    assert [c.id for c in content.concerns_asked_at(2)] == [
        c for c, (low, high) in ASKED.items() if low <= 2 <= high
    ]
    baby = {c.id for c in content.concerns_asked_at(3)}
    assert "handwriting-scissors" not in baby and "uneven-back" not in baby
    assert "flat-head-spot" not in {c.id for c in content.concerns_asked_at(30)}
    assert "uneven-back" in {c.id for c in content.concerns_asked_at(96)}
    assert "flat-head-spot" in {c.id for c in content.concerns_asked_at(24)}


def test_it_has_every_condition_with_the_contracts_levels():
    conditions = get_content().conditions
    assert {c: (v.pt, v.ot) for c, v in conditions.items()} == CONDITIONS


def test_it_has_every_red_flag_with_its_urgency():
    assert {r: v.urgency for r, v in get_content().red_flags.items()} == RED_FLAGS


def test_each_red_flag_raises_and_involves_what_its_row_names():
    flags = get_content().red_flags
    assert {r: (set(v.reasons), set(v.others)) for r, v in flags.items()} == RED_FLAG_ROWS


def test_only_a_very_floppy_baby_is_urgent_by_age_and_under_six_months():
    flags = get_content().red_flags.values()
    assert {f.id: f.urgent_below_months for f in flags if f.urgent_below_months} == {
        "very-floppy": 6
    }


def test_it_describes_each_other_professional_of_the_contract():
    assert set(get_content().professionals) == PROFESSIONALS


def test_its_sources_are_the_evidence_tables_keys():
    assert set(get_content().sources) == SOURCES


def test_every_piece_of_content_names_a_known_source():
    content = get_content()
    for item in [
        *content.concerns.values(),
        *content.conditions.values(),
        *content.red_flags.values(),
    ]:
        assert item.source in content.sources, item.id
    for m in content.milestones.values():
        assert m.source in content.sources


def test_a_red_flag_is_worded_calmly():
    # What the parent sees, not an alarm (issue 9: no "rag doll").
    for flag in get_content().red_flags.values():
        words = f"{flag.label} {flag.hint}".lower()
        for alarm in ("rag doll", "emergency", "danger", "!"):
            assert alarm not in words, flag.id


def test_the_version_changes_with_the_words():
    version = get_content().version
    assert version.startswith(read_sources()["files"]["messages.toml"]["version"] + "+")
    assert len(version.split("+")[1]) == 8
