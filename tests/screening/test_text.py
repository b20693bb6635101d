"""The answer as plain text, for a person at a command line."""

from wholechild.screening import render_text, screen


def test_it_reads_as_a_summary_for_a_person():
    answer = screen({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})
    text = render_text(answer)
    assert "Physical therapy (PT): recommended" in text
    assert "Occupational therapy (OT): not needed now" in text
    assert "How soon: book an evaluation now" in text
    assert "Most children walk on their own by 18 months" in text
    assert "1. Book an evaluation" in text
    assert "This is not a diagnosis" in text
    assert answer["content_version"] in text
    assert "Noritz GH" in text  # the source, by name


def test_it_shows_the_corrected_age_when_there_is_one():
    text = render_text(screen({"age_months": 13, "gestational_age_weeks": 28}))
    assert "Age: 13 months" in text
    assert "Corrected age: 10 months" in text
    assert "keep watching" in text
