"""Every change of a request and its plan: the one write path.

Each action is a keyword-only, typed function named `do_<what>`. It takes the acting member of
staff as `by` (None for the family or the system, which are not users), makes its change and
writes its audit entry in one transaction. What follows (an email) is queued in that same
transaction (`messages`), and a worker sends it once the change is committed.

The pages, the API, the demo and the management commands call these; none of them writes a
`StatusChange`, a `Note`, a goal or an audit entry of a change itself.

Who may do what is decided before an action is called (`rules`, by role). What the request's
own state allows is checked again here, on the row locked for the change, so that two changes
at the same moment (a discharge and a goal being edited) cannot cross: an action that the
state no longer allows raises `NotAllowedNow`.

`address` is the client's IP address for the audit entry, when a member of staff acts from a
page; the family's own actions keep none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wholechild.screening import screen

from . import audit, intake, messages
from .models import (
    AuditAction,
    ClinicSettings,
    Discipline,
    EvaluationRequest,
    GasScore,
    Goal,
    GoalState,
    Message,
    MessageState,
    Note,
    Plan,
    ProgressEntry,
    Recommended,
    Source,
    Status,
    StatusChange,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The goal fields a therapist edits on the goal's own page, in the order the page shows them.
GOAL_DETAILS = ("text", "baseline", "measure", "target_date")


class NotAllowedNow(Exception):
    """The request's state no longer allows this change (it moved on while the page was open)."""


def staff_name(user: User) -> str:
    """How a member of staff is named in a request's history: as the clinic knows them."""
    return user.get_full_name() or user.get_username()


def _locked(evaluation: EvaluationRequest) -> EvaluationRequest:
    """The request's row, read again and locked until the end of the transaction."""
    return EvaluationRequest.objects.select_for_update().get(pk=evaluation.pk)


def _audit(
    action: AuditAction,
    evaluation: EvaluationRequest,
    what: str,
    *,
    by: User | None,
    address: str | None,
) -> None:
    audit.record(action, actor=by, address=address, target=evaluation.reference, detail=what)


def _refresh(evaluation: EvaluationRequest, locked: EvaluationRequest, *fields: str) -> None:
    """Give the caller's copy the values the action wrote, so a page shown next is current."""
    for name in fields:
        setattr(evaluation, name, getattr(locked, name))


# --- Receiving a request -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """A stored request, the status link's token, and whether this send stored it."""

    request: EvaluationRequest
    status_token: str
    created: bool


def do_submit_request(
    *,
    details: dict[str, Any],
    screening: dict[str, Any],
    submission_key: str,
    source: Source = Source.WEB,
    notify: bool = True,
    received_at: datetime | None = None,
) -> Sent:
    """Store a family's request (or find the one this key already stored) and tell the clinic.

    `details` are the checked details (`forms.RequestDetailsForm.cleaned_details()`);
    `screening` the contract's request. Raises ScreeningError for a screening request the
    engine refuses, and `intake.IdempotencyConflict` when the key was used before for a
    different request. `notify=False` sends no email (the demo's invented requests);
    `received_at` backdates it (the demo, again).
    """
    answer = screen(screening)
    body = intake.body_digest(details, screening)
    key_hash = intake.submission_key_hash(submission_key, source)
    token = intake.status_token(f"{source}:{submission_key}", body)

    existing = EvaluationRequest.objects.filter(submission_key_hash=key_hash).first()
    if existing is not None:
        return _replay(existing, body, token)
    try:
        with transaction.atomic():
            request = _create(
                details, screening, answer, key_hash, body, token, source, received_at
            )
            if notify:
                link = settings.SITE_URL.rstrip("/") + intake.status_url(token)
                messages.queue_for_new_request(request, status_link=link)
    except IntegrityError:
        # Two sends raced: the other one stored it first.
        existing = EvaluationRequest.objects.filter(submission_key_hash=key_hash).first()
        if existing is None:
            raise
        return _replay(existing, body, token)
    return Sent(request, token, created=True)


def _replay(existing: EvaluationRequest, body: str, token: str) -> Sent:
    if existing.body_digest != body:
        raise intake.IdempotencyConflict
    return Sent(existing, token, created=False)


def _create(
    details: dict[str, Any],
    screening: dict[str, Any],
    answer: dict[str, Any],
    key_hash: str,
    body: str,
    token: str,
    source: Source,
    received_at: datetime | None,
) -> EvaluationRequest:
    now = received_at or timezone.now()
    birth_date = details["child_birth_date"]
    reference = intake.new_reference()
    for _attempt in range(5):
        if not EvaluationRequest.objects.filter(reference=reference).exists():
            break
        reference = intake.new_reference()
    request = EvaluationRequest.objects.create(
        reference=reference,
        status_token_hash=intake.hash_token(token),
        submission_key_hash=key_hash,
        body_digest=body,
        source=source,
        created_at=now,
        status=Status.NEW,
        status_changed_at=now,
        urgency=answer["urgency"],
        recommended=Recommended(answer["overall"]),
        parent_name=details["parent_name"],
        email=details.get("email") or "",
        phone=details.get("phone") or "",
        child_first_name=details["child_first_name"],
        child_birth_date=(
            birth_date if isinstance(birth_date, date) else date.fromisoformat(birth_date)
        ),
        preferred_language=details["preferred_language"],
        best_time_to_call=details.get("best_time_to_call") or "",
        consent_at=now,
        screening_request=screening,
        screening_answer=answer,
        content_version=answer["content_version"],
    )
    StatusChange.objects.create(request=request, to_status=Status.NEW, at=now)
    audit.record(AuditAction.REQUEST_RECEIVED, target=request.reference, detail=str(source))
    return request


# --- Moving a request along ---------------------------------------------------------------------


def _step(
    locked: EvaluationRequest,
    *,
    to: Status,
    by: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> StatusChange:
    """One step in the request's history, and the request moved there (its lock is held)."""
    now = at or timezone.now()
    change = StatusChange.objects.create(
        request=locked,
        from_status=locked.status,
        to_status=to,
        reason=reason,
        by=by,
        by_name=staff_name(by) if by is not None else "",
        at=now,
    )
    locked.status = to
    locked.status_changed_at = now
    # A reopened request's old reason for closing stays in its history, not on the record.
    locked.closed_reason = reason if to == Status.CLOSED else ""
    locked.save(update_fields=["status", "status_changed_at", "closed_reason"])
    return change


@transaction.atomic
def do_move_status(
    evaluation: EvaluationRequest,
    *,
    to: Status,
    by: User | None,
    reason: str = "",
    address: str | None = None,
    at: datetime | None = None,
) -> StatusChange:
    """Move an open request on its path, or close it with a reason (kept only for "closed").
    Raises NotAllowedNow for a request that is no longer open."""
    locked = _locked(evaluation)
    if not locked.is_open or to == locked.status:
        raise NotAllowedNow
    change = _step(locked, to=to, by=by, reason=reason if to == Status.CLOSED else "", at=at)
    _audit(AuditAction.RECORD_CHANGED, locked, f"status: {to.value}", by=by, address=address)
    _refresh(evaluation, locked, "status", "status_changed_at", "closed_reason")
    return change


@transaction.atomic
def do_reopen(
    evaluation: EvaluationRequest, *, by: User | None, address: str | None = None
) -> Status:
    """Open a request closed by mistake again, at the status it had before it was closed.
    Raises NotAllowedNow for a request that is not closed."""
    locked = _locked(evaluation)
    if locked.status != Status.CLOSED:
        raise NotAllowedNow
    to = locked.status_to_reopen()
    _step(locked, to=to, by=by)
    _audit(AuditAction.RECORD_CHANGED, locked, "reopened", by=by, address=address)
    _refresh(evaluation, locked, "status", "status_changed_at", "closed_reason")
    return to


@transaction.atomic
def do_withdraw(evaluation: EvaluationRequest) -> bool:
    """The family withdraws their request: it is erased at once, and the row stays as a
    tombstone (reference, status, dates) so the clinic knows not to call, until the retention
    rule deletes it. Returns False, and changes nothing, once it may no longer be withdrawn.

    No acting user and no address: the family is not a user, and their address is not kept.
    """
    locked = _locked(evaluation)
    if not locked.may_withdraw:
        return False
    _step(locked, to=Status.WITHDRAWN, by=None)
    locked.parent_name = ""
    locked.email = ""
    locked.phone = ""
    locked.child_first_name = ""
    locked.child_birth_date = None
    locked.best_time_to_call = ""
    locked.preferred_language = ""
    locked.screening_request = {}
    locked.screening_answer = {}
    # The digest of the erased body could confirm a guess at it: gone too, so that a replay of
    # the API send is a conflict rather than a way back to this page.
    locked.body_digest = ""
    locked.save()
    Note.objects.filter(request=locked).delete()
    Plan.objects.filter(request=locked).delete()
    messages.cancel_for(locked)
    audit.record(AuditAction.REQUEST_WITHDRAWN, target=locked.reference)
    _refresh(evaluation, locked, *(f.attname for f in EvaluationRequest._meta.concrete_fields))
    return True


@transaction.atomic
def do_assign(
    evaluation: EvaluationRequest,
    *,
    pt: User | None,
    ot: User | None,
    by: User | None,
    address: str | None = None,
) -> list[str]:
    """Choose (or clear) the PT and OT evaluators of an open request. Returns what changed, in
    words for the audit log ("assigned PT"); an empty list when nothing did."""
    locked = _locked(evaluation)
    if not locked.is_open:
        raise NotAllowedNow
    changes = []
    for field, name, chosen in (("pt_evaluator", "PT", pt), ("ot_evaluator", "OT", ot)):
        if getattr(locked, f"{field}_id") != (chosen.pk if chosen else None):
            setattr(locked, field, chosen)
            changes.append(f"{'assigned' if chosen else 'unassigned'} {name}")
    if changes:
        locked.save(update_fields=["pt_evaluator", "ot_evaluator"])
        _audit(AuditAction.RECORD_CHANGED, locked, ", ".join(changes), by=by, address=address)
        _refresh(evaluation, locked, "pt_evaluator_id", "ot_evaluator_id")
    return changes


@transaction.atomic
def do_add_note(
    evaluation: EvaluationRequest, *, text: str, by: User, address: str | None = None
) -> Note:
    """A staff note on a request; never shown to the family, and erased if they withdraw."""
    locked = _locked(evaluation)
    if locked.is_withdrawn:
        raise NotAllowedNow
    note = Note.objects.create(request=locked, text=text, author=by, author_name=staff_name(by))
    _audit(AuditAction.RECORD_CHANGED, locked, "note added", by=by, address=address)
    return note


# --- The shared plan -----------------------------------------------------------------------------


@transaction.atomic
def do_start_plan(
    evaluation: EvaluationRequest, *, by: User | None, address: str | None = None
) -> tuple[Plan, bool]:
    """The child's one plan, started once they have been evaluated; starting it twice finds
    the first. Returns the plan and whether this call started it."""
    locked = _locked(evaluation)
    if not locked.plan_is_writable:
        raise NotAllowedNow
    plan, created = Plan.objects.get_or_create(request=locked, defaults={"created_by": by})
    if created:
        _audit(AuditAction.PLAN_CHANGED, locked, "plan started", by=by, address=address)
    return plan, created


@transaction.atomic
def do_add_goal(
    evaluation: EvaluationRequest,
    *,
    discipline: Discipline,
    text: str,
    baseline: str,
    measure: str,
    target_date: date,
    by: User | None,
    state: GoalState = GoalState.PROPOSED,
    address: str | None = None,
) -> Goal:
    """A goal in the child's plan, for one discipline. The plan must have been started."""
    locked = _locked(evaluation)
    plan = Plan.objects.filter(request=locked).first()
    if plan is None or not locked.plan_is_writable:
        raise NotAllowedNow
    goal = Goal.objects.create(
        plan=plan,
        discipline=discipline,
        text=text,
        baseline=baseline,
        measure=measure,
        target_date=target_date,
        state=state,
        created_by=by,
    )
    what = f"{Discipline(discipline).value.upper()} goal added"
    _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    return goal


def _locked_goal(goal: Goal) -> tuple[EvaluationRequest, Goal]:
    """The goal's request and the goal, locked, once the plan can still be written."""
    locked = EvaluationRequest.objects.select_for_update().get(plan__goals=goal)
    if not locked.plan_is_writable:
        raise NotAllowedNow
    return locked, Goal.objects.select_for_update().get(pk=goal.pk)


@transaction.atomic
def do_set_goal_state(
    goal: Goal, *, state: GoalState, by: User | None, address: str | None = None
) -> bool:
    """Propose, start, reach or stop a goal. Returns whether the state changed."""
    evaluation, locked = _locked_goal(goal)
    if locked.state == state:
        return False
    locked.state = state
    locked.save(update_fields=["state", "updated_at"])
    what = f"{locked.discipline.upper()} goal {locked.pk} state: {state.value}"
    _audit(AuditAction.PLAN_CHANGED, evaluation, what, by=by, address=address)
    goal.state = state
    return True


@transaction.atomic
def do_edit_goal(
    goal: Goal,
    *,
    text: str,
    baseline: str,
    measure: str,
    target_date: date,
    by: User | None,
    address: str | None = None,
) -> list[str]:
    """Change a goal's words, baseline, measure and target date. Returns the fields that
    changed; an empty list when none did."""
    evaluation, locked = _locked_goal(goal)
    given = {"text": text, "baseline": baseline, "measure": measure, "target_date": target_date}
    changed = [name for name in GOAL_DETAILS if getattr(locked, name) != given[name]]
    if changed:
        for name in changed:
            setattr(locked, name, given[name])
            setattr(goal, name, given[name])
        locked.save(update_fields=[*changed, "updated_at"])
        what = f"{locked.discipline.upper()} goal {locked.pk} edited"
        _audit(AuditAction.PLAN_CHANGED, evaluation, what, by=by, address=address)
    return changed


@transaction.atomic
def do_record_progress(
    goal: Goal,
    *,
    gas_score: int,
    note: str,
    by: User | None,
    address: str | None = None,
    at: datetime | None = None,
) -> ProgressEntry:
    """A Goal Attainment Scaling score (−2 to +2) for a goal, with a staff note the family
    never sees."""
    evaluation, locked = _locked_goal(goal)
    entry = ProgressEntry.objects.create(
        goal=locked,
        gas_score=GasScore(gas_score),
        note=note,
        by=by,
        by_name=staff_name(by) if by is not None else "",
        at=at or timezone.now(),
    )
    what = f"{locked.discipline.upper()} goal {locked.pk} progress recorded"
    _audit(AuditAction.PLAN_CHANGED, evaluation, what, by=by, address=address)
    return entry


# --- The emails that follow a request ----------------------------------------------------------


@transaction.atomic
def do_send_again(message: Message, *, by: User | None, address: str | None = None) -> None:
    """An administrator sends a failed message again: it starts over with every retry."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.state != MessageState.FAILED:
        return
    locked.state = MessageState.PENDING
    locked.attempts = 0
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["state", "attempts", "next_attempt_at"])
    messages.enqueue(locked)
    audit.record(
        AuditAction.MESSAGE_RESENT,
        actor=by,
        address=address,
        target=locked.request.reference,
        detail=str(locked.kind),
    )


# --- The clinic's own settings ------------------------------------------------------------------

CLINIC_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "opening_hours",
    "website",
    "reach_urgent_within_days",
    "reach_soon_within_days",
    "reach_routine_within_days",
)


@transaction.atomic
def do_update_clinic_settings(
    *, values: dict[str, Any], by: User | None, address: str | None = None
) -> list[str]:
    """Change the clinic's name, contact details and times to reach a family. Returns the
    fields that changed (audited by name, never by value); an empty list when none did."""
    current = ClinicSettings.current()
    locked = ClinicSettings.objects.select_for_update().get(pk=current.pk)
    changed = [
        name for name in CLINIC_FIELDS if name in values and getattr(locked, name) != values[name]
    ]
    if changed:
        for name in changed:
            setattr(locked, name, values[name])
        locked.save()
        audit.record(
            AuditAction.SETTINGS_CHANGED,
            actor=by,
            address=address,
            target="clinic",
            detail=", ".join(changed),
        )
    return changed


# --- Retention -----------------------------------------------------------------------------------


@transaction.atomic
def do_purge(evaluation: EvaluationRequest, *, days: int) -> None:
    """Delete a withdrawn or closed request once the retention period has passed, with its
    history, notes and plan, and audit the deletion by reference. One transaction each: the
    deletion and its audit entry stand or fall together. By the system: no acting user.
    Raises NotAllowedNow for a request that is neither withdrawn nor closed (any more)."""
    locked = _locked(evaluation)
    if not locked.may_be_purged:
        raise NotAllowedNow
    reference, status = locked.reference, locked.status
    EvaluationRequest.objects.filter(pk=evaluation.pk).delete()
    audit.record(
        AuditAction.RECORD_DELETED,
        target=reference,
        detail=f"retention: {status} over {days} days",
    )
