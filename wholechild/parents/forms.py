"""Validation for each page of the check.

Each form checks what a parent typed and, when something is wrong, says what to do about it in
the GOV.UK way: "Date of birth must include a month", not "Invalid input". Every error is tied
to the id of the element it is about, so the error summary can link straight to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wholechild.screening import ScreeningError, child_age
from wholechild.web import journey
from wholechild.web.forms import Problem

NONE = "none"  # the exclusive "None of these" option of a checklist
MAX_AGE_YEARS = 18
EARLY_WEEKS = (22, 36)  # "born early" is before 37 weeks; the engine's lower bound is 22
MAX_DIGITS = 6  # more than any number a page of the check asks for
TOO_BIG = 10**MAX_DIGITS


@dataclass
class Result:
    """What a form found: the cleaned answers to save, or the problems to show (the error
    summary's, as the Django forms of the other pages give them)."""

    problems: list[Problem] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, target: str, message: str | Promise, *, also: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(target, message, also))

    def message_for(self, *targets: str) -> str | Promise | None:
        return next((p.message for p in self.problems if p.target in targets), None)

    def is_invalid(self, target: str) -> bool:
        return any(target == p.target or target in p.also for p in self.problems)


def _text(data: Any, name: str) -> str:
    return str(data.get(name, "")).strip()


def _whole_number(text: str) -> int | None:
    # People type "2 " or "02"; they don't type "2.5" or "two" often, and those are errors.
    if not text.isdecimal():
        return None
    # Python refuses to read more than 4,300 digits (a ValueError); every number these pages
    # ask for has a few, so a longer one is simply over the limit and refused as too big.
    significant = text.lstrip("0") or "0"
    return int(significant) if len(significant) <= MAX_DIGITS else TOO_BIG


# --- Age ------------------------------------------------------------------------------------

DATE_PARTS = ("day", "month", "year")
DATE_PART_NAMES = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
WHOLE_DATE = ("dob-month", "dob-year")  # with dob-day, the target of whole-date problems


def _eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + MAX_AGE_YEARS)
    except ValueError:  # born on 29 February
        return date(born.year + MAX_AGE_YEARS, 3, 1)


def clean_age(data: Any, *, today: date) -> Result:
    """A date of birth (day, month, year) or an age in years and months, not both."""
    result = Result()
    parts = {part: _text(data, f"dob-{part}") for part in DATE_PARTS}
    years_text, months_text = _text(data, "age-years"), _text(data, "age-months")
    gave_date = any(parts.values())
    gave_age = bool(years_text or months_text)

    if not gave_date and not gave_age:
        result.add("dob-day", _("Enter your child's date of birth, or their age"), also=WHOLE_DATE)
        return result
    if gave_date and gave_age:
        result.add(
            "dob-day",
            _("Enter either a date of birth or an age in years and months, not both"),
            also=WHOLE_DATE,
        )
        return result

    if gave_date:
        missing = [part for part in DATE_PARTS if not parts[part]]
        if missing:
            names = str(DATE_PART_NAMES[missing[0]])
            if len(missing) > 1:  # at most two: one part at least was given
                names = _("%(first)s and %(second)s") % {
                    "first": names,
                    "second": DATE_PART_NAMES[missing[1]],
                }
            result.add(
                f"dob-{missing[0]}",
                _("Date of birth must include %(parts)s") % {"parts": names},
            )
            return result
        numbers = {part: _whole_number(parts[part]) for part in DATE_PARTS}
        if numbers["year"] is not None and len(parts["year"]) != 4:
            result.add("dob-year", _("Year must include 4 numbers, like 2023"))
            return result
        try:
            born = date(numbers["year"], numbers["month"], numbers["day"])  # type: ignore[arg-type]
        except (TypeError, ValueError):
            result.add("dob-day", _("Date of birth must be a real date"), also=WHOLE_DATE)
            return result
        if born > today:
            result.add("dob-day", _("Date of birth must be today or in the past"), also=WHOLE_DATE)
            return result
        if _eighteenth_birthday(born) <= today:
            result.add(
                "dob-day",
                _("Your child must be under 18. This check is for children and teenagers"),
                also=WHOLE_DATE,
            )
            return result
        result.cleaned = {"birth_date": born.isoformat()}
        engine_args: dict[str, Any] = {"birth_date": born.isoformat()}
    else:
        years = _whole_number(years_text or "0")
        months = _whole_number(months_text or "0")
        if years is None:
            result.add("age-years", _("Years must be a whole number, like 2"))
        elif years >= MAX_AGE_YEARS:
            result.add("age-years", _("Years must be 17 or less"))
        if months is None:
            result.add("age-months", _("Months must be a whole number, like 4"))
        elif months > 11:
            result.add(
                "age-months",
                _("Months must be 11 or less. For 14 months, enter 1 year and 2 months"),
            )
        if result.problems:
            return result
        total = (years or 0) * 12 + (months or 0)
        result.cleaned = {"age_months": total}
        engine_args = {"age_months": total}

    # The engine has the last word on what an age may be; the checks above only make its rules
    # readable. If it still refuses, the parent gets a plain sentence, never the developer one.
    try:
        child_age(**engine_args, today=today)
    except ScreeningError:
        target, also = ("dob-day", WHOLE_DATE) if gave_date else ("age-years", ("age-months",))
        result.cleaned = {}
        message = _("Check your child's age: it must be under 18 and not in the future")
        result.add(target, message, also=also)
    return result


# --- Born early -----------------------------------------------------------------------------

# The answers as the page offers them (components/radios.html): "Yes" shows the weeks question.
BORN_EARLY_OPTIONS: tuple[dict[str, Any], ...] = (
    {"value": "no", "label": _("No, at 37 weeks or later")},
    {"value": "yes", "label": _("Yes, before 37 weeks"), "reveal": "weeks-reveal"},
    {
        "value": "not-sure",
        "label": _("Not sure"),
        "hint": _(
            "We will use their age from their birth date, without counting from the due date."
        ),
    },
)
BORN_EARLY_CHOICES = tuple(option["value"] for option in BORN_EARLY_OPTIONS)


def clean_born_early(data: Any) -> Result:
    result = Result()
    answer = _text(data, "born-early")
    if answer not in BORN_EARLY_CHOICES:
        result.add("born-early-no", _("Select whether your child was born early"))
        return result
    if answer != "yes":
        result.cleaned = {"born_early": answer}
        return result
    low, high = EARLY_WEEKS
    weeks_text = _text(data, "weeks")
    weeks = _whole_number(weeks_text)
    if not weeks_text:
        result.add("weeks", _("Enter how many weeks pregnant, from 22 to 36"))
    elif weeks is None:
        result.add("weeks", _("Weeks must be a whole number, like 32"))
    elif weeks < low:
        result.add("weeks", _("Weeks must be 22 or more"))
    elif weeks > high:
        result.add(
            "weeks",
            _("Weeks must be 36 or less. If your child was born at 37 weeks or later, choose No"),
        )
    else:
        result.cleaned = {"born_early": "yes", "gestational_age_weeks": weeks}
    return result


# --- Milestones -----------------------------------------------------------------------------


def milestone_field(milestone_id: str) -> str:
    return f"milestone-{milestone_id}"


def clean_milestones(data: Any, milestones: Sequence[Any]) -> Result:
    """Every milestone on the page needs an answer; "Not sure" is a real answer."""
    result = Result()
    answers: dict[str, str] = {}
    for milestone in milestones:
        name = milestone_field(milestone.id)
        answer = _text(data, name)
        if answer in journey.MILESTONE_ANSWERS:
            answers[milestone.id] = answer
        else:
            result.add(
                f"{name}-yes",
                _("Select Yes, Not yet or Not sure for “%(label)s”") % {"label": milestone.label},
            )
    if result.ok:
        result.cleaned = {"milestones": answers}
    return result


# --- Checklists: concerns, conditions, red flags --------------------------------------------


def clean_checklist(
    data: Any,
    *,
    name: str,
    allowed: Sequence[str],
    first_target: str,
    missing: str | Promise,
) -> Result:
    """Ticked ids, or "None of these" on its own. An empty list means "none"."""
    result = Result()
    ticked = [str(value) for value in data.getlist(name)]
    known = set(allowed)
    if not ticked:
        result.add(first_target, missing)
    elif NONE in ticked and len(ticked) > 1:
        result.add(
            first_target,
            _("Select “None of these” on its own, or untick it to choose from the list"),
        )
    elif any(value not in known and value != NONE for value in ticked):
        result.add(first_target, _("Select from the list"))
    else:
        # Keep the content's order, whatever order the browser sent them in.
        chosen = set(ticked) - {NONE}
        result.cleaned = {name: [item for item in allowed if item in chosen]}
    return result
