"""What the engine keeps between answers, to be fast, says exactly what working it out afresh
would: the milestone sentences worded once per language, and the doctor's reasons kept apart
so that they lead without a sort."""

import pytest

from wholechild.screening import (
    LANGUAGES,
    describe_age,
    get_content,
    largest_request,
    rules,
    screen,
)
from wholechild.screening.content import DISCIPLINES, LEVELS, URGENCIES
from wholechild.screening.rules import _CHILD_AGE, _milestone_sentences, _number

AGE_WORDS = ("17 months", "1 year and 5 months, counting from the due date", "{age}", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_milestone_sentence_kept_is_the_one_str_format_gives(language):
    content = get_content(language)
    say = content.messages["milestone"]
    sentences = _milestone_sentences(content)
    assert list(sentences) == list(content.milestones)
    for milestone in content.milestones.values():
        kept = sentences[milestone.id]
        assert kept.one_sided == say["one_sided"].format(label=milestone.label)
        for words in AGE_WORDS:
            if milestone.cdc_months is not None:
                limit = describe_age(milestone.cdc_months, language)
                expected = say["missed"].format(label=milestone.label, limit=limit, age=words)
                assert words.join(kept.missed) == expected
            if milestone.who_window is not None:
                months = _number(milestone.who_window[1])
                expected = say["past_window"].format(
                    label=milestone.label, months=months, age=words
                )
                assert words.join(kept.past_window) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_words_of_the_content_hold_the_mark_for_the_childs_age(language):
    content = get_content(language)
    texts = [text for section in content.messages.values() for text in section.values()]
    texts += [milestone.label for milestone in content.milestones.values()]
    assert not [text for text in texts if _CHILD_AGE in text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_doctors_reasons_lead_each_group_in_the_order_found(language):
    for months in range(0, 217, 3):
        answer = screen(dict(largest_request(), age_months=months), language=language)
        reasons = answer["reasons"]
        assert reasons == sorted(reasons, key=lambda reason: reason["discipline"] != "medical")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_answer_is_the_same_with_the_kept_sentences_worded_afresh(language, monkeypatch):
    requests = [dict(largest_request(), age_months=months) for months in range(0, 80, 5)]
    kept = [screen(request, language=language) for request in requests]
    monkeypatch.setattr(rules, "_tables", {})
    assert [screen(request, language=language) for request in requests] == kept


# The judges' tables (rules._Tables) hold, for each language, what the content says, laid out
# for the judges' loops: each is checked here against the content's own records.

AGES = [n / 10 for n in range(0, 2161, 5)]  # every half month to 18 years


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_milestone_row_is_what_the_content_says(language):
    content = get_content(language)
    tables = rules._tables_for(content)
    assert list(tables.milestones) == list(content.milestones)
    assert tables.milestone_rows == tuple(tables.milestones.values())
    for place, milestone in enumerate(content.milestones.values()):
        window, cdc = milestone.who_window, milestone.cdc_months
        assert tables.milestones[milestone.id] == (
            place,
            milestone.id,
            milestone.discipline,
            milestone.optional,
            milestone.id == "walks-alone",
            window[1] if window is not None else float("inf"),
            cdc if cdc is not None else float("inf"),
            milestone.one_sided,
            _milestone_sentences(content)[milestone.id],
        )
        assert tables.quoted_labels[milestone.id] == f"“{milestone.label}”"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_concern_row_gives_the_rule_the_content_gives_at_every_age(language):
    content = get_content(language)
    tables = rules._tables_for(content)
    assert list(tables.concerns) == list(content.concerns)
    for concern in content.concerns.values():
        discipline, injury, feeding, until, first, later = tables.concerns[concern.id]
        assert (discipline, injury, feeding) == (
            concern.discipline,
            concern.door == "injury",
            concern.feeding,
        )
        for age in AGES:
            # As the judge picks it: the first rule, or the first later one the age is under.
            row = first if age < until else next(r for stop, r in later if age < stop)
            rule = concern.rule_at(age)
            raises = concern.discipline is not None and rule.level != "not-indicated"
            plain = raises and not (
                rule.medical
                or rule.urgency != "routine"
                or rule.note
                or rule.step
                or rule.others
                or concern.feeding
            )
            assert row == (
                plain,
                raises,
                LEVELS.index(rule.level),
                rule.reason,
                rule.medical,
                URGENCIES.index(rule.urgency),
                concern.note_discipline if rule.note else None,
                rule.note,
                rule.step,
                rule.others,
                rule.source,
            ), (concern.id, age)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_condition_row_is_its_reasons_for_the_disciplines_it_raises(language):
    content = get_content(language)
    tables = rules._tables_for(content)
    assert list(tables.conditions) == list(content.conditions)
    for condition in content.conditions.values():
        expected = []
        for discipline in DISCIPLINES:
            level = condition.pt if discipline == "pt" else condition.ot
            if level != "not-indicated":
                reason = condition.reasons[discipline]
                expected.append((discipline, reason, condition.source, LEVELS.index(level)))
        assert tables.conditions[condition.id] == tuple(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_red_flag_row_is_what_the_content_says(language):
    content = get_content(language)
    tables = rules._tables_for(content)
    assert list(tables.red_flags) == list(content.red_flags)
    for flag in content.red_flags.values():
        assert tables.red_flags[flag.id] == (
            flag.urgent_below_months,
            (URGENCIES.index("urgent"), flag.urgent_reason, flag.urgent_source),
            (URGENCIES.index(flag.urgency), flag.reason, flag.source),
            next(iter(flag.reasons), None),
            flag.emergency,
            tuple((d, reason, flag.reason_sources[d]) for d, reason in flag.reasons.items()),
            flag.others,
            flag.others_source,
            flag.feeding,
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tables_are_built_once_per_content(language):
    content = get_content(language)
    assert rules._tables_for(content) is rules._tables_for(content)
    assert rules._tables_for(content).content is content


@pytest.mark.parametrize("answered", [1, 5, 25, 26, 27, 40, "all"])
def test_the_milestones_are_judged_in_the_contents_order_however_many_are_answered(answered):
    # A few answers are sorted into the content's order, most are met walking through it: the
    # answer is the same either way, and never follows the order the answers were sent in.
    content = get_content()
    ids = list(content.milestones)
    chosen = ids if answered == "all" else ids[: int(answered)]
    request = {"age_months": 70, "milestones": dict.fromkeys(reversed(chosen), "not-yet")}
    answer = screen(request)
    several = content.messages["milestone"]["missed_several"]
    findings = [
        reason["finding"]
        for reason in answer["reasons"]
        if reason["discipline"] != "medical" and reason["text"] != several
    ]
    assert findings
    assert findings == sorted(findings, key=ids.index)
    # And the same as answering them in the content's own order.
    in_order = dict(request, milestones=dict.fromkeys(chosen, "not-yet"))
    assert screen(in_order) == answer
