"""Turning a request into what the clinic's pages show: a child's age as a clinic says it, the
answer the parent saw and the parent's own answers (both from the stored snapshot, never worked
out again), why the request came in a few words, the inbox's rows, the status moves on offer, a
therapist's week, and the plan's goals in columns by discipline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wholechild.care import rules
from wholechild.care.forms import language_code
from wholechild.care.models import (
    Appointment,
    AppointmentState,
    ClinicSettings,
    EvaluationRequest,
)
from wholechild.screening import LANGUAGES, ScreeningError, describe_age, get_content, screen
from wholechild.screening.age import EARLY_BEFORE_WEEKS
from wholechild.web.answer import answer_view
from wholechild.web.words import ANSWER_WORDS, BORN_EARLY_WORDS, NOTICED_TITLES

from . import forms

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def age_text(birth_date: date | None, today: date) -> str:
    """A child's age as a clinic says it: months under two, then years and months."""
    if birth_date is None:
        return ""
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
    if today.day < birth_date.day:
        months -= 1
    months = max(months, 0)
    if months < 24:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years, rest = divmod(months, 12)
    text = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if rest and years < 6:
        text += " " + ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest}
    return text


# The language of the clinic's pages, and of the answers' machine fields' first words.
ENGLISH = "en"


def screening_view(evaluation: EvaluationRequest) -> dict[str, Any]:
    """The answer the parent saw, from the stored snapshot: never worked out again. In
    English, with, under `family`, the same answer in the language the family saw it in (the
    request's language of the check, when it keeps one) or, until then, in the language they
    asked to be contacted in, when that is not English (docs/decisions.md)."""
    stored = evaluation.screening_answer or {}
    if not stored:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        view = _screening_parts(_answer_in(evaluation, ENGLISH) or stored, evaluation)
    seen = evaluation.check_language or str(stored.get("language") or "")
    language = seen or language_code(evaluation.preferred_language)
    family = _answer_in(evaluation, language) if language != ENGLISH else None
    if family is not None:
        with translation.override(language):
            view["family"] = {
                **_screening_parts(family, evaluation),
                "language": language,
                "language_name": dict(settings.LANGUAGES)[language],
                "seen": bool(seen),
            }
    return view


def _screening_parts(answer: dict[str, Any], evaluation: EvaluationRequest) -> dict[str, Any]:
    age = answer.get("age") or {}
    return {
        **answer_view(answer),
        "age_months": age.get("used_months"),
        "corrected": age.get("corrected_months") is not None,
        "content_version": evaluation.content_version or answer.get("content_version", ""),
    }


def _answer_in(evaluation: EvaluationRequest, language: str) -> dict[str, Any] | None:
    """The stored answer in `language`: the snapshot itself when it is in that language, else
    its words in that language from the same content (the same request screened by the same
    version gives the same words, and the machine fields are the same in every language);
    None when the content's words have changed since, or the engine does not speak it."""
    stored = evaluation.screening_answer or {}
    if stored.get("language", ENGLISH) == language:
        return stored
    if language not in LANGUAGES or not evaluation.screening_request:
        return None
    if get_content(language).version != stored.get("content_version"):
        return None
    try:
        return screen(
            evaluation.screening_request,
            today=timezone.localdate(evaluation.created_at),
            language=language,
        )
    except ScreeningError:
        return None


# --- Why the family asked, in a few words -----------------------------------------------------

# The kinds of finding, the strongest first: a sign for the doctor, a diagnosis, a milestone
# past its age, a concern.
REASON_KINDS = ("red_flags", "conditions", "milestones", "concerns")
REASON_WORDS = 60


def _finding_words(finding: str) -> tuple[int, str] | None:
    """A finding's rank (REASON_KINDS) and its words in the content; None for one it does not
    know (an old snapshot's)."""
    content = get_content()
    for rank, kind in enumerate(REASON_KINDS):
        items = getattr(content, kind)
        if finding in items:
            label = items[finding].label
            if kind == "milestones":
                label = _("Not yet: %(milestone)s") % {"milestone": label[:1].lower() + label[1:]}
            return rank, label
    return None


def top_reason(answer: dict[str, Any]) -> dict[str, Any]:
    """Why the request came in, for the inbox's "Why" column: its strongest finding in a few
    words, and how many others there are. A reason for the doctor first, then a diagnosis, a
    milestone (the one asked about last: the oldest, the furthest behind) and a concern.
    {"words": "", "others": 0} for an answer with no reasons (keep watching)."""
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for position, reason in enumerate(answer.get("reasons") or []):
        finding = str(reason.get("finding", ""))
        found = _finding_words(finding)
        rank, words = found if found is not None else (len(REASON_KINDS), finding)
        key = (0 if reason.get("discipline") == "medical" else 1, rank, -position)
        if finding not in best or key < best[finding][0]:
            best[finding] = (key, words)
    if not best:
        return {"words": "", "others": 0}
    _key, words = min(best.values())
    return {"words": Truncator(words).chars(REASON_WORDS), "others": len(best) - 1}


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _child_rows(asked: dict[str, Any], answered: str = "") -> list[dict[str, Any]]:
    """The child's age as the parent gave it, and how they answered "Born early?" (`answered`,
    kept with the request, as the screening request has only the weeks of a "yes")."""
    rows: list[dict[str, Any]] = []
    born = _iso_date(asked.get("birth_date"))
    if born is not None:
        on = _iso_date(asked.get("as_of"))
        value = _("Born %(date)s") % {"date": date_format(born, "j F Y")}
        if on is not None:
            value = _("Born %(date)s (checked on %(checked)s)") % {
                "date": date_format(born, "j F Y"),
                "checked": date_format(on, "j F Y"),
            }
        rows.append({"key": _("Date of birth given"), "values": [value]})
    elif isinstance(asked.get("age_months"), int | float):
        rows.append({"key": _("Age given"), "values": [describe_age(asked["age_months"])]})
    weeks = asked.get("gestational_age_weeks")
    if isinstance(weeks, int | float):
        if weeks < EARLY_BEFORE_WEEKS:
            born_early = _("Yes, at %(weeks)s weeks") % {"weeks": weeks}
        else:
            born_early = _("No, at %(weeks)s weeks") % {"weeks": weeks}
    elif answered in ("no", "not-sure"):
        born_early = str(BORN_EARLY_WORDS[answered])
    else:
        born_early = _("Not given")
    rows.append({"key": _("Born early"), "values": [born_early]})
    return rows


def parent_answers(evaluation: EvaluationRequest) -> list[dict[str, Any]]:
    """What the parent told us, from the stored snapshot of the screening request, in the
    words of the parent's own pages. Ids the content no longer knows are shown as they are."""
    asked = evaluation.screening_request or {}
    if not asked:
        return []
    content = get_content()
    milestones = asked.get("milestones") or {}
    known = [key for key in content.milestones if key in milestones]
    unknown = [key for key in milestones if key not in content.milestones]
    milestone_rows = [
        {
            "key": content.milestones[key].label if key in content.milestones else key,
            "values": [ANSWER_WORDS.get(milestones[key], milestones[key])],
        }
        for key in [*known, *unknown]
    ]
    sources: dict[str, Any] = {
        "concerns": content.concerns,
        "conditions": content.conditions,
        "red_flags": content.red_flags,
    }
    noticed = [
        {
            "key": NOTICED_TITLES[step],
            "values": [
                sources[step][item].label if item in sources[step] else str(item)
                for item in asked.get(step) or []
            ]
            or [_("None")],
        }
        for step in NOTICED_TITLES
    ]
    return [
        {
            "id": "answers-child",
            "title": _("The child"),
            "rows": _child_rows(asked, evaluation.born_early),
        },
        {
            "id": "answers-milestones",
            "title": _("Milestones asked about"),
            "rows": milestone_rows or [{"key": _("Milestones"), "values": [_("None asked")]}],
        },
        {"id": "answers-noticed", "title": _("What the parent has noticed"), "rows": noticed},
    ]


# --- The inbox's rows ------------------------------------------------------------------------


def contact_summary(evaluation: EvaluationRequest) -> dict[str, Any]:
    """How many times the clinic has tried to reach the family, and the last try (the contacts
    prefetched newest first)."""
    attempts = list(evaluation.contacts.all())
    return {"count": len(attempts), "last": attempts[0] if attempts else None}


def booked_appointment(evaluation: EvaluationRequest) -> Appointment | None:
    """The request's booked evaluation, from the inbox's prefetch, or read when not prefetched."""
    booked: list[Appointment] | None = getattr(evaluation, "booked_appointments", None)
    if booked is None:
        return (
            evaluation.appointments.filter(state=AppointmentState.BOOKED)
            .select_related("pt", "ot")
            .first()
        )
    return booked[0] if booked else None


def deadline(
    evaluation: EvaluationRequest, clinic: ClinicSettings, now: datetime
) -> dict[str, Any]:
    """For a request no one has reached yet: when the clinic means to reach the family by, and
    whether that has passed. Empty once they have been reached."""
    if not evaluation.not_yet_reached:
        return {}
    return {
        "reach_by": evaluation.reach_by(clinic),
        "overdue": evaluation.is_overdue(clinic, now),
        "days": clinic.reach_within_days(evaluation.urgency),
    }


def inbox_rows(
    requests: Iterable[EvaluationRequest], clinic: ClinicSettings, now: datetime
) -> list[dict[str, Any]]:
    """Each row of the inbox: the request, the child's age, why it came in, the deadline for
    reaching the family, the contact attempts and the booked evaluation. No query of its own:
    the selector prefetched what it reads, and of the answer only its reasons."""
    today = timezone.localdate(now)
    return [
        {
            "request": item,
            "age": age_text(item.child_birth_date, today),
            "why": top_reason({"reasons": getattr(item, "answer_reasons", None) or []}),
            "deadline": deadline(item, clinic, now),
            "contacts": contact_summary(item),
            "appointment": booked_appointment(item),
        }
        for item in requests
    ]


# --- The status moves on offer -----------------------------------------------------------------


def status_controls(
    user: User, evaluation: EvaluationRequest, bound: forms.StatusForm | None = None
) -> dict[str, Any] | None:
    """The status moves this user may make, as the record offers them: the plain moves as one
    button each, and discharging and closing each on a small form of its own, with only the
    fields it needs (the tick, and for closing the reason). `bound` is a refused POST's form,
    shown again with its errors where it was sent from. None when there is no move to make."""
    moves = rules.allowed_moves(user, evaluation)
    if not moves:
        return None
    bound_to = bound.data.get(bound.add_prefix("to_status")) if bound is not None else None
    confirmed = []
    for move in moves:
        if move not in forms.NEEDS_CONFIRMING:
            continue
        form = bound if bound is not None and bound_to == move else None
        confirmed.append(
            {
                "status": move,
                "form": form or forms.status_form(moves, move),
                "open": form is not None,
            }
        )
    plain = [move for move in moves if move not in forms.NEEDS_CONFIRMING]
    plain_bound = bound if bound is not None and bound_to not in forms.NEEDS_CONFIRMING else None
    return {
        "plain": [(move.value, move.label) for move in plain],
        "plain_form": plain_bound or forms.status_form(moves),
        "confirmed": confirmed,
    }


# --- A therapist's week -------------------------------------------------------------------------


def week_days(monday: date, appointments: list[Appointment]) -> list[dict[str, Any]]:
    """Monday to Friday, with the weekend only when something is booked then; each day with its
    evaluations in order, in the clinic's time zone."""
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        booked = [a for a in appointments if timezone.localdate(a.starts_at) == day]
        if offset < 5 or booked:
            days.append({"day": day, "appointments": booked, "today": day == timezone.localdate()})
    return days
