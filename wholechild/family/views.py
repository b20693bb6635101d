"""The family's side of a request: ask for an evaluation, see where it stands, withdraw it.

Asking happens after the parent's check: a form for the family's details, a check of those
details, and "Send your request". Until it is sent, the details live only in the session (which
is cache-backed), never in the database, a log line or a URL. The check-your-answers page
carries a one-time token, made here and kept in the session; sending uses it as the submission
key, so a double click, a reload or a retry stores one request and shows the same confirmation.

The status page is reached only by the private link the confirmation shows. Every page here
holds a family's details, so none may be cached, and the status pages send no referrer.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from wholechild.care import actions, appointments, intake, ratelimit
from wholechild.care.forms import (
    HONEYPOT,
    RequestDetailsForm,
    current_language_name,
    language_code,
)
from wholechild.care.models import (
    Appointment,
    AppointmentState,
    Attendance,
    ClinicSettings,
    Discipline,
    EvaluationRequest,
    Goal,
    GoalDiscipline,
    GoalState,
    Plan,
    Source,
    Status,
    Urgency,
)
from wholechild.screening import ScreeningError, describe_age
from wholechild.web import journey
from wholechild.web.clinic import clinic_settings
from wholechild.web.forms import date_inputs
from wholechild.web.journey import DETAILS_KEY, ONE_TIME_KEY, SENT_KEY
from wholechild.web.language import page_language
from wholechild.web.nocache import never_cache

from .forms import WHICH_AGE_BIRTH_DATE, WHICH_AGE_CHECK, DetailsForm

RATE_SCOPE = "evaluation-request"
DATE_PARTS = ("day", "month", "year")
DOB_INPUTS = (
    ("dob-day", _("Day"), 2),
    ("dob-month", _("Month"), 2),
    ("dob-year", _("Year"), 4),
)


# --- Guards and small helpers ---------------------------------------------------------------


def _check_redirect(request: HttpRequest) -> HttpResponse | None:
    """Send the parent back to the check unless it is complete and confirmed."""
    check = journey.load(request.session)
    missing = journey.first_missing(journey.pages(check))
    if missing:
        return redirect(missing.url)
    if not check.get("confirmed"):
        return redirect("parents:answers")
    return None


def too_many_requests(request: HttpRequest, limited: ratelimit.Limited) -> HttpResponse:
    response = render(
        request,
        "family/too_many.html",
        {"minutes": max(1, round(limited.retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def _link_kept_private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The status link is the family's key: no page reached with it may pass it on. With
    `strict-origin` a Referer carries only the site's origin, never the path with the key in
    it, while the browser still sends the real Origin with the withdraw form's POST, which the
    CSRF check needs (with `no-referrer`, Chromium sends `Origin: null` and the check refuses
    the family's withdrawal)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapped


# --- 1. The family's details ----------------------------------------------------------------


def _date_from_parts(data: Any) -> str:
    """The three date inputs as one ISO date for the form ("" when all are empty, and
    something the form refuses as not a real date when any part is missing or not a number)."""
    parts = [str(data.get(f"dob-{part}", "")).strip() for part in DATE_PARTS]
    if not any(parts):
        return ""
    day, month, year = parts
    if not (day.isdecimal() and month.isdecimal() and year.isdecimal()) or len(year) != 4:
        return "not-a-date"
    # No day or month has more than two digits, and Python would refuse to read 4,301.
    if len(day.lstrip("0")) > 2 or len(month.lstrip("0")) > 2:
        return "not-a-date"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _date_parts(iso: str) -> dict[str, str]:
    try:
        born = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return {}
    return {"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)}


def _initial_values(request: HttpRequest) -> dict[str, str]:
    """What the form shows first: the saved details when changing them, else the language of
    the page and the birth date the check was given (if it was given as a date)."""
    saved = request.session.get(DETAILS_KEY)
    if saved:
        values = {k: str(v) for k, v in saved.items() if k != "child_birth_date"}
        values.update(_date_parts(saved.get("child_birth_date", "")))
        values["consent"] = "yes"
        return values
    values = {"preferred_language": current_language_name()}
    check = journey.load(request.session)
    if "birth_date" in check:
        values.update(_date_parts(check["birth_date"]))
    return values


@never_cache
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    if redirected := _check_redirect(request):
        return redirected
    values = _initial_values(request)
    form = DetailsForm(initial=values)
    if request.method == "POST":
        if request.POST.get(HONEYPOT, "").strip():
            # Only a program fills in a field no one can see: keep nothing, and say no more
            # than a person would need if it ever were one (see docs/family-requests.md).
            return render(request, "family/not_accepted.html")
        data = {name: request.POST.get(name, "") for name in RequestDetailsForm.base_fields}
        data["child_birth_date"] = _date_from_parts(request.POST)
        data["which_age"] = request.POST.get("which_age", "")
        form = DetailsForm(data)
        if form.is_valid():
            saved = form.cleaned_details()
            saved["child_birth_date"] = saved["child_birth_date"].isoformat()
            if _ages_agree(request, form):
                request.session[DETAILS_KEY] = saved
                return redirect("family:answers")
            if form.cleaned_data.get("which_age") == WHICH_AGE_BIRTH_DATE:
                # The date of birth is right: the check was for another age, so it is asked
                # again for this one before anything is sent. The details wait in the session.
                request.session[DETAILS_KEY] = saved
                check = journey.load(request.session)
                journey.use_birth_date(check, date.fromisoformat(saved["child_birth_date"]))
                journey.save(request.session, check)
                messages.info(request, AGE_CHANGED)
                missing = journey.first_missing(journey.pages(check))
                return redirect(missing.url if missing else reverse("parents:answers"))
        values = {key: str(value).strip() for key, value in request.POST.items()}
    born_invalid = bool(form["child_birth_date"].errors)
    asking = bool(form["which_age"].errors)
    return render(
        request,
        "family/details.html",
        {
            "form": form,
            "problems": form.problems(),
            "honeypot": HONEYPOT,
            "dob_inputs": date_inputs(DOB_INPUTS, values, lambda _input: born_invalid),
            "which_age": _which_age_question(request, form) if asking else None,
            "retention_days": settings.RETENTION_DAYS,
            "back_url": reverse("parents:results"),
        },
    )


AGE_CHANGED = _(
    "We have changed your child's age in the check to match their date of birth. Answer the "
    "questions for this age, then look at the results again before you send your request."
)


def _ages_agree(request: HttpRequest, form: DetailsForm) -> bool:
    """Whether the date of birth agrees with the age the check was done for (within a month).
    If not, the form says so: it asks which is right, or, once the parent has said the check
    is, asks for the date of birth again."""
    born = form.cleaned_data["child_birth_date"]
    check = journey.load(request.session)
    if not journey.birth_date_disagrees(check, born):
        return True
    words = _age_words(request, born)
    if form.cleaned_data.get("which_age") == WHICH_AGE_CHECK:
        form.add_error(
            "child_birth_date",
            _("Check your child's date of birth: the check was for a child of %(check)s") % words,
        )
    elif form.cleaned_data.get("which_age") != WHICH_AGE_BIRTH_DATE:
        form.add_error(
            "which_age",
            _(
                "This date of birth makes your child %(born)s, but the check was for a child "
                "of %(check)s. Say which is right"
            )
            % words,
        )
    return False


def _age_words(request: HttpRequest, born: date) -> dict[str, str]:
    check = journey.load(request.session)
    asked = journey.chronological_age(check)
    given = journey.age_on_birth_date(born)
    return {
        "born": describe_age(given, page_language()) if given is not None else "",
        "check": describe_age(asked.chronological_months, page_language())
        if asked is not None
        else "",
    }


def _which_age_question(request: HttpRequest, form: DetailsForm) -> dict[str, Any]:
    """The radios that ask which age is right, with the two ages in words."""
    born = date.fromisoformat(_date_from_parts(request.POST))
    words = _age_words(request, born)
    return {
        "error": form["which_age"].errors[0],
        "options": [
            {
                "value": WHICH_AGE_BIRTH_DATE,
                "label": _("The date of birth is right: my child is %(born)s") % words,
                "hint": _("We will take you back to the check to answer it for this age."),
            },
            {
                "value": WHICH_AGE_CHECK,
                "label": _("The check is right: my child is %(check)s") % words,
                "hint": _("Then correct the date of birth above."),
            },
        ],
    }


# --- 2. Check your details, and send them ---------------------------------------------------


def _details_sections(saved: dict[str, Any]) -> list[dict[str, Any]]:
    change = reverse("family:details")

    def row(key: Any, value: Any, target: str) -> dict[str, Any]:
        return {"key": key, "values": [value or _("Not given")], "url": f"{change}#{target}"}

    born = date_format(date.fromisoformat(saved["child_birth_date"]), str(_("j F Y")))
    return [
        {
            "title": _("About you"),
            "rows": [
                row(_("Your name"), saved["parent_name"], "parent_name"),
                row(_("Email address"), saved["email"], "email"),
                row(_("Phone number"), saved["phone"], "phone"),
                row(
                    _("Language you would like to use"),
                    saved["preferred_language"],
                    "preferred_language",
                ),
                row(_("Best time to call"), saved["best_time_to_call"], "best_time_to_call"),
            ],
        },
        {
            "title": _("Your child"),
            "rows": [
                row(_("First name"), saved["child_first_name"], "child_first_name"),
                row(_("Date of birth"), born, "dob-day"),
            ],
        },
    ]


def _send(request: HttpRequest) -> HttpResponse:
    posted = request.POST.get("send_token", "")
    sent = request.session.get(SENT_KEY)
    if sent and posted and secrets.compare_digest(posted, sent["key"]):
        return redirect("family:sent")  # sent already: a double click, a reload, a retry
    limited = ratelimit.hit(RATE_SCOPE, request)
    if limited:
        return too_many_requests(request, limited)
    if redirected := _check_redirect(request):
        return redirected
    saved = request.session.get(DETAILS_KEY)
    if not saved:
        return redirect("family:details")
    expected = request.session.get(ONE_TIME_KEY, "")
    if not (posted and expected and secrets.compare_digest(posted, expected)):
        return redirect("family:answers")  # an old page: show the details with a fresh token
    form = RequestDetailsForm({**saved, "consent": True})
    if not form.is_valid():  # a child turned 18 while the session lasted, say
        return redirect("family:details")
    check = journey.load(request.session)
    try:
        result = actions.do_submit_request(
            details=form.cleaned_details(),
            screening=journey.screening_request(check),
            submission_key=posted,
            source=Source.WEB,
            born_early=journey.born_early_answer(check),
            language=page_language(),
        )
    except intake.IdempotencyConflict:
        # The token was sent with other details (changed in another tab): start a new send.
        request.session.pop(ONE_TIME_KEY, None)
        return redirect("family:answers")
    except ScreeningError:
        return redirect("parents:results")  # the check's answers have gone stale
    request.session[SENT_KEY] = {
        "reference": result.request.reference,
        "status_token": result.status_token,
        "key": posted,
    }
    request.session.pop(DETAILS_KEY, None)
    request.session.pop(ONE_TIME_KEY, None)
    return redirect("family:sent")


@never_cache
@require_http_methods(["GET", "POST"])
def answers(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _send(request)
    if redirected := _check_redirect(request):
        return redirected
    saved = request.session.get(DETAILS_KEY)
    if not saved:
        return redirect("family:details")
    token = request.session.get(ONE_TIME_KEY)
    if not token:
        token = request.session[ONE_TIME_KEY] = secrets.token_urlsafe(32)
    return render(
        request,
        "family/answers.html",
        {
            "sections": _details_sections(saved),
            "send_token": token,
            "back_url": reverse("family:details"),
        },
    )


@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SENT_KEY)
    if not done:
        return redirect("parents:start")
    link = request.build_absolute_uri(intake.status_url(done["status_token"]))
    found = intake.find_by_token(done["status_token"])
    urgency = found.urgency if found is not None else Urgency.ROUTINE
    return render(
        request,
        "family/sent.html",
        {
            "reference": done["reference"],
            "link": link,
            "next_step": reach_words(clinic_settings(), urgency),
        },
    )


# --- 3. Where the request stands ------------------------------------------------------------

STATUS_TEXT: dict[str, tuple[Any, Any]] = {
    Status.NEW: (
        _("We have your request. No one has contacted you about it yet."),
        "",  # how soon the clinic means to call: `reach_words`
    ),
    Status.CONTACTED: (
        _("The clinic has been in touch with you about your request."),
        _("The next step is to book a time for your child's evaluation."),
    ),
    Status.BOOKED: (
        _("Your child's evaluation is booked."),
        _(
            "A therapist will meet your child, see what they can do, and talk with you. "
            "If you cannot come, please tell the clinic."
        ),
    ),
    Status.EVALUATED: (
        _("Your child has been evaluated."),
        _(
            "The therapists will make a plan with you: the goals your child will work on. "
            "They will appear on this page."
        ),
    ),
    Status.IN_THERAPY: (
        _("Your child is in therapy."),
        _("This page shows your child's goals and how they are doing."),
    ),
    Status.DISCHARGED: (
        _("Your child's therapy has finished."),
        _(
            "Nothing more happens unless you ask. If you are worried again, you can do a new "
            "check and ask for another evaluation."
        ),
    ),
    Status.CLOSED: (
        _("The clinic has closed this request."),
        _(
            "Nothing more happens with this request. If you think this is a mistake, or you "
            "are worried again, contact the clinic."
        ),
    ),
    Status.WITHDRAWN: (
        _("You withdrew this request."),
        _(
            "We have deleted your details and your child's details, and the clinic will not "
            "contact you about it. If you change your mind, you can do the check again and "
            "send a new request."
        ),
    ),
}


# Once the plan has goals, the evaluated family reads about them rather than waiting for them.
EVALUATED_WITH_PLAN = _(
    "The therapists have started a plan with you: the goals below. Ask them about anything "
    "you would like to change."
)


def reach_words(clinic: ClinicSettings, urgency: str) -> str:
    """How soon the clinic means to call a family, as its settings say for this urgency."""
    days = clinic.reach_within_days(urgency)
    return ngettext(
        "Someone from the clinic will contact you, usually within %(days)d working day, to "
        "talk about your child and book an evaluation.",
        "Someone from the clinic will contact you, usually within %(days)d working days, to "
        "talk about your child and book an evaluation.",
        days,
    ) % {"days": days}


# A goal's state in the family's words, not the clinic's. A goal still "proposed" that already
# has progress is being worked on, whatever the clinic has not yet ticked.
GOAL_STATE_TEXT = {
    GoalState.PROPOSED: _("Suggested, not started yet"),
    GoalState.ACTIVE: _("Working on it now"),
    GoalState.ACHIEVED: _("Reached"),
    GoalState.DISCONTINUED: _("Stopped"),
}

# The level a goal has reached, as a family would say it: never the scale's words ("somewhat
# less than expected") nor its numbers. The one table of these words; `family_level` picks the
# row. A goal starts at -2 as a rule, or at -1 when the child could still slip back
# (Turner-Stokes), so the words count from where the child started, not from the number.
LEVEL_WORDS: dict[str, Any] = {
    "harder": _("A little harder than when we started, for now"),
    "start": _("Still where we started, for now"),
    "closer": _("Getting closer"),
    "expected": _("About where we hoped"),
    "better": _("Better than we hoped"),
    "much-better": _("Much better than we hoped"),
}
LEVEL_ROWS = {-1: "closer", 0: "expected", 1: "better", 2: "much-better"}


def family_level(level: int, started_at: int) -> str:
    """A level (-2 to +2) in the family's words, counted from the goal's level at the start."""
    if level < started_at:
        return str(LEVEL_WORDS["harder"])
    if level == started_at:
        return str(LEVEL_WORDS["start"])
    return str(LEVEL_WORDS[LEVEL_ROWS[level]])


# The plan's goals in three groups, in this order: each therapist's, then the shared ones.
GOAL_GROUPS: list[tuple[GoalDiscipline, Any, Any]] = [
    (GoalDiscipline.PT, _("Physical therapy"), ""),
    (GoalDiscipline.OT, _("Occupational therapy"), ""),
    (
        GoalDiscipline.BOTH,
        _("Shared goals"),
        _("Both therapists work on these together."),
    ),
]


def _goal_view(goal: Goal) -> dict[str, Any]:
    """One goal as the family sees it: its words, its target date, its state and the level
    it has reached. Never its baseline or measure (the therapist's), nor any note."""
    entries = list(goal.progress.all())
    state = GoalState(goal.state)
    if state == GoalState.PROPOSED and entries:
        state = GoalState.ACTIVE
    latest = entries[-1] if entries else None
    return {
        "text": goal.text,
        "target_date": goal.target_date,
        "state": GOAL_STATE_TEXT[state],
        "latest": (
            {"words": family_level(latest.gas_score, goal.baseline_level), "at": latest.at}
            if latest is not None
            else None
        ),
    }


def _home_program(goals: list[Goal]) -> list[dict[str, Any]]:
    """The activities the therapists gave the family to do at home, each with the goal it
    serves: those still going, on goals not stopped."""
    return [
        {
            "what": activity.what,
            "how_often": activity.how_often,
            "watch_for": activity.watch_for,
            "goal": goal.text,
        }
        for goal in goals
        if goal.state != GoalState.DISCONTINUED
        for activity in goal.home_activities.all()
        if not activity.stopped
    ]


# At discharge with no goal met, the family reads it kindly, not as "0 of 3".
NONE_REACHED = _("Your child did not reach their goals as far as we hoped this time.")


def _discharge(plan: Plan) -> dict[str, Any] | None:
    """The summary written when the therapy ended, in plain words: the goals reached and the
    therapists' recommendations. The T-score is the clinic's measure, not shown here."""
    if not plan.is_discharged:
        return None
    met, total = plan.discharge_goals_met or 0, plan.discharge_goals_total or 0
    if not total:
        reached = ""
    elif not met:
        reached = str(NONE_REACHED)
    else:
        reached = ngettext(
            "Your child reached %(met)d of their %(total)d goal.",
            "Your child reached %(met)d of their %(total)d goals.",
            total,
        ) % {"met": met, "total": total}
    return {
        "on": plan.discharged_at,
        "by": plan.discharged_by_name,
        "why": plan.get_discharge_reason_display() if plan.discharge_reason else "",
        "reached": reached,
        "recommendations": plan.discharge_recommendations,
    }


def _plan(found: EvaluationRequest) -> dict[str, Any] | None:
    """The plan as the family sees it, in their words: the goals in their groups, the home
    program while the therapy goes on, and the discharge summary once it has ended. Never a
    staff note, a visit's note, a progress note or the baseline the therapist wrote. None
    when there is no plan."""
    plan = Plan.objects.filter(request=found).first()
    if plan is None:
        return None
    goals = list(plan.goals.prefetch_related("progress", "home_activities"))
    groups = [
        {
            "title": title,
            "hint": hint,
            "goals": [_goal_view(goal) for goal in goals if goal.discipline == discipline],
        }
        for discipline, title, hint in GOAL_GROUPS
    ]
    discharge = _discharge(plan)
    return {
        "groups": [group for group in groups if group["goals"]],
        "home": [] if discharge else _home_program(goals),
        "discharge": discharge,
        # While the therapy goes on: who the child's therapists are, and when they last came.
        "therapists": [] if discharge else _therapists(plan),
        "last_visit": None
        if discharge
        else plan.visits.filter(attendance=Attendance.ATTENDED)
        .order_by("-on")
        .values_list("on", flat=True)
        .first(),
    }


def _therapists(plan: Plan) -> list[dict[str, Any]]:
    """Each therapy's therapist, as they are named on the plan of care (their part of it)."""
    named = {part.discipline: part.therapist_name for part in plan.disciplines.all()}
    return [
        {"therapy": discipline.label, "name": named[discipline]}
        for discipline in Discipline
        if named.get(discipline)
    ]


def _appointment(found: EvaluationRequest, token: str) -> dict[str, Any] | None:
    """The child's evaluation as the family sees it: booked (when, where, who, the clinic's
    note, and the calendar file), or cancelled while a new time is found. None otherwise."""
    latest = Appointment.objects.filter(request=found).order_by("-created_at", "-pk").first()
    if latest is None:
        return None
    booked = latest.state == AppointmentState.BOOKED and found.status == Status.BOOKED
    cancelled = latest.state == AppointmentState.CANCELLED and found.status in (
        Status.NEW,
        Status.CONTACTED,
    )
    if not (booked or cancelled):
        return None
    clinic = ClinicSettings.current()
    return {
        "booked": booked,
        "when": appointments.when_words(latest),
        "where": appointments.where_words(latest, clinic),
        "who": appointments.who_words(latest),
        "note": latest.family_note if booked else "",
        "calendar_url": reverse("family:appointment_calendar", args=[token]) if booked else "",
    }


def _booked(found: EvaluationRequest) -> Appointment | None:
    if found.status != Status.BOOKED:
        return None
    return Appointment.objects.filter(request=found, state=AppointmentState.BOOKED).first()


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "family/status_not_found.html", status=404)


def _speak_as_asked(request: HttpRequest, found: EvaluationRequest) -> None:
    """The status pages speak the language the family asked for in their request (as their
    emails do), unless they chose one with the language switch since: that choice is the
    newer. Once withdrawn, the request keeps no language, and the browser's is used."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or not found.preferred_language:
        return
    language = language_code(found.preferred_language)
    translation.activate(language)
    request.LANGUAGE_CODE = language


@never_cache
@_link_kept_private
@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    found = intake.find_by_token(token)
    if found is None:
        return _not_found(request)
    _speak_as_asked(request, found)
    where, next_step = STATUS_TEXT[found.status]
    plan = _plan(found) if found.status != Status.WITHDRAWN else None
    if found.status == Status.NEW:
        next_step = reach_words(clinic_settings(), found.urgency)
    elif found.status == Status.EVALUATED and plan and plan["groups"]:
        next_step = EVALUATED_WITH_PLAN
    return render(
        request,
        "family/status.html",
        {
            "found": found,
            "where": where,
            "next_step": next_step,
            "closed_reason": found.closed_reason if found.status == Status.CLOSED else "",
            "withdrawn": found.status == Status.WITHDRAWN,
            "plan": plan,
            "appointment": _appointment(found, token),
            "withdraw_url": (
                reverse("family:withdraw", args=[token]) if found.may_withdraw else ""
            ),
            "clinical_record": found.status in (Status.EVALUATED, Status.IN_THERAPY),
            # Once therapy has begun, the page is about the therapy more than the request.
            "in_therapy": found.status in (Status.IN_THERAPY, Status.DISCHARGED),
        },
    )


@never_cache
@_link_kept_private
@require_safe
def appointment_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The booked evaluation as a calendar file (.ics) to add to a phone's calendar: the date,
    the time, the place and the clinic, nothing else (`care.appointments`)."""
    found = intake.find_by_token(token)
    appointment = _booked(found) if found is not None else None
    if found is None or appointment is None:
        return _not_found(request)
    _speak_as_asked(request, found)
    response = HttpResponse(
        appointments.calendar_file(appointment, ClinicSettings.current()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="evaluation.ics"'
    return response


# --- 4. Withdrawing -------------------------------------------------------------------------


@never_cache
@_link_kept_private
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    found = intake.find_by_token(token)
    if found is None:
        return _not_found(request)
    _speak_as_asked(request, found)
    status_url = intake.status_url(token)
    if not found.may_withdraw:
        return redirect(status_url)
    if request.method == "POST":
        actions.do_withdraw(found)
        return redirect(status_url)
    return render(request, "family/withdraw.html", {"found": found, "back_url": status_url})
