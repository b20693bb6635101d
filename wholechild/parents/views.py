"""The parent's check: a start page, one question per page, check your answers, the results.

Every answer is POSTed and kept in the session (see `journey`), each page redirects after a
save (so the browser's back button and reload work), and each GET shows what was saved. The
check's pages carry the child's answers, so none of them may be cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

import orjson
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wholechild.screening import describe_age, focus_areas, get_content, home_activities, screen
from wholechild.screening.content import Milestone
from wholechild.screening.text import urgency_key
from wholechild.web import journey, reminder
from wholechild.web.answer import answer_view
from wholechild.web.clinic import clinic_settings
from wholechild.web.drawn import render_remembered
from wholechild.web.forms import date_inputs
from wholechild.web.language import page_language
from wholechild.web.nocache import never_cache
from wholechild.web.picture import milestone_picture
from wholechild.web.words import ANSWER_WORDS, BORN_EARLY_WORDS, NOTICED_TITLES, URGENCY_WORDS

from . import forms
from .forms import Result

CHANGE = "change"  # ?change=1: came from "Check your answers", so go back there after saving


# --- Small helpers shared by the steps ------------------------------------------------------


def _changing(request: HttpRequest) -> bool:
    return request.GET.get(CHANGE) == "1"


def _guard(request: HttpRequest, found: list[journey.Page]) -> HttpResponse | None:
    """Send the parent to the first unanswered page before this one, if there is one."""
    missing = journey.missing_before(found, request.path)
    return redirect(missing.url) if missing else None


def _next(request: HttpRequest, check: journey.Check) -> HttpResponse:
    """Where Continue goes: the next page, or, when changing an answer, back to the check of
    answers unless the change opened new questions (a new age asks other milestones)."""
    found = journey.pages(check)
    if _changing(request):
        missing = journey.first_missing(found)
        if missing:
            return redirect(f"{missing.url}?{CHANGE}=1")
        return redirect("parents:answers")
    return redirect(journey.neighbours(found, request.path)[1])


def _resume(found: list[journey.Page]) -> HttpResponse:
    """Carry on where the answers stop: the first unanswered page, or the check of answers."""
    missing = journey.first_missing(found)
    return redirect(missing.url if missing else reverse("parents:answers"))


def _render_step(
    request: HttpRequest,
    template: str,
    found: list[journey.Page],
    result: Result | None,
    context: dict[str, Any],
) -> HttpResponse:
    back = (
        reverse("parents:answers")
        if _changing(request)
        else journey.neighbours(found, request.path)[0]
    )
    context = {
        "back_url": back,
        "result": result or Result(),
        "problems": result.problems if result else [],
        "progress": journey.step_of(journey.load(request.session), request.path),
        **context,
    }
    return render(request, template, context)


def _save_and_continue(
    request: HttpRequest, check: journey.Check, cleaned: dict[str, Any]
) -> HttpResponse:
    check.update(cleaned)
    journey.save(request.session, check)
    return _next(request, check)


# --- The start page -------------------------------------------------------------------------


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render_remembered(request, "parents/start.html")


# --- The pages a family expects in the footer ----------------------------------------------


ClinicFacts = tuple[str, str, str, str]


def _clinic_facts() -> ClinicFacts:
    """What the pages show of the clinic: its name, phone, email and website."""
    clinic = clinic_settings()
    return (clinic.name, clinic.phone, clinic.email, clinic.website)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render_remembered(
        request,
        "parents/privacy.html",
        _clinic_facts(),
        lambda: {"retention_days": settings.RETENTION_DAYS},
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render_remembered(request, "parents/accessibility.html")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render_remembered(request, "parents/contact.html", _clinic_facts())


# --- 1. Age ---------------------------------------------------------------------------------


def _age_fields(check: journey.Check) -> dict[str, str]:
    """The saved age, as the inputs show it."""
    if "birth_date" in check:
        year, month, day = check["birth_date"].split("-")
        return {"dob-day": str(int(day)), "dob-month": str(int(month)), "dob-year": year}
    if "age_months" in check:
        years, months = divmod(int(check["age_months"]), 12)
        return {"age-years": str(years), "age-months": str(months)}
    return {}


AGE_INPUTS = {
    "dob": (("dob-day", _("Day"), 2), ("dob-month", _("Month"), 2), ("dob-year", _("Year"), 4)),
    "age": (("age-years", _("Years"), 2), ("age-months", _("Months"), 2)),
}


def _age_groups(values: dict[str, str], result: Result | None) -> dict[str, dict[str, Any]]:
    """The two ways to give an age, each an input group with its error message, if any."""
    result = result or Result()
    groups = {}
    for group, inputs in AGE_INPUTS.items():
        ids = [input_id for input_id, _label, _width in inputs]
        groups[group] = {
            "error": result.message_for(*ids),
            "inputs": date_inputs(inputs, values, result.is_invalid),
        }
    return groups


@never_cache
@require_http_methods(["GET", "POST"])
def age(request: HttpRequest) -> HttpResponse:
    check = journey.load(request.session)
    found = journey.pages(check)
    result = None
    values = _age_fields(check)
    if request.method == "POST":
        result = forms.clean_age(request.POST, today=journey.today())
        if result.ok:
            check.pop("birth_date", None)
            check.pop("age_months", None)
            check.update(result.cleaned)
            journey.prune_for_age(check)
            journey.save(request.session, check)
            return _next(request, check)
        values = {key: str(value).strip() for key, value in request.POST.items()}
    context = _age_groups(values, result)
    return _render_step(request, "parents/age.html", found, result, context)


# --- 2. Born early --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def born_early(request: HttpRequest) -> HttpResponse:
    check = journey.load(request.session)
    found = journey.pages(check)
    if redirected := _guard(request, found):
        return redirected
    if not journey.asks_born_early(check):
        return _resume(found)  # only an old link or history leads here once the age is over 2
    result = None
    answer = check.get("born_early", "")
    weeks = str(check.get("gestational_age_weeks", ""))
    if request.method == "POST":
        result = forms.clean_born_early(request.POST)
        if result.ok:
            check.pop("gestational_age_weeks", None)
            check.update(result.cleaned)
            journey.prune_for_age(check)
            journey.save(request.session, check)
            return _next(request, check)
        answer = request.POST.get("born-early", "")
        weeks = request.POST.get("weeks", "").strip()
    return _render_step(
        request,
        "parents/born_early.html",
        found,
        result,
        {
            "answer": answer,
            "options": forms.BORN_EARLY_OPTIONS,
            "weeks": weeks,
            "radio_error": result.message_for("born-early-no") if result else None,
            "weeks_error": result.message_for("weeks") if result else None,
        },
    )


# --- 3. Milestones --------------------------------------------------------------------------


def _milestone_hint(milestone: Milestone) -> str:
    """When children usually do it, so that "Not yet" at a young age doesn't alarm anyone."""
    if milestone.cdc_months:
        return _("Most children do this by %(age)s.") % {
            "age": describe_age(milestone.cdc_months, page_language())
        }
    if milestone.who_window:
        start, end = milestone.who_window
        return _("Almost all children first do this between %(start)d and %(end)d months.") % {
            "start": round(start),
            "end": round(end),
        }
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
def milestones(request: HttpRequest, page: int) -> HttpResponse:
    check = journey.load(request.session)
    found = journey.pages(check)
    if redirected := _guard(request, found):
        return redirected
    groups = journey.milestone_pages(check)
    if not groups:
        # Nothing to ask at this age (under 2 months, or 6 years and over), so the journey
        # skips this page; only an old link or history leads here.
        return _resume(found)
    if not 1 <= page <= len(groups):
        raise Http404("No such page of milestones")
    asked = groups[page - 1]
    answers = dict(check.get("milestones", {}))
    result = None
    if request.method == "POST":
        result = forms.clean_milestones(request.POST, asked)
        if result.ok:
            answers.update(result.cleaned["milestones"])
            return _save_and_continue(request, check, {"milestones": answers})
        answers.update(
            {
                m.id: request.POST[forms.milestone_field(m.id)]
                for m in asked
                if forms.milestone_field(m.id) in request.POST
            }
        )
    age = journey.age_of(check)
    assert age is not None  # the guard has made sure the age is answered
    questions = [
        {
            "milestone": m,
            "name": forms.milestone_field(m.id),
            "answer": answers.get(m.id, ""),
            "hint": _milestone_hint(m),
            "error": result.message_for(f"{forms.milestone_field(m.id)}-yes") if result else None,
        }
        for m in asked
    ]
    return _render_step(
        request,
        "parents/milestones.html",
        found,
        result,
        {
            "questions": questions,
            "page": page,
            "page_count": len(groups),
            "used_age": describe_age(age.used_months, page_language()),
            "chronological_age": describe_age(age.chronological_months, page_language()),
            "corrected": age.corrected_months is not None,
            "answer_options": [
                {"value": value, "label": label} for value, label in ANSWER_WORDS.items()
            ],
        },
    )


# --- 4–6. Concerns, conditions, red flags ---------------------------------------------------


def _checklist_groups(step: str, check: journey.Check) -> list[dict[str, Any]]:
    """The options of a checklist, in groups with a legend where the page has groups. The
    concerns are those offered for the child's age."""
    content = get_content(page_language())
    if step == "concerns":
        legends = {"moving": _("Moving"), "doing": _("Doing"), "other": _("Something else")}
        offered = journey.concerns_asked(check)
        return [
            {"legend": legend, "options": [c for c in offered if c.group == group]}
            for group, legend in legends.items()
            if any(c.group == group for c in offered)
        ]
    items = content.conditions if step == "conditions" else content.red_flags
    return [{"legend": None, "options": list(items.values())}]


CHECKLIST_TEXT = {
    "concerns": {
        "title": _("Is your child struggling with any of these?"),
        "hint": _("Select all that apply. Think about the last few weeks, not one bad day."),
        "none_label": _("None of these"),
        "missing": _("Select the things your child is struggling with, or “None of these”"),
    },
    "conditions": {
        "title": _("Has your child been diagnosed with any of these?"),
        "hint": _(
            "Include anything a doctor or therapist is looking into now, even if it is not "
            "confirmed. Select all that apply."
        ),
        "none_label": _("No, none of these"),
        "missing": _("Select any diagnoses your child has, or “No, none of these”"),
    },
    "red_flags": {
        "title": _("Have you noticed any of these?"),
        "hint": _(
            "These signs are not common. If you have seen one, your results will say who to "
            "talk to first. Select all that apply."
        ),
        "none_label": _("None of these"),
        "missing": _("Select the signs you have noticed, or “None of these”"),
    },
}


def _checklist(request: HttpRequest, step: str) -> HttpResponse:
    check = journey.load(request.session)
    found = journey.pages(check)
    if redirected := _guard(request, found):
        return redirected
    groups = _checklist_groups(step, check)
    allowed = [option.id for group in groups for option in group["options"]]
    first_target = f"{step}-{allowed[0]}"
    text = CHECKLIST_TEXT[step]
    result = None
    # The saved answer as ticks: an empty list was "None of these".
    ticked = (check[step] or [forms.NONE]) if step in check else []
    if request.method == "POST":
        result = forms.clean_checklist(
            request.POST,
            name=step,
            allowed=allowed,
            first_target=first_target,
            missing=text["missing"],
        )
        if result.ok:
            return _save_and_continue(request, check, result.cleaned)
        ticked = request.POST.getlist(step)
    return _render_step(
        request,
        "parents/checklist.html",
        found,
        result,
        {
            "step": step,
            "groups": groups,
            "ticked": ticked,
            "none": [{"id": forms.NONE, "label": text["none_label"], "exclusive": True}],
            **text,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def concerns(request: HttpRequest) -> HttpResponse:
    return _checklist(request, "concerns")


@never_cache
@require_http_methods(["GET", "POST"])
def conditions(request: HttpRequest) -> HttpResponse:
    return _checklist(request, "conditions")


@never_cache
@require_http_methods(["GET", "POST"])
def red_flags(request: HttpRequest) -> HttpResponse:
    return _checklist(request, "red_flags")


# --- 7. Check your answers ------------------------------------------------------------------


def _summary(check: journey.Check, *, changes: bool = True) -> list[dict[str, Any]]:
    """The answers as sections of rows (question, answers, where to change them), shared by the
    check of answers and the printed results; without `changes` (the results, which show no
    "Change" link), no row has an address, and none is reversed."""
    content = get_content(page_language())
    change = f"?{CHANGE}=1"

    def url(name: str, **kwargs: Any) -> str | None:
        return reverse(name, kwargs=kwargs or None) + change if changes else None

    age = journey.age_of(check)
    assert age is not None  # every caller has checked that the answers are complete
    if "birth_date" in check:
        age_answer = _("Born %(date)s, now %(age)s") % {
            "date": date_format(date.fromisoformat(check["birth_date"]), gettext("j F Y")),
            "age": describe_age(age.chronological_months, page_language()),
        }
    else:
        age_answer = describe_age(check["age_months"], page_language())
    child = [{"key": _("Age"), "values": [age_answer], "url": url("parents:age")}]
    if journey.asks_born_early(check):
        born = BORN_EARLY_WORDS[check["born_early"]]
        if check["born_early"] == "yes":
            born = born % {"weeks": check.get("gestational_age_weeks")}
        child.append({"key": _("Born early"), "values": [born], "url": url("parents:born_early")})
    if age.corrected_months is not None:
        corrected = describe_age(age.corrected_months, page_language())
        child.append({"key": _("Corrected age"), "values": [corrected], "url": None})
    sections = [{"title": _("Your child"), "rows": child}]

    milestone_rows = [
        {
            "key": milestone.label,
            "values": [ANSWER_WORDS.get(answer, answer)],
            "url": url("parents:milestones", page=number),
        }
        for number, milestone, answer in journey.iter_answered_milestones(check)
    ]
    if milestone_rows:
        title = _("What your child does at %(age)s") % {
            "age": describe_age(age.used_months, page_language())
        }
        sections.append({"title": title, "rows": milestone_rows})

    items: dict[str, Mapping[str, Any]] = {
        "concerns": content.concerns,
        "conditions": content.conditions,
        "red_flags": content.red_flags,
    }
    noticed = [
        {
            "key": NOTICED_TITLES[step],
            "values": [items[step][i].label for i in check[step] if i in items[step]]
            or [_("None")],
            "url": url(f"parents:{step}"),
        }
        for step in journey.CHECKLIST_STEPS
    ]
    sections.append({"title": _("What you have noticed"), "rows": noticed})
    return sections


@never_cache
@require_http_methods(["GET", "POST"])
def answers(request: HttpRequest) -> HttpResponse:
    check = journey.load(request.session)
    found = journey.pages(check)
    if journey.first_missing(found):
        return _resume(found)
    if request.method == "POST":
        journey.save(request.session, check, confirmed=True)
        return redirect("parents:results")
    return render(
        request,
        "parents/answers.html",
        {
            "sections": _summary(check),
            "back_url": found[-1].url,
            "progress": journey.step_of(check, request.path),
        },
    )


# --- 8. Results -----------------------------------------------------------------------------


def _confirmed_check(request: HttpRequest) -> journey.Check | HttpResponse:
    """The answers, or where to go while they are not complete and confirmed."""
    check = journey.load(request.session)
    found = journey.pages(check)
    if journey.first_missing(found):
        return _resume(found)
    if not check.get("confirmed"):
        return redirect("parents:answers")
    return check


def _confirmed_answer(request: HttpRequest) -> tuple[journey.Check, dict[str, Any]] | HttpResponse:
    """The answers and the engine's answer to them, or where to go while they are not
    complete and confirmed."""
    check = _confirmed_check(request)
    if isinstance(check, HttpResponse):
        return check
    # The guards above mean the engine gets a request it has already accepted piece by piece
    # (an age that has gone stale makes the age page unanswered again), so it is not caught.
    return check, screen(
        journey.screening_request(check), today=journey.today(), language=page_language()
    )


def _months_for_the_doctor(months: float) -> str:
    """An age as a doctor reads it: months to one decimal (the age the rules judged), and the
    years too from 2 ("2 years and 5 months, 29.2 months")."""
    exact = _("%(months)s months") % {"months": f"{months:.1f}".removesuffix(".0")}
    return exact if months < 24 else f"{describe_age(months, page_language())}, {exact}"


def _for_the_doctor(check: journey.Check, answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts a doctor scans for first, for the printed page: the child's age (and
    corrected age), how they were born, how soon, and what the parent ticked."""
    content = get_content(page_language())
    age = answer["age"]
    facts = [{"key": _("Age"), "values": [_months_for_the_doctor(age["chronological_months"])]}]
    if age["corrected_months"] is not None:
        corrected = _months_for_the_doctor(age["corrected_months"])
        facts.append({"key": _("Corrected age"), "values": [corrected]})
    if journey.asks_born_early(check):
        born = BORN_EARLY_WORDS[check["born_early"]]
        if check["born_early"] == "yes":
            born = born % {"weeks": check.get("gestational_age_weeks")}
        facts.append({"key": _("Born early"), "values": [born]})
    words = content.messages["text"]
    how_soon = f"{URGENCY_WORDS[answer['urgency']]}: {words[urgency_key(answer)]}"
    facts.append({"key": _("How soon"), "values": [how_soon]})
    lists: dict[str, Mapping[str, Any]] = {
        "concerns": content.concerns,
        "conditions": content.conditions,
        "red_flags": content.red_flags,
    }
    not_yet = [
        _("%(milestone)s (most children by %(age)s)")
        % {"milestone": m.label, "age": describe_age(m.cdc_months, page_language())}
        if m.cdc_months
        else m.label
        for _page, m, answered in journey.iter_answered_milestones(check)
        if answered == "not-yet"
    ]
    if not_yet:
        facts.append({"key": _("Answered “not yet”"), "values": not_yet})
    asked = journey.screening_request(check)
    for step, items in lists.items():
        ticked = [items[i].label for i in asked.get(step, []) if i in items]
        facts.append({"key": NOTICED_TITLES[step], "values": ticked or [_("None")]})
    return facts


# The results page is a function of the answers, the language, the day (the age) and the
# engine's content: a parent reloads it, prints it, comes back to it from the request's pages,
# and each time it was screened and drawn again, most of its cost. Each process remembers the
# parts and the drawn answer for this many sets of answers (a few kB each; the answers hold no
# name, and the session holds them anyway). docs/decisions.md, "The results page, remembered".
RESULTS_REMEMBERED = 256

ResultsKey = tuple[bytes, str, str, date, str]


def _results_key(check: journey.Check) -> ResultsKey:
    """What the results page's answer depends on: the answers (as canonical JSON), the engine's
    language and Django's, the day, and the version of the engine's content."""
    language = page_language()
    return (
        orjson.dumps(check, option=orjson.OPT_SORT_KEYS),
        language,
        translation.get_language() or "",
        journey.today(),
        get_content(language).version,
    )


@lru_cache(maxsize=RESULTS_REMEMBERED)
def _is_confirmed(key: ResultsKey, where: tuple[str, str]) -> bool:
    """Whether the answers of `key` are complete and confirmed (`_confirmed_check`), which they
    stay for that day and language: worked out once for each, as the page is drawn once."""
    check: journey.Check = orjson.loads(key[0])
    return not journey.first_missing(journey.pages(check)) and bool(check.get("confirmed"))


@lru_cache(maxsize=RESULTS_REMEMBERED)
def _results_parts(
    check_json: bytes, language: str, django_language: str, today: date, version: str
) -> dict[str, Any]:
    """The results page's context, the engine's answer in it, for one key of `_results_key`
    (called with that key's language active). Shared between requests: never changed."""
    check: journey.Check = orjson.loads(check_json)
    # The guards of _confirmed_check mean the engine gets a request it has already accepted
    # piece by piece (an age that has gone stale makes the age page unanswered again).
    answer = screen(journey.screening_request(check), today=today, language=language)
    content = get_content(language)
    shown = answer_view(answer)
    focus = focus_areas(answer, language)
    for card in shown["cards"]:
        card["focus"] = focus.get(card["id"], [])
    activities = home_activities(answer, language)
    # The reasons' sources (numbered, as the printed page cites them), then the activities'.
    sources = list(shown["sources"])
    for key in dict.fromkeys(a["source"] for a in activities):
        if content.sources[key] not in sources:
            sources.append(content.sources[key])
    answered = [(m, a) for _page, m, a in journey.iter_answered_milestones(check)]
    picture = milestone_picture(answered, answer["age"])
    sections = _summary(check, changes=False)
    if picture:  # the picture and its table show every milestone's answer
        sections = [section for number, section in enumerate(sections) if number != 1]
    return {
        **shown,
        "sources": sources,
        "cited": shown["sources"],  # the printed page's numbered list: the reasons' only
        "sections": sections,
        "picture": picture,
        "activities": activities,
        "for_the_doctor": _for_the_doctor(check, answer),
        "reminder": isinstance(answer.get("check_again_at_months"), int | float),
        "after_doctor": answer["urgency"] == "urgent",
        "checked_on": today,
    }


@lru_cache(maxsize=RESULTS_REMEMBERED)
def _results_body(key: ResultsKey, clinic: ClinicFacts, where: tuple[str, str]) -> str:
    """The results page's answer, drawn (parents/_results.html, which depends on nothing of
    the request): for one key of `_results_key`, the clinic's name, phone, email and website,
    and the script prefix and URLconf its links are reversed under."""
    name, phone, email, website = clinic
    context = {
        **_results_parts(*key),
        "clinic": {"name": name, "phone": phone, "email": email, "website": website},
    }
    return render_to_string("parents/_results.html", context)


@receiver(setting_changed)
def _forget_results(**kwargs: Any) -> None:
    """A setting changed (the tests' override_settings): what was drawn may differ now."""
    _is_confirmed.cache_clear()
    _results_parts.cache_clear()
    _results_body.cache_clear()


@never_cache
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    check = journey.load(request.session)
    key = _results_key(check)
    where = (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    if not _is_confirmed(key, where):
        found = _confirmed_check(request)
        if isinstance(found, HttpResponse):
            return found
    facts = _clinic_facts()
    # With DEBUG, templates are read again as they change: nothing drawn is remembered.
    draw = _results_body.__wrapped__ if settings.DEBUG else _results_body
    return render_remembered(
        request,
        "parents/results.html",
        (key, facts, where),
        lambda: {"body": draw(key, facts, where), "back_url": reverse("parents:answers")},
    )


@never_cache
@require_safe
def reminder_file(request: HttpRequest) -> HttpResponse:
    """ "Add a reminder to your calendar": an all-day event on the day to check again, built
    from the session and stored nowhere, with nothing about the child in it."""
    confirmed = _confirmed_answer(request)
    if isinstance(confirmed, HttpResponse):
        return confirmed
    check, answer = confirmed
    at_months = answer.get("check_again_at_months")
    if not isinstance(at_months, int | float):
        raise Http404("No age to check again at")
    born = check.get("birth_date")
    on = reminder.check_again_on(
        at_months=float(at_months),
        age_months=float(answer["age"]["chronological_months"]),
        today=journey.today(),
        birth_date=date.fromisoformat(born) if born else None,
    )
    start_url = settings.SITE_URL.rstrip("/") + reverse("parents:start")
    body = reminder.reminder_file(
        on=on,
        summary=gettext("Do the moving and doing check again"),
        description=gettext(
            "Time to do the WholeChild check again: %(url)s. If something worries you before "
            "then, do it sooner, or talk to your child's doctor."
        )
        % {"url": start_url},
        url=start_url,
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="check-again.ics"'
    return response


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    # Everything, a request being filled in or the private link of one just sent included:
    # none of it is for the next family on a shared device.
    journey.clear(request.session)
    return redirect("parents:age")
