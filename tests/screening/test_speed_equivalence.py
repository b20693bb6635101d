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
    monkeypatch.setattr(rules, "_worded", {})
    assert [screen(request, language=language) for request in requests] == kept
