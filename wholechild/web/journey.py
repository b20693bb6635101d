"""The parent's check as a journey of pages, and the answers it keeps in the session.

The answers live in ``request.session["check"]``, a plain dict, and nowhere else: sessions are
cache-backed, so nothing about a child reaches the database, a log line or a URL. Its shape:

    {
        "birth_date": "2024-03-27",       # ISO date, or instead:
        "age_months": 20,                 # age in whole months (years * 12 + months)
        "born_early": "no" | "yes" | "not-sure",   # asked only under 24 months
        "gestational_age_weeks": 32,      # only with born_early "yes"
        "milestones": {"walks-alone": "not-yet", ...},   # "yes" | "not-yet" | "unsure"
        "concerns": ["balance-coordination"],            # [] means "None of these"
        "conditions": [],
        "red_flags": [],
        "confirmed": True,                # set by "See the results", cleared by any change
    }

A key that is absent means the question has not been answered yet. Which pages the journey has
depends on the answers so far (born-early only for babies and toddlers, as many milestone pages
as the age needs), so the journey is worked out from the answers on every request rather than
stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from wholechild.screening import Age, ScreeningError, child_age, get_content, milestones_for_age
from wholechild.screening.age import CORRECT_UNTIL_MONTHS
from wholechild.screening.content import MILESTONES_UNTIL_MONTHS, Concern, Milestone

from .language import page_language

Check = dict[str, Any]

SESSION_KEY = "check"
# The family's request, after the check (wholechild.family): the checked details until they are
# sent, the one-time token of its check-your-details page, and {"reference", "status_token",
# "key"} of the request just sent, for its confirmation page.
DETAILS_KEY = "family_details"
ONE_TIME_KEY = "family_send_token"
SENT_KEY = "family_sent"
REQUEST_KEYS = (DETAILS_KEY, ONE_TIME_KEY, SENT_KEY)
MILESTONES_PER_PAGE = 4
MILESTONE_ANSWERS = ("yes", "not-yet", "unsure")
CHECKLIST_STEPS = ("concerns", "conditions", "red_flags")


def today() -> date:
    return timezone.localdate()


def load(session: Mapping[str, Any]) -> Check:
    """The answers so far, as a fresh dict the caller may change and then `save`."""
    return dict(session.get(SESSION_KEY) or {})


def save(session: Any, check: Check, *, confirmed: bool = False) -> None:
    """Store the answers. Any change means the parent has to check their answers again."""
    check.pop("confirmed", None)
    if confirmed:
        check["confirmed"] = True
    session[SESSION_KEY] = check


def clear(session: Any) -> None:
    """Forget the whole visit: the answers, and a request being filled in or just sent, so
    that the next family on a shared phone or tablet sees nothing of this one's."""
    for key in (SESSION_KEY, *REQUEST_KEYS):
        session.pop(key, None)


# --- The age --------------------------------------------------------------------------------


def _age(check: Check, weeks: int | None) -> Age | None:
    """The engine's Age for the saved age, or None when there is none (or it has gone out of
    range since it was given, as when a child turns 18 while the session lasts)."""
    given = {k: check[k] for k in ("birth_date", "age_months") if k in check}
    if not given:
        return None
    try:
        # Today only matters to a birth date (and asking for it costs a context-local).
        on = today() if "birth_date" in given else None
        return child_age(**given, gestational_age_weeks=weeks, today=on)
    except ScreeningError:
        return None


def chronological_age(check: Check) -> Age | None:
    return _age(check, None)


def asks_born_early(check: Check) -> bool:
    # Corrected age applies only to children younger than two (the contract's principle 5),
    # so older children are not asked about their birth at all.
    age = chronological_age(check)
    return age is None or age.chronological_months < CORRECT_UNTIL_MONTHS


def gestational_age_weeks(check: Check) -> int | None:
    """Only a "Yes" counts: "Not sure" is treated as no correction, and the page says so."""
    if check.get("born_early") == "yes" and asks_born_early(check):
        return int(check["gestational_age_weeks"])
    return None


def born_early_answer(check: Check) -> str:
    """The parent's answer to "Was your child born early?" as the clinic keeps it: "no", "yes"
    or "not-sure", and "" when the age did not ask it."""
    return str(check.get("born_early", "")) if asks_born_early(check) else ""


def age_of(check: Check) -> Age | None:
    """The age the milestones are asked and judged for: corrected where being born early
    counts (before 37 weeks, under 2), chronological otherwise."""
    return _age(check, gestational_age_weeks(check))


# How far apart the check's age and a date of birth may be before the request asks which is
# right: a month, beyond the month an age in whole months already leaves open.
AGES_AGREE_WITHIN_MONTHS = 1.0


def age_on_birth_date(born: date) -> float | None:
    """The child's age today, in months, from a date of birth (None if the engine refuses it:
    in the future, or 18 or more)."""
    try:
        return child_age(birth_date=born.isoformat(), today=today()).chronological_months
    except ScreeningError:
        return None


def birth_date_disagrees(check: Check, born: date) -> bool:
    """Whether a date of birth (the family's request gives one) contradicts the age the check
    was done for by more than a month. An age given in whole months covers that month: 3 months
    is anything from 3 to 4."""
    given = age_on_birth_date(born)
    asked = chronological_age(check)
    if given is None or asked is None:
        return False
    low = asked.chronological_months
    high = low + (1 if "birth_date" not in check else 0)
    return given < low - AGES_AGREE_WITHIN_MONTHS or given > high + AGES_AGREE_WITHIN_MONTHS


def use_birth_date(check: Check, born: date) -> None:
    """Take the date of birth as the child's age in the check, forgetting what the new age does
    not ask. The caller saves it, so the parent checks their answers again."""
    check.pop("age_months", None)
    check["birth_date"] = born.isoformat()
    prune_for_age(check)


# --- Milestones -----------------------------------------------------------------------------


def milestones_asked(check: Check) -> list[Milestone]:
    age = age_of(check)
    return [] if age is None else list(milestones_for_age(age.used_months, page_language()))


def milestone_pages(check: Check) -> list[list[Milestone]]:
    asked = milestones_asked(check)
    return [asked[i : i + MILESTONES_PER_PAGE] for i in range(0, len(asked), MILESTONES_PER_PAGE)]


def prune_milestones(check: Check) -> None:
    """Forget answers to milestones the (new) age no longer asks about, so that a changed age
    never screens on questions asked for another age."""
    if "milestones" in check:
        asked = {m.id for m in milestones_asked(check)}
        check["milestones"] = {k: v for k, v in check["milestones"].items() if k in asked}


# --- Concerns -------------------------------------------------------------------------------


def concerns_asked(check: Check) -> list[Concern]:
    """The concerns offered for the child's age (the contract's principle 17: each between the
    chronological ages its row gives), so that a baby's parent is not asked about handwriting."""
    age = chronological_age(check)
    return (
        []
        if age is None
        else get_content(page_language()).concerns_asked_at(age.chronological_months)
    )


def prune_concerns(check: Check) -> None:
    """Forget ticks of concerns the (new) age no longer offers. If none is left of what was
    ticked, the page is asked again: an empty list would read as "None of these"."""
    if check.get("concerns"):
        asked = {c.id for c in concerns_asked(check)}
        kept = [c for c in check["concerns"] if c in asked]
        if kept:
            check["concerns"] = kept
        else:
            check.pop("concerns")


def prune_for_age(check: Check) -> None:
    """After the age (or being born early) changed: forget what the new age does not ask."""
    prune_milestones(check)
    prune_concerns(check)


# --- The journey ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of questions: its URL, and whether the answers so far complete it."""

    url: str
    done: bool


_urls: dict[tuple[Any, ...], str] = {}


def _where() -> tuple[Any, str]:
    """What an address depends on besides its name: the resolver (a new URLconf, or Django's
    URL caches cleared, is a new one) and the script prefix."""
    return get_resolver(get_urlconf()), get_script_prefix()


def _url(name: str, page: int | None = None, where: tuple[Any, str] | None = None) -> str:
    """`reverse()`, remembered for each `_where()`: the journey's pages are worked out on every
    page of the check, and each reverse() costs more than all the rest of it."""
    key = (name, page, *(where or _where()))
    found = _urls.get(key)
    if found is None:
        found = _urls[key] = reverse(name, kwargs=None if page is None else {"page": page})
    return found


def pages(check: Check) -> list[Page]:
    where = _where()
    found = [Page(_url("parents:age", where=where), chronological_age(check) is not None)]
    if asks_born_early(check):
        done = check.get("born_early") in ("no", "not-sure") or (
            check.get("born_early") == "yes" and "gestational_age_weeks" in check
        )
        found.append(Page(_url("parents:born_early", where=where), done))
    answers = check.get("milestones", {})
    for number, group in enumerate(milestone_pages(check), start=1):
        done = all(m.id in answers for m in group)
        found.append(Page(_url("parents:milestones", number, where), done))
    for step in CHECKLIST_STEPS:
        found.append(Page(_url(f"parents:{step}", where=where), step in check))
    return found


def first_missing(found: list[Page]) -> Page | None:
    return next((page for page in found if not page.done), None)


def missing_before(found: list[Page], url: str) -> Page | None:
    """The first unanswered page before this one: a page can't be shown without the answers it
    builds on (the milestones depend on the age, the results on everything)."""
    for page in found:
        if page.url == url:
            return None
        if not page.done:
            return page
    return first_missing(found)


def neighbours(found: list[Page], url: str) -> tuple[str, str]:
    """The page before this one (for the back link) and the one after (for Continue)."""
    urls = [page.url for page in found]
    index = urls.index(url) if url in urls else 0
    before = urls[index - 1] if index > 0 else _url("parents:start")
    after = urls[index + 1] if index + 1 < len(urls) else _url("parents:answers")
    return before, after


@dataclass(frozen=True)
class Step:
    """Where a page is in the whole check, for "Step 3 of 9": `at_most` when the count is not
    known yet (before the age, which decides how many pages of milestones there are)."""

    number: int
    count: int
    at_most: bool = False


@cache
def most_steps() -> int:
    """The most steps a check can have, at any age: the age, being born early (under 2), the
    pages of milestones, the three lists, and the check of answers."""
    steps = []
    for months in range(0, MILESTONES_UNTIL_MONTHS + 1):
        asked = len(milestones_for_age(months))
        pages_of_milestones = -(-asked // MILESTONES_PER_PAGE)
        early = 1 if months < CORRECT_UNTIL_MONTHS else 0
        steps.append(1 + early + pages_of_milestones + len(CHECKLIST_STEPS) + 1)
    return max(steps)


def step_of(check: Check, url: str) -> Step:
    """The page's step among all the check's steps: its pages, then "Check your answers"."""
    found = pages(check)
    count = len(found) + 1
    urls = [page.url for page in found]
    number = urls.index(url) + 1 if url in urls else count
    if chronological_age(check) is None:
        return Step(number, most_steps(), at_most=True)
    return Step(number, count)


# --- The request for the engine -------------------------------------------------------------


def screening_request(check: Check) -> dict[str, Any]:
    """The contract's request, built from the answers. Ids the content no longer knows (the
    content may have changed while the session lasted) are left out rather than refused."""
    content = get_content()
    request: dict[str, Any] = {}
    if "birth_date" in check:
        request["birth_date"] = check["birth_date"]
        request["as_of"] = today().isoformat()
    else:
        request["age_months"] = check["age_months"]
    weeks = gestational_age_weeks(check)
    if weeks is not None:
        request["gestational_age_weeks"] = weeks
    asked = {m.id for m in milestones_asked(check)}
    request["milestones"] = {
        k: v
        for k, v in check.get("milestones", {}).items()
        if k in asked and v in MILESTONE_ANSWERS
    }
    offered = {c.id for c in concerns_asked(check)}
    request["concerns"] = [c for c in check.get("concerns", []) if c in offered]
    request["conditions"] = [c for c in check.get("conditions", []) if c in content.conditions]
    request["red_flags"] = [c for c in check.get("red_flags", []) if c in content.red_flags]
    return request


def iter_answered_milestones(check: Check) -> Iterator[tuple[int, Milestone, str]]:
    """(page number, milestone, answer) for each milestone asked, in the order asked."""
    answers = check.get("milestones", {})
    for number, group in enumerate(milestone_pages(check), start=1):
        for milestone in group:
            if milestone.id in answers:
                yield number, milestone, answers[milestone.id]
