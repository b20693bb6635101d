"""The clinic's records: the inbox, a child's record, and the shared PT+OT plan.

Every view is a `staff_view`, and every request is found through `visible_requests`, so a
therapist who opens another child's record by its URL gets 404, as does a clinic administrator.
Who may change what is in `rules`. Only POSTs change anything; each one redirects (with a
message) or shows the page again with its errors. Every view and change is in the audit log, by
reference and kind of change only: never a name or a health detail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wholechild.clinic import audit
from wholechild.clinic.access import staff_view, visible_requests
from wholechild.clinic.models import (
    FINISHED,
    AuditAction,
    Discipline,
    EvaluationRequest,
    GasScore,
    Goal,
    GoalState,
    Note,
    Plan,
    ProgressEntry,
    Role,
    Status,
    StatusChange,
)
from wholechild.parents.views import ANSWER_WORDS, LEVELS, OVERALL
from wholechild.screening import describe_age, get_content
from wholechild.screening.age import EARLY_BEFORE_WEEKS

from . import forms, rules

FILTERS_KEY = "clinic.inbox.filters"
PAGE_SIZE = 25
STAFF_ROLES = (Role.INTAKE, Role.PT, Role.OT)


# --- Helpers ---------------------------------------------------------------------------------


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


def _refuse(request: HttpRequest, reference: str) -> NoReturn:
    """404 for a request this user may not see. When the reference is a real request's, the
    refusal is audited (target: the reference; detail: which page). Anything else typed in a
    URL is not a request, so nothing was refused and nothing of it is written down."""
    longest = EvaluationRequest._meta.get_field("reference").max_length or 0
    known = EvaluationRequest.objects.filter(reference=reference)
    if len(reference) <= longest and known.exists():
        match = request.resolver_match
        audit.record(
            AuditAction.ACCESS_REFUSED,
            request=request,
            target=reference,
            detail=match.url_name if match is not None and match.url_name else "",
        )
    raise Http404


def _find(request: HttpRequest, reference: str) -> EvaluationRequest:
    """The request with this reference if this user may see it; 404 for everyone else."""
    requests = visible_requests(request.user).select_related("pt_evaluator", "ot_evaluator")
    found = requests.filter(reference=reference).first()
    if found is None:
        _refuse(request, reference)
    return found


def _find_for_update(request: HttpRequest, reference: str) -> EvaluationRequest:
    """As `_find`, locked until the end of the transaction so two changes cannot cross."""
    return get_object_or_404(
        visible_requests(request.user).select_for_update(), reference=reference
    )


def _atomic_change(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a change in one transaction, once the request is known to be visible. The check is
    made first, outside the transaction, so that the audit of a refusal is not rolled back with
    it."""

    @wraps(view)
    def wrapped(request: HttpRequest, reference: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not visible_requests(request.user).filter(reference=reference).exists():
            _refuse(request, reference)
        with transaction.atomic():
            return view(request, reference, *args, **kwargs)

    return wrapped


def _by_name(user: Any) -> str:
    return forms.staff_label(user)


def _changed(
    request: HttpRequest, action: AuditAction, evaluation: EvaluationRequest, what: str
) -> None:
    audit.record(action, request=request, target=evaluation.reference, detail=what)


# --- The inbox -------------------------------------------------------------------------------


def _saved_filters(request: HttpRequest) -> dict[str, str]:
    saved = request.session.get(FILTERS_KEY) or {}
    return {key: str(saved.get(key, default)) for key, default in forms.INBOX_DEFAULTS.items()}


def filtered_requests(user: Any, filters: dict[str, str]) -> QuerySet[EvaluationRequest]:
    """The requests this user may see that match the inbox's filters, urgent first, then soon,
    then the longest waiting (the model's ordering)."""
    found = visible_requests(user).select_related("pt_evaluator", "ot_evaluator")
    status = filters.get("status") or forms.OPEN
    if status == forms.OPEN:
        found = found.exclude(status__in=FINISHED)
    elif status != forms.ALL:
        found = found.filter(status=status)
    if filters.get("recommended"):
        found = found.filter(recommended=filters["recommended"])
    if filters.get("urgency"):
        found = found.filter(urgency=filters["urgency"])
    assignee = filters.get("assignee") or forms.ANY
    if assignee == forms.UNASSIGNED:
        found = found.filter(pt_evaluator__isnull=True, ot_evaluator__isnull=True)
    elif assignee == forms.ME:
        found = found.filter(Q(pt_evaluator=user) | Q(ot_evaluator=user))
    elif assignee.isdigit():
        found = found.filter(Q(pt_evaluator_id=int(assignee)) | Q(ot_evaluator_id=int(assignee)))
    search = (filters.get("search") or "").strip()
    if search:
        matches = Q(parent_name__icontains=search)
        plain = forms.plain_reference(search)
        if plain:
            # "k7m3 qxp" and "K7M3QXP" find "K7M3-QXP": no case, spaces or dash.
            found = found.annotate(
                plain_reference=Replace(Upper("reference"), Value("-"), Value(""))
            )
            matches |= Q(plain_reference__contains=plain)
        found = found.filter(matches)
    return found


@staff_view(*STAFF_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """GET shows the inbox; POST saves the filters in the session and comes back here, so a
    parent's name searched for never appears in a URL, a log or the browser's history."""
    form: forms.InboxFilterForm
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(FILTERS_KEY, None)
            return redirect("clinic:inbox")
        form = forms.InboxFilterForm(request.POST)
        if form.is_valid():
            request.session[FILTERS_KEY] = dict(form.cleaned_data)
            return redirect("clinic:inbox")
    else:
        form = forms.InboxFilterForm(initial=_saved_filters(request))
    filters = _saved_filters(request)
    page = Paginator(filtered_requests(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    rows = [{"request": item, "age": age_text(item.child_birth_date, today)} for item in page]
    detail = forms.filters_detail(filters)
    if page.number > 1:
        detail += f" page={page.number}"
    audit.record(AuditAction.INBOX_VIEWED, request=request, detail=detail)
    return render(
        request,
        "clinic/records/inbox.html",
        {
            "nav": "inbox",
            "form": form,
            "problems": form.problems() if form.is_bound else [],
            "page": page,
            "rows": rows,
            "filtering": filters != forms.INBOX_DEFAULTS,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


# --- A child's record ------------------------------------------------------------------------


def screening_view(evaluation: EvaluationRequest) -> dict[str, Any]:
    """The answer the parent saw, from the stored snapshot: never worked out again."""
    answer = evaluation.screening_answer or {}
    if not answer:
        return {}
    reasons = answer.get("reasons") or []
    cards = [
        {
            "id": key,
            "discipline": Discipline(key).label,
            "level": (answer.get(key) or {}).get("level", ""),
            "level_label": LEVELS.get((answer.get(key) or {}).get("level", ""), ""),
            "reasons": [r for r in reasons if r.get("discipline") == key],
        }
        for key in ("pt", "ot")
    ]
    age = answer.get("age") or {}
    return {
        "answer": answer,
        "overall": OVERALL.get(answer.get("overall", ""), ""),
        "cards": cards,
        "medical_reasons": [r for r in reasons if r.get("discipline") == "medical"],
        "age_months": age.get("used_months"),
        "corrected": age.get("corrected_months") is not None,
        "content_version": evaluation.content_version or answer.get("content_version", ""),
    }


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _child_rows(asked: dict[str, Any]) -> list[dict[str, Any]]:
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
    titles = {
        "concerns": _("Struggling with"),
        "conditions": _("Diagnosed or being looked into"),
        "red_flags": _("Signs noticed"),
    }
    sources: dict[str, Any] = {
        "concerns": content.concerns,
        "conditions": content.conditions,
        "red_flags": content.red_flags,
    }
    noticed = [
        {
            "key": titles[step],
            "values": [
                sources[step][item].label if item in sources[step] else str(item)
                for item in asked.get(step) or []
            ]
            or [_("None")],
        }
        for step in titles
    ]
    return [
        {"id": "answers-child", "title": _("The child"), "rows": _child_rows(asked)},
        {
            "id": "answers-milestones",
            "title": _("Milestones asked about"),
            "rows": milestone_rows or [{"key": _("Milestones"), "values": [_("None asked")]}],
        },
        {"id": "answers-noticed", "title": _("What the parent has noticed"), "rows": noticed},
    ]


def _render_record(
    request: HttpRequest,
    evaluation: EvaluationRequest,
    *,
    status_form: forms.StatusForm | None = None,
    assign_form: forms.AssignForm | None = None,
    note_form: forms.NoteForm | None = None,
) -> HttpResponse:
    audit.record(AuditAction.RECORD_VIEWED, request=request, target=evaluation.reference)
    user = request.user
    moves = rules.allowed_moves(user, evaluation)
    if status_form is None and moves:
        status_form = forms.StatusForm(allowed=moves, prefix="status")
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
    problems = [
        problem
        for form in (status_form, assign_form, note_form)
        if form is not None and form.is_bound
        for problem in form.problems()
    ]
    return render(
        request,
        "clinic/records/record.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "withdrawn": rules.is_withdrawn(evaluation),
            "age": age_text(evaluation.child_birth_date, timezone.localdate()),
            "screening": screening_view(evaluation),
            "answers": parent_answers(evaluation),
            "history": list(evaluation.history.all()),
            "notes": list(evaluation.notes.all()),
            "status_form": status_form,
            "assign_form": assign_form,
            "note_form": note_form,
            "problems": problems,
            "has_plan": Plan.objects.filter(request=evaluation).exists(),
            "can_reopen": rules.may_reopen(user, evaluation),
            "reopen_to": (
                rules.status_before_closing(evaluation)
                if rules.may_reopen(user, evaluation)
                else None
            ),
            "back_url": "",
        },
    )


@staff_view()
@require_safe
def record(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_record(request, _find(request, reference))


def move_status(
    request: HttpRequest,
    evaluation: EvaluationRequest,
    to: Status,
    reason: str = "",
    detail: str = "",
) -> StatusChange:
    """Record one step in the request's history and move it there; `detail` is the audit
    entry's phrase ("status: <to>" unless given)."""
    now = timezone.now()
    change = StatusChange.objects.create(
        request=evaluation,
        from_status=evaluation.status,
        to_status=to,
        reason=reason,
        by=request.user,
        by_name=_by_name(request.user),
        at=now,
    )
    evaluation.status = to
    evaluation.status_changed_at = now
    # A reopened request's old reason for closing stays in its history, not on the record.
    evaluation.closed_reason = reason if to == Status.CLOSED else ""
    evaluation.save(update_fields=["status", "status_changed_at", "closed_reason"])
    _changed(request, AuditAction.RECORD_CHANGED, evaluation, detail or f"status: {to.value}")
    return change


@staff_view()
@require_POST
@_atomic_change
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    moves = rules.allowed_moves(request.user, evaluation)
    if not moves:
        raise PermissionDenied
    form = forms.StatusForm(request.POST, allowed=moves, prefix="status")
    if not form.is_valid():
        return _render_record(request, _find(request, reference), status_form=form)
    to = Status(form.cleaned_data["to_status"])
    reason = form.cleaned_data["reason"] if to == Status.CLOSED else ""
    move_status(request, evaluation, to, reason)
    messages.success(request, _("Status changed to “%(status)s”.") % {"status": to.label})
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    """A request closed by mistake goes back to the status it had before it was closed."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_reopen(request.user, evaluation):
        raise PermissionDenied
    to = rules.status_before_closing(evaluation)
    move_status(request, evaluation, to, detail="reopened")
    messages.success(
        request, _("Request reopened: its status is “%(status)s” again.") % {"status": to.label}
    )
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
@_atomic_change
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    if not rules.may_assign(request.user, evaluation):
        raise PermissionDenied
    form = forms.AssignForm(request.POST, prefix="assign")
    if not form.is_valid():
        return _render_record(request, _find(request, reference), assign_form=form)
    changes = []
    for field, name in (("pt_evaluator", "PT"), ("ot_evaluator", "OT")):
        chosen = form.cleaned_data[field]
        if getattr(evaluation, f"{field}_id") != (chosen.pk if chosen else None):
            setattr(evaluation, field, chosen)
            changes.append(f"{'assigned' if chosen else 'unassigned'} {name}")
    if not changes:
        messages.info(request, _("Nothing changed: those are the evaluators already assigned."))
        return redirect("clinic:record", reference=evaluation.reference)
    evaluation.save(update_fields=["pt_evaluator", "ot_evaluator"])
    _changed(request, AuditAction.RECORD_CHANGED, evaluation, ", ".join(changes))
    messages.success(request, _("Evaluators assigned."))
    return redirect("clinic:record", reference=evaluation.reference)


@staff_view()
@require_POST
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    evaluation = _find(request, reference)
    if not rules.may_add_note(request.user, evaluation):
        raise PermissionDenied
    form = forms.NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _render_record(request, evaluation, note_form=form)
    Note.objects.create(
        request=evaluation,
        text=form.cleaned_data["text"],
        author=request.user,
        author_name=_by_name(request.user),
    )
    _changed(request, AuditAction.RECORD_CHANGED, evaluation, "note added")
    messages.success(request, _("Note added."))
    return redirect("clinic:record", reference=evaluation.reference)


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_data(evaluation: EvaluationRequest) -> dict[str, Any]:
    """Everything the clinic holds about one request, for a download."""
    plan = Plan.objects.filter(request=evaluation).first()
    goals = plan.goals.prefetch_related("progress") if plan is not None else Goal.objects.none()
    return {
        "reference": evaluation.reference,
        "received_at": _when(evaluation.created_at),
        "source": evaluation.source,
        "status": evaluation.status,
        "status_changed_at": _when(evaluation.status_changed_at),
        "closed_reason": evaluation.closed_reason,
        "urgency": evaluation.urgency,
        "recommended": evaluation.recommended,
        "contact": {
            "parent_name": evaluation.parent_name,
            "email": evaluation.email,
            "phone": evaluation.phone,
            "preferred_language": evaluation.preferred_language,
            "best_time_to_call": evaluation.best_time_to_call,
            "consent_at": _when(evaluation.consent_at),
        },
        "child": {
            "first_name": evaluation.child_first_name,
            "birth_date": _when(evaluation.child_birth_date),
        },
        "assigned": {
            "pt": evaluation.pt_evaluator.get_username() if evaluation.pt_evaluator else None,
            "ot": evaluation.ot_evaluator.get_username() if evaluation.ot_evaluator else None,
        },
        "screening": {
            "content_version": evaluation.content_version,
            "request": evaluation.screening_request,
            "answer": evaluation.screening_answer,
        },
        "history": [
            {
                "from": change.from_status,
                "to": change.to_status,
                "reason": change.reason,
                "by": change.by_name,
                "at": _when(change.at),
            }
            for change in evaluation.history.all()
        ],
        "notes": [
            {"text": note.text, "by": note.author_name, "at": _when(note.at)}
            for note in evaluation.notes.all()
        ],
        "plan": None
        if plan is None
        else {
            "created_at": _when(plan.created_at),
            "goals": [
                {
                    "discipline": goal.discipline,
                    "goal": goal.text,
                    "baseline": goal.baseline,
                    "measure": goal.measure,
                    "target_date": _when(goal.target_date),
                    "state": goal.state,
                    "progress": [
                        {
                            "gas_score": entry.gas_score,
                            "note": entry.note,
                            "by": entry.by_name,
                            "at": _when(entry.at),
                        }
                        for entry in goal.progress.all()
                    ],
                }
                for goal in goals
            ],
        },
    }


@staff_view()
@require_safe
def export(request: HttpRequest, reference: str) -> HttpResponse:
    """The record as a JSON download; the response is never cached (staff_view)."""
    evaluation = _find(request, reference)
    data = export_data(evaluation)
    data["exported_at"] = _when(timezone.now())
    data["exported_by"] = request.user.get_username()
    audit.record(AuditAction.RECORD_EXPORTED, request=request, target=evaluation.reference)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'attachment; filename="wholechild-{evaluation.reference}.json"'
    )
    return response


# --- The shared plan -------------------------------------------------------------------------


def _render_plan(
    request: HttpRequest,
    evaluation: EvaluationRequest,
    *,
    goal_form: forms.GoalForm | None = None,
    bound: dict[tuple[str, int], forms.StaffForm] | None = None,
) -> HttpResponse:
    audit.record(AuditAction.PLAN_VIEWED, request=request, target=evaluation.reference)
    user = request.user
    bound = bound or {}
    plan = Plan.objects.filter(request=evaluation).first()
    goals: list[Goal] = (
        list(
            plan.goals.prefetch_related(
                Prefetch("progress", queryset=ProgressEntry.objects.order_by("at", "pk"))
            )
        )
        if plan is not None
        else []
    )
    own = rules.discipline_of(user)
    columns = []
    for discipline in Discipline:
        items = []
        for goal in goals:
            if goal.discipline != discipline:
                continue
            editable = rules.may_change_goal(user, goal, evaluation)
            items.append(
                {
                    "goal": goal,
                    "words": forms.goal_words(goal),
                    "state_label": GoalState(goal.state).label,
                    "progress": [
                        {"entry": entry, "score": forms.gas_label(entry.gas_score)}
                        for entry in goal.progress.all()
                    ],
                    "state_form": (
                        bound.get(("state", goal.pk)) or forms.goal_state_form(goal)
                        if editable
                        else None
                    ),
                    "progress_form": (
                        bound.get(("progress", goal.pk)) or forms.progress_form(goal)
                        if editable
                        else None
                    ),
                    "details_url": (
                        reverse("clinic:goal_details", args=[evaluation.reference, goal.pk])
                        if editable
                        else None
                    ),
                }
            )
        can_add = plan is not None and own == discipline and rules.may_add_goal(user, evaluation)
        columns.append(
            {
                "discipline": discipline,
                "id": f"{discipline.value}-goals",
                "goals": items,
                "own": own == discipline,
                "goal_form": (goal_form or forms.GoalForm(own=discipline, prefix="goal"))
                if can_add
                else None,
            }
        )
    problems = [
        problem
        for form in [goal_form, *bound.values()]
        if form is not None and form.is_bound
        for problem in form.problems()
    ]
    return render(
        request,
        "clinic/records/plan.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "withdrawn": rules.is_withdrawn(evaluation),
            "plan": plan,
            "columns": columns,
            "can_start": plan is None and rules.may_start_plan(user, evaluation),
            "writable": evaluation.status in rules.PLAN_STATUSES,
            "own": own,
            "gas_scores": [(score.value, forms.gas_label(score)) for score in GasScore],
            "problems": problems,
        },
    )


@staff_view()
@require_safe
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    return _render_plan(request, _find(request, reference))


@staff_view()
@require_POST
@_atomic_change
def plan_start(request: HttpRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    if not rules.may_start_plan(request.user, evaluation):
        raise PermissionDenied
    _plan, created = Plan.objects.get_or_create(
        request=evaluation, defaults={"created_by": request.user}
    )
    if created:
        _changed(request, AuditAction.PLAN_CHANGED, evaluation, "plan started")
        messages.success(request, _("Plan started."))
    return redirect("clinic:plan", reference=evaluation.reference)


def _plan_of(evaluation: EvaluationRequest) -> Plan:
    return get_object_or_404(Plan, request=evaluation)


@staff_view()
@require_POST
def goal_new(request: HttpRequest, reference: str) -> HttpResponse:
    evaluation = _find(request, reference)
    own = rules.discipline_of(request.user)
    if own is None or not rules.may_add_goal(request.user, evaluation):
        raise PermissionDenied
    plan = _plan_of(evaluation)
    if request.POST.get("goal-discipline", own.value) != own.value:
        raise PermissionDenied  # a PT adding an OT goal, or the other way round
    form = forms.GoalForm(request.POST, own=own, prefix="goal")
    if not form.is_valid():
        return _render_plan(request, evaluation, goal_form=form)
    goal = Goal.objects.create(
        plan=plan,
        discipline=own,
        text=form.cleaned_data["text"],
        baseline=form.cleaned_data["baseline"],
        measure=form.cleaned_data["measure"],
        target_date=form.cleaned_data["target_date"],
        created_by=request.user,
    )
    _changed(request, AuditAction.PLAN_CHANGED, evaluation, f"{own.value.upper()} goal added")
    messages.success(request, _("Goal added."))
    return redirect(f"{_plan_url(evaluation)}#goal-{goal.pk}")


def _plan_url(evaluation: EvaluationRequest) -> str:
    return reverse("clinic:plan", kwargs={"reference": evaluation.reference})


def _own_goal(request: HttpRequest, reference: str, goal_id: int) -> tuple[EvaluationRequest, Goal]:
    evaluation = _find(request, reference)
    goal = get_object_or_404(Goal, pk=goal_id, plan__request=evaluation)
    if not rules.may_change_goal(request.user, goal, evaluation):
        raise PermissionDenied
    return evaluation, goal


@staff_view()
@require_POST
def goal_state(request: HttpRequest, reference: str, goal_id: int) -> HttpResponse:
    evaluation, goal = _own_goal(request, reference, goal_id)
    form = forms.goal_state_form(goal, request.POST)
    if not form.is_valid():
        return _render_plan(request, evaluation, bound={("state", goal.pk): form})
    state = GoalState(form.cleaned_data["state"])
    if state != goal.state:
        goal.state = state
        goal.save(update_fields=["state", "updated_at"])
        _changed(
            request,
            AuditAction.PLAN_CHANGED,
            evaluation,
            f"{goal.discipline.upper()} goal {goal.pk} state: {state.value}",
        )
        messages.success(request, _("Goal is now “%(state)s”.") % {"state": state.label})
    return redirect(f"{_plan_url(evaluation)}#goal-{goal.pk}")


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
def goal_details(request: HttpRequest, reference: str, goal_id: int) -> HttpResponse:
    """A page of its own to edit a goal's words, baseline, measure and target date, with the
    new-goal form's fields and checks. Who may: as for its state (`rules.may_change_goal`)."""
    evaluation, goal = _own_goal(request, reference, goal_id)
    back = f"{_plan_url(evaluation)}#goal-{goal.pk}"
    if request.method != "POST":
        form = forms.goal_details_form(goal)
    else:
        form = forms.goal_details_form(goal, request.POST)
        if form.is_valid():
            with transaction.atomic():
                # Locked and checked again, so a discharge at the same moment is not undone.
                evaluation = _find_for_update(request, reference)
                goal = get_object_or_404(
                    Goal.objects.select_for_update(), pk=goal_id, plan__request=evaluation
                )
                if not rules.may_change_goal(request.user, goal, evaluation):
                    raise PermissionDenied
                changed = [
                    name
                    for name in forms.GoalDetailsForm.FIELDS
                    if getattr(goal, name) != form.cleaned_data[name]
                ]
                if changed:
                    for name in changed:
                        setattr(goal, name, form.cleaned_data[name])
                    goal.save(update_fields=[*changed, "updated_at"])
                    _changed(
                        request,
                        AuditAction.PLAN_CHANGED,
                        evaluation,
                        f"{goal.discipline.upper()} goal {goal.pk} edited",
                    )
            if changed:
                messages.success(request, _("Goal saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(back)
    audit.record(
        AuditAction.PLAN_VIEWED,
        request=request,
        target=evaluation.reference,
        detail=f"goal {goal.pk} edit page",
    )
    return render(
        request,
        "clinic/records/goal_details.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "goal": goal,
            "form": form,
            "back": back,
            "problems": form.problems() if form.is_bound else [],
        },
    )


@staff_view()
@require_POST
def progress_new(request: HttpRequest, reference: str, goal_id: int) -> HttpResponse:
    evaluation, goal = _own_goal(request, reference, goal_id)
    form = forms.progress_form(goal, request.POST)
    if not form.is_valid():
        return _render_plan(request, evaluation, bound={("progress", goal.pk): form})
    ProgressEntry.objects.create(
        goal=goal,
        gas_score=form.cleaned_data["gas_score"],
        note=form.cleaned_data["note"],
        by=request.user,
        by_name=_by_name(request.user),
    )
    _changed(
        request,
        AuditAction.PLAN_CHANGED,
        evaluation,
        f"{goal.discipline.upper()} goal {goal.pk} progress recorded",
    )
    messages.success(request, _("Progress recorded."))
    return redirect(f"{_plan_url(evaluation)}#goal-{goal.pk}")
