"""The child's age: from months or a birth date, and corrected for being born early."""

import datetime

import pytest

from wholechild.screening import ScreeningError, child_age, describe_age, milestones_for_age
from wholechild.screening.age import check_again_months, describe_months, months_between

TODAY = datetime.date(2026, 11, 27)


def test_it_takes_the_age_in_months_as_given():
    age = child_age(age_months=20)
    assert (age.chronological_months, age.corrected_months, age.used_months) == (20.0, None, 20.0)


def test_it_counts_whole_months_from_a_birth_date():
    age = child_age(birth_date="2025-03-27", today=TODAY)
    assert age.chronological_months == 20.0


def test_it_counts_the_days_left_over_as_part_of_a_month():
    assert child_age(birth_date="2025-03-12", today=TODAY).chronological_months == 20.5


def test_a_birthday_on_the_31st_falls_on_the_last_day_of_a_short_month():
    assert months_between(datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)) == 1.0


def test_as_of_sets_the_day_of_the_check():
    age = child_age(birth_date="2024-01-15", as_of="2025-01-15", today=TODAY)
    assert age.chronological_months == 12.0


def test_it_corrects_the_age_of_a_baby_born_before_37_weeks():
    # Born at 28 weeks, 12 weeks early: 13 months old is 10.2 months corrected (the contract).
    age = child_age(age_months=13, gestational_age_weeks=28)
    assert age.corrected_months == 10.2
    assert age.used_months == 10.2


def test_corrected_age_is_never_below_zero():
    assert child_age(age_months=1, gestational_age_weeks=24).corrected_months == 0.0


def test_it_does_not_correct_from_two_years():
    age = child_age(age_months=24, gestational_age_weeks=28)
    assert age.corrected_months is None
    assert age.used_months == 24.0


def test_it_does_not_correct_for_a_baby_born_at_37_weeks_or_later():
    assert child_age(age_months=6, gestational_age_weeks=37).corrected_months is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"age_months": -1}, "age_months"),
        ({"age_months": 217}, "age_months"),
        ({"age_months": "20"}, "age_months"),
        ({"age_months": True}, "age_months"),
        ({"age_months": float("nan")}, "age_months"),
        ({}, "age_months"),
        ({"age_months": 20, "birth_date": "2025-01-01"}, "age_months"),
        ({"birth_date": "2026-11-28"}, "birth_date"),
        ({"birth_date": "2026-02-30"}, "birth_date"),
        ({"birth_date": "20250101"}, "birth_date"),
        ({"birth_date": "2000-01-01"}, "birth_date"),
        ({"birth_date": "2025-01-01", "as_of": "2026-12-01"}, "as_of"),
        ({"birth_date": "2025-01-01", "as_of": "2024-12-01"}, "birth_date"),
        ({"age_months": 20, "as_of": "2026-01-01"}, "as_of"),
        ({"age_months": 20, "gestational_age_weeks": 21}, "gestational_age_weeks"),
        ({"age_months": 20, "gestational_age_weeks": 45}, "gestational_age_weeks"),
    ],
)
def test_it_refuses_an_impossible_age_and_names_the_field(fields, field):
    with pytest.raises(ScreeningError) as error:
        child_age(**fields, today=TODAY)
    assert error.value.field == field


def test_it_asks_about_the_current_and_previous_checklist_ages():
    ages = {m.cdc_months for m in milestones_for_age(20) if m.cdc_months}
    assert ages == {15, 18}


def test_it_asks_about_standing_while_standing_is_in_its_window():
    ids = {m.id for m in milestones_for_age(12)}
    assert {"stands-alone", "stands-with-assistance"} <= ids


def test_it_never_asks_about_crawling():
    assert all(m.id != "crawls-hands-knees" for age in range(72) for m in milestones_for_age(age))


def test_it_asks_nothing_of_a_newborn_or_a_six_year_old():
    assert milestones_for_age(1) == []
    assert milestones_for_age(72) == []


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (0.4, "under 1 month"),
        (1, "1 month"),
        (20.6, "20 months"),
        (24, "2 years"),
        (38, "3 years and 2 months"),
        (13, "13 months"),
        (25, "2 years and 1 month"),
    ],
)
def test_it_says_an_age_the_way_a_parent_would(months, words):
    assert describe_age(months) == words


@pytest.mark.parametrize(
    ("months", "words"), [(17.7, "17.7 months"), (9.0, "9 months"), (9.55, "9.6 months")]
)
def test_it_says_an_age_to_one_decimal_beside_a_limit_to_one_decimal(months, words):
    assert describe_months(months) == words


def test_a_missing_age_is_said_to_be_missing():
    with pytest.raises(ScreeningError) as error:
        child_age(today=TODAY)
    assert str(error.value).startswith("age_months is missing; give age_months (0 to 216)")
    assert "(missing)" not in str(error.value)


# When to check again (contract v2, `check_again_at_months`)


@pytest.mark.parametrize(
    ("months", "again"),
    [
        (0, 2),
        (2, 4),
        (10, 12),
        (12, 15),
        (20, 24),
        (24, 30),
        (40, 48),
        (59.9, 60),
        (60, None),
        (216, None),
    ],
)
def test_check_again_is_the_next_checklist_age(months, again):
    assert check_again_months(child_age(age_months=months)) == again


def test_check_again_for_a_baby_born_early_is_turned_back_into_real_months():
    # 10 months old, born at 30 weeks (10 weeks early, 2.3 months): 7.7 months corrected. The
    # next checklist is at 9 months corrected, which is 11.3 months old.
    assert check_again_months(child_age(age_months=10, gestational_age_weeks=30)) == 11.3


def test_check_again_is_never_past_two_years_while_a_correction_applies():
    # 23 months old, born at 28 weeks: 20.2 corrected, next checklist 24, which would be 26.8.
    assert check_again_months(child_age(age_months=23, gestational_age_weeks=28)) == 24


def test_check_again_for_a_newborn_born_very_early_counts_from_the_due_date():
    # 1 month old, born at 24 weeks: 0 months corrected; the 2-month checklist is at 5.7 months.
    assert check_again_months(child_age(age_months=1, gestational_age_weeks=24)) == 5.7
