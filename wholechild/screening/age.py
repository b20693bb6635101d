"""The child's age: chronological, corrected for being born early, and the one the rules use."""

from __future__ import annotations

from .content import (
    CHECKLIST_AGES,
    DEFAULT_LANGUAGE,
    MAX_MONTHS,
    MILESTONES_UNTIL_MONTHS,
    get_content,
)
from .errors import MISSING, ScreeningError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any

    from .content import Milestone

TERM_WEEKS = 40
EARLY_BEFORE_WEEKS = 37
CORRECT_UNTIL_MONTHS = 24
DAYS_PER_MONTH = 365.25 / 12
# The CDC checklists end at 5 years: from then, "check again" is the yearly checkup.
CHECK_AGAIN_UNTIL_MONTHS = 60


class Age:
    """How old the child is, in months, to one decimal.

    `used_months` is the age the milestones are judged against: the corrected age for a child
    born before 37 weeks and younger than two (CDC; AAP), the chronological age otherwise.
    `early_months` is how early the child was born, in months, where a correction applies.
    """

    __slots__ = ("chronological_months", "corrected_months", "early_months", "used_months")

    def __init__(
        self,
        chronological_months: float,
        corrected_months: float | None,
        early_months: float = 0.0,
    ) -> None:
        self.chronological_months = chronological_months
        self.corrected_months = corrected_months
        self.early_months = early_months if corrected_months is not None else 0.0
        self.used_months = chronological_months if corrected_months is None else corrected_months

    def as_dict(self) -> dict[str, float | None]:
        return {
            "chronological_months": self.chronological_months,
            "corrected_months": self.corrected_months,
            "used_months": self.used_months,
        }

    def __repr__(self) -> str:
        return f"Age({self.chronological_months}, corrected={self.corrected_months})"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_date(field: str, value: object) -> datetime.date:
    import datetime

    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ScreeningError(field, value, "give a real date as YYYY-MM-DD, like 2024-03-31")


def months_between(start: datetime.date, end: datetime.date) -> float:
    """Whole calendar months from start to end, plus the days left over as a fraction."""
    import datetime

    months = (end.year - start.year) * 12 + (end.month - start.month)
    month_end = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    is_last_day = end == month_end - datetime.timedelta(days=1)
    if end.day < start.day and not is_last_day:
        months -= 1
    year, month = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    # A birthday on the 31st falls on the last day of shorter months.
    for day in (start.day, 30, 29, 28):
        try:
            anchor = datetime.date(year, month, day)
            break
        except ValueError:
            continue
    return months + (end - anchor).days / DAYS_PER_MONTH


def child_age(
    *,
    age_months: Any = MISSING,
    birth_date: Any = MISSING,
    as_of: Any = MISSING,
    gestational_age_weeks: Any = MISSING,
    today: datetime.date | None = None,
) -> Age:
    """Work out the child's age from the contract's fields, or say what is wrong with them.

    Give `age_months`, or `birth_date` with an optional `as_of` (today by default), and the
    weeks of pregnancy at birth if known. Corrected age = chronological age minus the weeks
    born early (40 minus the gestational age), never below zero, for a child born before 37
    weeks and younger than 24 months.
    """
    given_age = age_months is not MISSING and age_months is not None
    given_birth = birth_date is not MISSING and birth_date is not None
    if given_age and given_birth:
        raise ScreeningError(
            "age_months", age_months, "give age_months or birth_date, not both", "cannot be given"
        )
    if not given_age and not given_birth:
        raise ScreeningError(
            "age_months",
            MISSING,
            "give age_months (0 to 216) or birth_date (YYYY-MM-DD)",
            "is missing",
        )
    if as_of is not MISSING and as_of is not None and not given_birth:
        raise ScreeningError("as_of", as_of, "as_of goes with birth_date only", "cannot be given")

    if given_age:
        if not _is_number(age_months) or not (0 <= age_months <= MAX_MONTHS):
            raise ScreeningError(
                "age_months", age_months, f"give a number of months from 0 to {MAX_MONTHS}"
            )
        chronological = float(age_months)
    else:
        import datetime

        today = today or datetime.date.today()
        born = _parse_date("birth_date", birth_date)
        if as_of is MISSING or as_of is None:
            on = today
        else:
            on = _parse_date("as_of", as_of)
            if on > today:
                raise ScreeningError("as_of", as_of, "give today's date or an earlier one")
        if born > on:
            raise ScreeningError(
                "birth_date", birth_date, "the birth date cannot be after the day of the check"
            )
        chronological = months_between(born, on)
        if chronological > MAX_MONTHS:
            raise ScreeningError(
                "birth_date", birth_date, "the check is for children under 18 years old"
            )

    corrected: float | None = None
    early_months = 0.0
    if gestational_age_weeks is not MISSING and gestational_age_weeks is not None:
        weeks = gestational_age_weeks
        if not _is_number(weeks) or not (22 <= weeks <= 44):
            raise ScreeningError(
                "gestational_age_weeks", weeks, "give the weeks of pregnancy at birth, 22 to 44"
            )
        if weeks < EARLY_BEFORE_WEEKS and chronological < CORRECT_UNTIL_MONTHS:
            early_months = (TERM_WEEKS - weeks) * 7 / DAYS_PER_MONTH
            corrected = round(max(0.0, chronological - early_months), 1)
    return Age(round(chronological, 1), corrected, early_months)


def checklist_age(used_months: float) -> int | None:
    """The CDC checklist for this age: the latest one the child has reached."""
    reached = [age for age in CHECKLIST_AGES if age <= used_months]
    return reached[-1] if reached else None


def next_checklist_age(used_months: float) -> int | None:
    """The next CDC checklist age after this one, if the checklists go on that far."""
    for age in CHECKLIST_AGES:
        if age > used_months:
            return age
    return None


def check_again_months(age: Age) -> float | None:
    """The child's chronological age at which to run the check again (contract v2).

    The next CDC checklist age after the age the rules used; for a child born early, that
    corrected age turned back into a chronological one, and never past 24 months, where the
    correction stops. None from 5 years, where the checklists end: the yearly checkup then.
    """
    if age.used_months >= CHECK_AGAIN_UNTIL_MONTHS:
        return None
    upcoming = next_checklist_age(age.used_months)
    if upcoming is None:
        return None
    if age.corrected_months is None:
        return upcoming
    chronological = round(upcoming + age.early_months, 1)
    chronological = max(age.chronological_months, min(chronological, CORRECT_UNTIL_MONTHS))
    return int(chronological) if chronological == int(chronological) else chronological


def milestones_for_age(used_months: float, language: str = DEFAULT_LANGUAGE) -> list[Milestone]:
    """The milestones worth asking about at this age, worded in `language`.

    Those of the current and previous CDC checklist ages, and the WHO-only ones (standing
    with help, standing alone) from the start of their window until a year past its end.
    Crawling is left out: not crawling is never a finding, so asking would only worry.
    None under two months, and none from six years, where the CDC checklists have stopped.
    """
    if used_months >= MILESTONES_UNTIL_MONTHS:
        return []
    current = checklist_age(used_months)
    if current is None:
        return []
    index = CHECKLIST_AGES.index(current)
    ages = set(CHECKLIST_AGES[max(0, index - 1) : index + 1])
    chosen = []
    for milestone in get_content(language).milestones.values():
        if milestone.optional:
            continue
        if milestone.cdc_months is not None:
            if milestone.cdc_months in ages:
                chosen.append(milestone)
        elif milestone.who_window is not None:
            low, high = milestone.who_window
            if low <= used_months <= high + 12:
                chosen.append(milestone)
    return chosen


def describe_months(months: float, language: str = DEFAULT_LANGUAGE) -> str:
    """An age in months to one decimal, for a sentence that compares it with a limit given to
    one decimal ("17.7 months" beside "17.6 months"), so neither reads as rounded down."""
    return get_content(language).messages["age"]["decimal_months"].format(n=_decimal(months))


def _decimal(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def describe_age(months: float, language: str = DEFAULT_LANGUAGE) -> str:
    """An age in words a parent would use: "20 months", "3 years and 2 months" ("20 meses",
    "3 años y 2 meses" in Spanish)."""
    text = get_content(language).messages["age"]
    whole = int(months + 1e-9)
    if months < 1:
        return text["weeks"]
    if whole < 24:
        return text["one_month"] if whole == 1 else text["months"].format(n=whole)
    years, rest = divmod(whole, 12)
    year_words = text["one_year"] if years == 1 else text["years"].format(y=years)
    if rest == 0:
        return year_words
    month_words = text["one_month"] if rest == 1 else text["months"].format(n=rest)
    return text["years_months"].format(y=year_words, m=month_words)
