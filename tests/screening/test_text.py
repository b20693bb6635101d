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


def test_it_shows_who_else_may_help_and_when_to_check_again():
    text = render_text(screen({"age_months": 20, "concerns": ["talking-understanding"]}))
    assert "Who else may help (through your child's doctor)" in text
    assert "- Your child’s doctor may suggest a speech-language therapist." in text
    assert "- Your child’s doctor may suggest a hearing test." in text
    assert "Check again: when your child is 2 years" in text
    assert "In short: talk to your child's doctor" in text
    assert "Lipkin PH" in text  # the source of the doctor's reason, by name


def test_it_keeps_notes_apart_from_the_next_steps():
    text = render_text(screen({"age_months": 15, "concerns": ["toe-walking"]}))
    notes = text[text.index("Good to know") :]
    steps = text[text.index("What to do next") : text.index("Good to know")]
    assert "walk on tiptoes while they learn" in notes
    assert "tiptoes" not in steps


def test_a_monitor_answer_with_urgency_leads_with_the_doctor_and_never_says_keep_watching():
    text = render_text(screen({"age_months": 2, "red_flags": ["hip-signs"]}))
    assert "In short: your child's doctor first" in text
    assert "How soon: see your child's doctor soon" in text
    assert "keep watching" not in text.lower()


def test_a_calm_monitor_answer_says_nothing_points_to_pt_or_ot():
    text = render_text(screen({"age_months": 20}))
    assert "In short: keep watching: nothing in your answers points to PT or OT now" in text
    assert "How soon: nothing urgent" in text


def test_an_older_child_checks_again_at_the_yearly_checkup():
    assert "Check again: at your child's yearly checkup" in render_text(screen({"age_months": 80}))


def test_it_reads_an_answer_from_before_version_2():
    answer = screen({"age_months": 20})
    for field in ("notes", "other_professionals", "check_again_at_months"):
        del answer[field]
    text = render_text(answer)
    assert "Check again" not in text and "Good to know" not in text
