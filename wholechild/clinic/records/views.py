"""The clinic's records: the inbox, a child's record with its contact log and evaluation, a
therapist's week of evaluations, and the shared PT+OT plan.

Every view is a `staff_view`, and every request is found through `visible_requests`, so a
therapist who opens another child's record by its URL gets 404, as does a clinic administrator.
Who may change what is in `wholechild.care.rules`; every change is an action of
`wholechild.care.actions`, which writes its audit entry. Only POSTs change anything; each one
redirects (with a message) or shows the page again with its errors. Every view is in the audit
log too, by reference and kind of page only: never a name or a health detail.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, Protocol, TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wholechild.care import actions, audit, rules
from wholechild.care.access import discipline_of, role_of, visible_requests
from wholechild.care.appointments import where_words
from wholechild.care.models import (
    Appointment,
    AppointmentPlace,
    AuditAction,
    ClinicSettings,
    ContactMethod,
    ContactOutcome,
    EvaluationRequest,
    Plan,
    Role,
    Status,
)
from wholechild.clinic.access import StaffRequest, audit_refusal, staff_view
from wholechild.fhir.base import MEDIA_TYPE as FHIR_MEDIA_TYPE
from wholechild.fhir.record import record_bundle

from . import forms, selectors
from .export import export_data, when
from .presenters import (
    age_text,
    booked_appointment,
    deadline,
    inbox_rows,
    parent_answers,
    screening_view,
    status_controls,
    top_reason,
    week_days,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FILTERS_KEY = "clinic.inbox.filters"

P = ParamSpec("P")


# --- Finding the request ---------------------------------------------------------------------


def _refuse(request: StaffRequest, reference: str) -> NoReturn:
    """404 for a request this user may not see. When the reference is a real request's, the
    refusal is audited (target: the reference; detail: which page). Anything else typed in a
    URL is not a request, so nothing was refused and nothing of it is written down."""
    longest = EvaluationRequest._meta.get_field("reference").max_length or 0
    known = EvaluationRequest.objects.filter(reference=reference)
    if len(reference) <= longest and known.exists():
        audit_refusal(request, target=reference)
    raise Http404


def _find(request: StaffRequest, reference: str) -> EvaluationRequest:
    """The request with this reference if this user may see it; 404 for everyone else."""
    requests = visible_requests(request.user).select_related("pt_evaluator", "ot_evaluator")
    found = requests.filter(reference=reference).first()
    if found is None:
        _refuse(request, reference)
    return found


def _find_for_update(request: StaffRequest, reference: str) -> EvaluationRequest:
    """As `_find`, locked until the end of the transaction so two changes cannot cross."""
    return get_object_or_404(
        visible_requests(request.user).select_for_update(), reference=reference
    )


class Change(Protocol[P]):
    """A view that changes a request: the request's reference, and perhaps a goal's id."""

    def __call__(
        self, request: StaffRequest, /, reference: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse: ...


def _atomic_change(view: Change[P]) -> Change[P]:
    """Run a change in one transaction, once the request is known to be visible, so that the
    rules are checked on the locked row the action changes. The visibility check is made first,
    outside the transaction, so that the audit of a refusal is not rolled back with it. A
    change the request's state no longer allows (it moved on meanwhile) is refused with 403."""

    @wraps(view)
    def wrapped(
        request: StaffRequest, /, reference: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        if not visible_requests(request.user).filter(reference=reference).exists():
            _refuse(request, reference)
        try:
            with transaction.atomic():
                return view(request, reference, *args, **kwargs)
        except actions.NotAllowedNow:
            raise PermissionDenied from None

    return wrapped


class Acting(TypedDict):
    by: User
    address: str | None


def _acting(request: StaffRequest) -> Acting:
    """Who acts, and from where, for an action's audit entry."""
    return {"by": request.user, "address": audit.client_address(request)}


# --- The inbox -------------------------------------------------------------------------------


def _saved_filters(request: StaffRequest) -> dict[str, str]:
    saved = request.session.get(FILTERS_KEY) or {}
    return {key: str(saved.get(key, default)) for key, default in forms.INBOX_DEFAULTS.items()}


@staff_view(*rules.CARE_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request: StaffRequest) -> HttpResponse:
    """GET shows one view of the inbox (`?view=`, "needs action" when none), a page of it at a
    time (`?page=`: a cursor of sort keys, never a name; `selectors.inbox_page`); POST saves
    the filters and search in the session and comes back to the view, so a name, phone number
    or email searched for never appears in a URL, a log or the browser's history."""
    role = role_of(request.user)
    view = selectors.inbox_view(request.GET.get("view"), role)
    default = selectors.default_view(role)
    asked = request.GET.get("view") in selectors.INBOX_VIEWS
    here = reverse("clinic:inbox") + (f"?view={view.slug}" if asked else "")
    form: forms.InboxFilterForm
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(FILTERS_KEY, None)
            return redirect(here)
        form = forms.InboxFilterForm(request.POST)
        if form.is_valid():
            request.session[FILTERS_KEY] = dict(form.cleaned_data)
            return redirect(here)
    else:
        form = forms.InboxFilterForm(initial=_saved_filters(request))
    filters = _saved_filters(request)
    page = selectors.inbox_page(request.user, filters, view, request.GET.get("page"))
    clinic = ClinicSettings.current()
    now = timezone.now()
    counts = selectors.view_counts(request.user, filters)
    overdue = selectors.filtered(request.user, filters).filter(clinic.overdue(now)).count()
    detail = forms.filters_detail(view.slug, filters)
    if page.reached != "first":
        detail += f" page={page.reached}"
    audit.record(AuditAction.INBOX_VIEWED, request=request, detail=detail)
    return render(
        request,
        "clinic/records/inbox.html",
        {
            "nav": "inbox",
            "form": form,
            "problems": form.problems() if form.is_bound else [],
            "view": view,
            "views": [
                {
                    "view": item,
                    "count": counts[slug],
                    "current": item == view,
                    "url": reverse("clinic:inbox") + ("" if item == default else f"?view={slug}"),
                }
                for slug, item in selectors.INBOX_VIEWS.items()
            ],
            "here": here,
            "page": page,
            "rows": inbox_rows(page.requests, clinic, now),
            "total": counts[view.slug],
            "overdue": overdue,
            "filtering": filters != forms.INBOX_DEFAULTS,
        },
    )


# --- A child's record ------------------------------------------------------------------------


def _render_record(
    request: StaffRequest,
    evaluation: EvaluationRequest,
    *,
    status_form: forms.StatusForm | None = None,
    assign_form: forms.AssignForm | None = None,
    note_form: forms.NoteForm | None = None,
    contact_form: forms.ContactForm | None = None,
) -> HttpResponse:
    """The record, in the order of the work: why the family asked, how to reach them and every
    attempt so far, the evaluation, then the moves, evaluators, notes and history; the parent's
    answers in full last. A refused POST's form comes back with its errors."""
    audit.record(AuditAction.RECORD_VIEWED, request=request, target=evaluation.reference)
    user = request.user
    if assign_form is None and rules.may_assign(user, evaluation):
        assign_form = forms.AssignForm(
            prefix="assign",
            initial={
                "pt_evaluator": evaluation.pt_evaluator_id,
                "ot_evaluator": evaluation.ot_evaluator_id,
            },
        )
    if note_form is None and rules.may_add_note(user, evaluation):
        note_form = forms.NoteForm(prefix="note")
    if contact_form is None and rules.may_log_contact(user, evaluation):
        contact_form = forms.ContactForm(prefix="contact", evaluation=evaluation)
    moves = status_controls(user, evaluation, status_form)
    problems = [
        problem
        for form in (status_form, contact_form, assign_form, note_form)
        if form is not None and form.is_bound
        for problem in form.problems()
    ]
    may_reopen = rules.may_reopen(user, evaluation)
    clinic = ClinicSettings.current()
    appointment = booked_appointment(evaluation)
    return render(
        request,
        "clinic/records/record.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "withdrawn": evaluation.is_withdrawn,
            "age": age_text(evaluation.child_birth_date, timezone.localdate()),
            "why": top_reason(evaluation.screening_answer or {}),
            "deadline": deadline(evaluation, clinic, timezone.now()),
            "screening": screening_view(evaluation),
            "answers": parent_answers(evaluation),
            # Newest first: the side of the record reads from what happened last.
            "history": list(evaluation.history.order_by("-at", "-pk")),
            "notes": list(evaluation.notes.order_by("-at", "-pk")),
            "contacts": list(evaluation.contacts.all()),
            "appointment": appointment,
            "appointment_place": where_words(appointment, clinic) if appointment else "",
            "can_book": rules.may_book(user, evaluation),
            "moves": moves,
            "assign_form": assign_form,
            "note_form": note_form,
            "contact_form": contact_form,
            "method_options": _options(ContactMethod.choices),
            "outcome_options": _options(ContactOutcome.choices),
            "problems": problems,
            "has_plan": Plan.objects.filter(request=evaluation).exists(),
            "can_reopen": may_reopen,
            "reopen_to": evaluation.status_to_reopen() if may_reopen else None,
            "back_url": "",
        },
    )


def _options(choices: Any) -> list[dict[str, Any]]:
    """A field's choices as components/radios.html takes them."""
    return [{"value": value, "label": label} for value, label in choices]


@staff_view()
@require_safe
def record(request: StaffRequest, reference: str) -> HttpResponse:
    return _render_record(request, _find(request, reference))


@staff_view()
@require_POST
@_atomic_change
def change_status(request: StaffRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    moves = rules.allowed_moves(request.user, evaluation)
    if not moves:
        raise PermissionDenied
    form = forms.status_form(moves, data=request.POST)
    if not form.is_valid():
        return _render_record(request, _find(request, reference), status_form=form)
    to = Status(form.cleaned_data["to_status"])
    actions.do_move_status(
        evaluation, to=to, reason=form.cleaned_data["reason"], **_acting(request)
    )
    messages.success(request, _("Status changed to “%(status)s”.") % {"status": to.label})
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def reopen(request: StaffRequest, reference: str) -> HttpResponse:
    """A request closed by mistake goes back to the status it had before it was closed."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_reopen(request.user, evaluation):
        raise PermissionDenied
    to = actions.do_reopen(evaluation, **_acting(request))
    messages.success(
        request, _("Request reopened: its status is “%(status)s” again.") % {"status": to.label}
    )
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def assign(request: StaffRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    if not rules.may_assign(request.user, evaluation):
        raise PermissionDenied
    form = forms.AssignForm(request.POST, prefix="assign")
    if not form.is_valid():
        return _render_record(request, _find(request, reference), assign_form=form)
    changes = actions.do_assign(
        evaluation,
        pt=form.cleaned_data["pt_evaluator"],
        ot=form.cleaned_data["ot_evaluator"],
        **_acting(request),
    )
    if not changes:
        messages.info(request, _("Nothing changed: those are the evaluators already assigned."))
    else:
        messages.success(request, _("Evaluators assigned."))
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def add_note(request: StaffRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    if not rules.may_add_note(request.user, evaluation):
        raise PermissionDenied
    form = forms.NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _render_record(request, _find(request, reference), note_form=form)
    actions.do_add_note(evaluation, text=form.cleaned_data["text"], **_acting(request))
    messages.success(request, _("Note added."))
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def log_contact(request: StaffRequest, reference: str) -> HttpResponse:
    """One attempt to reach the family; a "reached" one on a new request makes it contacted."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_log_contact(request.user, evaluation):
        raise PermissionDenied
    form = forms.ContactForm(request.POST, prefix="contact", evaluation=evaluation)
    if not form.is_valid():
        return _render_record(request, _find(request, reference), contact_form=form)
    was = evaluation.status
    attempt = actions.do_log_contact(
        evaluation,
        method=ContactMethod(form.cleaned_data["method"]),
        outcome=ContactOutcome(form.cleaned_data["outcome"]),
        note=form.cleaned_data["note"],
        at=form.cleaned_data["at"],
        **_acting(request),
    )
    if evaluation.status != was:
        done = _("Logged: %(outcome)s. Status changed to “%(status)s”.") % {
            "outcome": attempt.get_outcome_display(),
            "status": Status(evaluation.status).label,
        }
    else:
        done = _("Logged: %(outcome)s.") % {"outcome": attempt.get_outcome_display()}
    messages.success(request, done)
    return redirect(reverse("clinic:record", args=[evaluation.reference]) + "#contacts-title")


# --- The evaluation's appointment ---------------------------------------------------------------


def _clash_message(clash: actions.Clash) -> str:
    """What the booking form says when a therapist is already booked then: who, and when."""
    other = clash.appointment
    starts = timezone.localtime(other.starts_at)
    return _(
        "%(name)s already has an evaluation from %(start)s to %(end)s on %(day)s. Choose "
        "another time, or another therapist."
    ) % {
        "name": actions.staff_name(clash.therapist),
        "start": starts.strftime("%H:%M"),
        "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
        "day": date_format(starts, "l j F Y"),
    }


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def evaluation(request: StaffRequest, reference: str) -> HttpResponse:
    """The evaluation's appointment on a page of its own: book it, or change its time, place,
    therapists or note. Who may: `rules.may_book`, and `may_book_with` for the therapists."""
    found = _find_for_update(request, reference)
    if not rules.may_book(request.user, found):
        raise PermissionDenied
    appointment = booked_appointment(found)
    own_only = role_of(request.user) != Role.INTAKE
    form = forms.EvaluationForm(
        request.POST if request.method == "POST" else None,
        prefix="evaluation",
        evaluation=found,
        own_evaluators_only=own_only,
        initial=forms.evaluation_initial(found, appointment),
    )
    if request.method == "POST" and form.is_valid():
        booking = form.booking()
        if not rules.may_book_with(request.user, found, booking.pt, booking.ot):
            form.add_error(
                "pt" if discipline_of(request.user) == "pt" else "ot",
                _("Book yourself for the evaluation: you book only your own evaluations"),
            )
        else:
            try:
                done = _book(found, appointment, booking, request)
            except actions.Clash as clash:
                form.add_error("time", _clash_message(clash))
            else:
                messages.success(request, done)
                return redirect(
                    reverse("clinic:record", args=[found.reference]) + "#evaluation-title"
                )
    audit.record(
        AuditAction.RECORD_VIEWED,
        request=request,
        target=found.reference,
        detail="evaluation page",
    )
    return render(
        request,
        "clinic/records/evaluation.html",
        {
            "nav": "inbox",
            "evaluation": found,
            "appointment": appointment,
            "form": form,
            "place_options": _options(AppointmentPlace.choices),
            "problems": form.problems() if form.is_bound else [],
            "week_url": _week_link(appointment, form),
            "back_url": reverse("clinic:record", args=[found.reference]) + "#evaluation-title",
        },
    )


def _book(
    found: EvaluationRequest,
    appointment: Appointment | None,
    booking: actions.Booking,
    request: StaffRequest,
) -> str:
    """Book the evaluation, or change the booked one; what to tell the member of staff."""
    emailed = " " + _("The family will be emailed the details.") if found.email else ""
    if appointment is None:
        actions.do_book_evaluation(found, booking=booking, **_acting(request))
        return _("Evaluation booked.") + emailed
    changed = actions.do_move_evaluation(appointment, booking=booking, **_acting(request))
    if not changed:
        return _("Nothing was changed.")
    if not set(changed) & set(actions.FAMILY_FACTS):
        emailed = ""
    return _("Evaluation changed.") + emailed


def _week_link(appointment: Appointment | None, form: forms.EvaluationForm) -> str:
    """The week of the evaluation asked for (or booked), to see the therapists' other ones."""
    day = form.cleaned_data.get("day") if form.is_bound else None
    if day is None and appointment is not None:
        day = timezone.localdate(appointment.starts_at)
    if day is None:
        return reverse("clinic:evaluations")
    return reverse("clinic:evaluations") + f"?week={selectors.week_of(day).isoformat()}"


@staff_view()
@require_POST
@_atomic_change
def cancel_evaluation(request: StaffRequest, reference: str) -> HttpResponse:
    """Cancel the booked evaluation: the family is emailed, and the request is contacted again."""
    found = _find_for_update(request, reference)
    appointment = booked_appointment(found)
    if appointment is None or not rules.may_book(request.user, found):
        raise PermissionDenied
    actions.do_cancel_evaluation(appointment, **_acting(request))
    done = _("Evaluation cancelled. The request is “Contacted” again, to book a new time.")
    if found.email:
        done += " " + _("The family will be emailed.")
    messages.success(request, done)
    return redirect(reverse("clinic:record", args=[found.reference]) + "#evaluation-title")


def _week(value: str | None) -> date:
    """The Monday of the week asked for (`?week=` any day of it), or of this week."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        day = timezone.localdate()
    return selectors.week_of(day)


@staff_view(*rules.CARE_ROLES)
@require_safe
def evaluations(request: StaffRequest) -> HttpResponse:
    """A therapist's evaluations, a week at a time: their own, or (for the intake coordinator,
    who books them) any therapist's, chosen with `?therapist=` (a member of staff's id: never a
    family's detail)."""
    monday = _week(request.GET.get("week"))
    therapists = list(forms.staff_with_role(Role.PT, Role.OT))
    therapist: Any = request.user
    if role_of(request.user) == Role.INTAKE:
        chosen = request.GET.get("therapist", "")
        therapist = next((t for t in therapists if str(t.pk) == chosen), None)
        if therapist is None and therapists:
            therapist = therapists[0]
    elif request.GET.get("therapist") not in (None, "", str(request.user.pk)):
        raise PermissionDenied  # a therapist sees their own week only
    booked = (
        selectors.week_evaluations(request.user, therapist, monday)
        if therapist is not None and rules.may_see_evaluations_of(request.user, therapist)
        else []
    )
    who = f"therapist={therapist.pk}" if therapist is not None else "therapist=none"
    audit.record(
        AuditAction.EVALUATIONS_VIEWED,
        request=request,
        detail=f"{who} week={monday.isoformat()}",
    )
    base = reverse("clinic:evaluations")
    coordinator = role_of(request.user) == Role.INTAKE
    keep = f"&therapist={therapist.pk}" if coordinator and therapist is not None else ""
    return render(
        request,
        "clinic/records/evaluations.html",
        {
            "nav": "evaluations",
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "this_week": monday == selectors.week_of(timezone.localdate()),
            "therapist": therapist,
            "own": therapist is not None and therapist.pk == request.user.pk,
            "therapists": therapists if coordinator else [],
            "days": week_days(monday, booked),
            "count": len(booked),
            "previous_url": f"{base}?week={(monday - timedelta(days=7)).isoformat()}{keep}",
            "next_url": f"{base}?week={(monday + timedelta(days=7)).isoformat()}{keep}",
            "this_week_url": f"{base}?week={selectors.week_of(timezone.localdate())}{keep}",
        },
    )


@staff_view()
@require_safe
def export(request: StaffRequest, reference: str) -> HttpResponse:
    """The record as a JSON download; the response is never cached (staff_view)."""
    evaluation = _find(request, reference)
    data = export_data(evaluation)
    data["exported_at"] = when(timezone.now())
    data["exported_by"] = request.user.get_username()
    audit.record(AuditAction.RECORD_EXPORTED, request=request, target=evaluation.reference)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'attachment; filename="wholechild-{evaluation.reference}.json"'
    )
    return response


@staff_view()
@require_safe
def export_fhir(request: StaffRequest, reference: str) -> HttpResponse:
    """The record as a FHIR R4 Bundle, for the clinic's EHR (docs/fhir.md); audited."""
    evaluation = _find(request, reference)
    bundle = record_bundle(evaluation)
    audit.record(
        AuditAction.RECORD_EXPORTED, request=request, target=evaluation.reference, detail="FHIR"
    )
    response = HttpResponse(
        json.dumps(bundle, indent=2, ensure_ascii=False),
        content_type=f"{FHIR_MEDIA_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="wholechild-{evaluation.reference}.fhir.json"'
    )
    return response
