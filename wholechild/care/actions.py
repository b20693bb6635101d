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

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from wholechild.screening import screen

from . import audit, gas, intake, messages, ratelimit
from .models import (
    PURGEABLE,
    ApiClient,
    ApiScope,
    Appointment,
    AppointmentPlace,
    AppointmentState,
    Attendance,
    AuditAction,
    ClinicSettings,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Discipline,
    EvaluationRequest,
    GasScore,
    Goal,
    GoalDiscipline,
    GoalState,
    HomeActivity,
    Message,
    MessageKind,
    MessageState,
    Note,
    Plan,
    PlanDiscipline,
    ProgressEntry,
    Recommended,
    Source,
    Status,
    StatusChange,
    Visit,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The goal fields a therapist edits on the goal's own page, in the order the page shows them.
GOAL_DETAILS = (
    "text",
    "baseline",
    "measure",
    "target_date",
    "level_much_less",
    "level_less",
    "level_expected",
    "level_more",
    "level_much_more",
    "baseline_level",
    "importance",
    "difficulty",
)


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


def _refresh(evaluation: models.Model, locked: models.Model, *fields: str) -> None:
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
    submission_key: str | None,
    source: Source = Source.WEB,
    notify: bool = True,
    received_at: datetime | None = None,
    client: ApiClient | None = None,
    born_early: str = "",
    language: str = "",
    count: ratelimit.SendCount | None = None,
    answer: dict[str, Any] | None = None,
) -> Sent:
    """Store a family's request (or find the one this key already stored) and tell the clinic.

    `details` are the checked details (`forms.RequestDetailsForm.cleaned_details()`);
    `screening` the contract's request. Raises ScreeningError for a screening request the
    engine refuses, and `intake.IdempotencyConflict` when the key was used before for a
    different request. `submission_key` None is a send that came without one (the API without
    an Idempotency-Key): a new request whatever it holds, under a new random key, so there is
    nothing stored to look for. `notify=False` sends no email (the demo's invented requests);
    `received_at` backdates it (the demo, again). `client` is the API client that sent it:
    its keys are its own, and the audit entry names it. `born_early` is the parent's answer
    to "Was your child born early?" ("no", "yes", "not-sure"; "" when not asked), kept as
    given because the screening request keeps only the weeks of a "yes". `language` is the
    language the parent did the check in ("" when unknown). `count` is the send's count for
    the rate limit, made once and never for a replay: in Redis just before the transaction, or
    in the database inside it once the request's row is in, so that a request is one write
    transaction (`ratelimit.SendCount`; its `OverTheLimit`, raised, stores nothing). `answer`
    is the engine's answer to `screening` when the caller has just asked for it (the API checks
    the screening first), so that it is not worked out twice.
    """
    if answer is None:
        answer = screen(screening)
    keyless = submission_key is None
    key = intake.new_submission_key() if submission_key is None else submission_key
    body = intake.body_digest(details, screening)
    key_hash = intake.submission_key_hash(key, source, client)
    token = intake.status_token(f"{intake.key_scope(source, client)}:{key}", body)

    if not keyless:
        existing = _stored_with(key_hash)
        if existing is not None:
            return _replay(existing, body, token)
    if count is not None:
        count.before_the_transaction()
    # Made before the transaction, and given a reference of its own at each attempt.
    request = _new_request(details, screening, answer, key_hash, body, token, source, received_at)
    request.born_early = born_early
    request.check_language = language
    attempt = 0
    while True:
        attempt += 1
        request.reference = intake.new_reference()
        counted = False
        try:
            with transaction.atomic():
                request.save(force_insert=True)
                counted = count is not None and count.in_the_transaction()
                _record_received(request, source, client)
                if notify:
                    messages.queue_for_new_request(request, status_token=token)
        except IntegrityError:
            # Two sends with one key raced, and the other stored it first; or the reference
            # drawn was taken (one in a million, with a million requests kept). Only the row
            # was written before the database's count, so a new reference is drawn without
            # counting twice.
            existing = None if keyless else _stored_with(key_hash)
            if existing is not None:
                return _replay(existing, body, token)
            if counted or attempt == REFERENCE_ATTEMPTS:
                raise
            continue
        return Sent(request, token, created=True)


# How many references are drawn for one request before its unique index is taken to mean
# something else is wrong: 32^8 of them, so a second draw is itself once in a million.
REFERENCE_ATTEMPTS = 5


def _stored_with(key_hash: str) -> EvaluationRequest | None:
    return EvaluationRequest.objects.filter(submission_key_hash=key_hash).first()


def _replay(existing: EvaluationRequest, body: str, token: str) -> Sent:
    if existing.body_digest != body:
        raise intake.IdempotencyConflict
    return Sent(existing, token, created=False)


def _new_request(
    details: dict[str, Any],
    screening: dict[str, Any],
    answer: dict[str, Any],
    key_hash: str,
    body: str,
    token: str,
    source: Source,
    received_at: datetime | None,
) -> EvaluationRequest:
    """The request's row, not saved yet: its reference is drawn when it is (its unique index
    says whether it was taken)."""
    now = received_at or timezone.now()
    birth_date = details["child_birth_date"]
    return EvaluationRequest(
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


def _record_received(request: EvaluationRequest, source: Source, client: ApiClient | None) -> None:
    """The request's first status change and its audit entry, and the client's last use."""
    now = request.created_at
    StatusChange.objects.create(request=request, to_status=Status.NEW, at=now)
    audit.record(
        AuditAction.REQUEST_RECEIVED, target=request.reference, detail=str(source), client=client
    )
    if client is not None:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)


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
    what = f"status: {to.value}"
    if to == Status.CLOSED and _cancel_booked(locked):
        what += ", evaluation cancelled"
    _audit(AuditAction.RECORD_CHANGED, locked, what, by=by, address=address)
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
    ContactAttempt.objects.filter(request=locked).delete()
    Appointment.objects.filter(request=locked).delete()
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
    if not locked.evaluators_can_change:
        raise NotAllowedNow
    changes = _set_evaluators(locked, pt=pt, ot=ot)
    if changes:
        _audit(AuditAction.RECORD_CHANGED, locked, ", ".join(changes), by=by, address=address)
        _refresh(evaluation, locked, "pt_evaluator_id", "ot_evaluator_id")
    return changes


def _set_evaluators(
    locked: EvaluationRequest, *, pt: User | None, ot: User | None, keep_unchosen: bool = False
) -> list[str]:
    """Set the request's PT and OT evaluators (its lock is held), in words of what changed.
    `keep_unchosen` leaves an evaluator in place where None is given."""
    changes = []
    for field, name, chosen in (("pt_evaluator", "PT", pt), ("ot_evaluator", "OT", ot)):
        if chosen is None and keep_unchosen:
            continue
        if getattr(locked, f"{field}_id") != (chosen.pk if chosen else None):
            setattr(locked, field, chosen)
            changes.append(f"{'assigned' if chosen else 'unassigned'} {name}")
    if changes:
        locked.save(update_fields=["pt_evaluator", "ot_evaluator"])
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


# --- Reaching the family -------------------------------------------------------------------------


@transaction.atomic
def do_log_contact(
    evaluation: EvaluationRequest,
    *,
    method: ContactMethod,
    outcome: ContactOutcome,
    note: str = "",
    at: datetime | None = None,
    by: User,
    address: str | None = None,
) -> ContactAttempt:
    """One attempt to reach the family, at `at` (now, unless given). When it reached them and
    the request is still new, the request moves to "contacted" at the attempt's time, in the
    same step: reaching the family is what "contacted" means, and the clinic's figures read the
    first contact from the history. Raises NotAllowedNow for a request no longer open."""
    locked = _locked(evaluation)
    if not locked.is_open:
        raise NotAllowedNow
    when = at or timezone.now()
    attempt = ContactAttempt.objects.create(
        request=locked,
        at=when,
        method=ContactMethod(method),
        outcome=ContactOutcome(outcome),
        note=note,
        by=by,
        by_name=staff_name(by),
    )
    what = f"contact logged: {ContactMethod(method).value} {ContactOutcome(outcome).value}"
    if outcome == ContactOutcome.REACHED and locked.not_yet_reached:
        _step(locked, to=Status.CONTACTED, by=by, at=max(when, locked.status_changed_at))
        what += ", status: contacted"
    _audit(AuditAction.RECORD_CHANGED, locked, what, by=by, address=address)
    _refresh(evaluation, locked, "status", "status_changed_at", "closed_reason")
    return attempt


# --- The evaluation's appointment -----------------------------------------------------------------


class Clash(Exception):
    """A therapist already has an evaluation booked that overlaps the time asked for."""

    def __init__(self, therapist: User, appointment: Appointment) -> None:
        super().__init__(f"user {therapist.pk} has appointment {appointment.pk} then")
        self.therapist = therapist
        self.appointment = appointment


@dataclass(frozen=True)
class Booking:
    """What an evaluation's appointment says: when, where, with whom, and the family's note."""

    starts_at: datetime
    ends_at: datetime
    place: AppointmentPlace
    pt: User | None
    ot: User | None
    place_detail: str = ""
    family_note: str = ""

    def therapists(self) -> list[User]:
        return [user for user in (self.pt, self.ot) if user is not None]


# What the family is told: a change to any of these is a move, emailed with a new calendar file.
FAMILY_FACTS = ("starts_at", "ends_at", "place", "place_detail", "pt", "ot")
BOOKING_FIELDS = (*FAMILY_FACTS, "family_note")


def _check_no_clash(booking: Booking, *, moving: Appointment | None = None) -> None:
    """Raise Clash when a therapist of the booking already has an overlapping evaluation.

    Each therapist's account row is locked first, in a fixed order, so two bookings for the
    same therapist at the same moment are checked one after the other, never both against a
    diary without the other."""
    therapists = booking.therapists()
    ids = sorted(user.pk for user in therapists)
    list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for therapist in therapists:
        clash = (
            Appointment.objects.filter(
                state=AppointmentState.BOOKED,
                starts_at__lt=booking.ends_at,
                ends_at__gt=booking.starts_at,
            )
            .filter(Q(pt=therapist) | Q(ot=therapist))
            .exclude(pk__in=[moving.pk] if moving is not None else [])
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise Clash(therapist, clash)


def _booked(locked: EvaluationRequest) -> Appointment | None:
    return (
        Appointment.objects.select_for_update()
        .filter(request=locked, state=AppointmentState.BOOKED)
        .first()
    )


@transaction.atomic
def do_book_evaluation(
    evaluation: EvaluationRequest,
    *,
    booking: Booking,
    by: User,
    address: str | None = None,
    notify: bool = True,
) -> Appointment:
    """Book the child's evaluation: the request moves to "evaluation booked", the therapists
    of the booking become its evaluators, and the family is emailed the appointment with its
    calendar file (`notify=False`: not emailed, for the demo's invented families). Raises Clash
    when a therapist is already booked then, and NotAllowedNow once the child has been
    evaluated or while another evaluation is booked (move that one)."""
    if not booking.therapists():
        raise ValueError("An evaluation needs a PT or an OT.")
    locked = _locked(evaluation)
    if not locked.evaluation_can_be_booked or _booked(locked) is not None:
        raise NotAllowedNow
    _check_no_clash(booking)
    appointment = Appointment.objects.create(
        request=locked,
        **{name: getattr(booking, name) for name in BOOKING_FIELDS},
        booked_by=by,
        booked_by_name=staff_name(by),
    )
    what = ["evaluation booked"]
    if locked.status != Status.BOOKED:
        _step(locked, to=Status.BOOKED, by=by)
        what.append(f"status: {Status.BOOKED.value}")
    what += _set_evaluators(locked, pt=booking.pt, ot=booking.ot, keep_unchosen=True)
    if notify:
        messages.queue_for_appointment(appointment, MessageKind.APPOINTMENT_BOOKED)
    _audit(AuditAction.RECORD_CHANGED, locked, ", ".join(what), by=by, address=address)
    _refresh(
        evaluation,
        locked,
        "status",
        "status_changed_at",
        "closed_reason",
        "pt_evaluator_id",
        "ot_evaluator_id",
    )
    return appointment


def _locked_appointment(appointment: Appointment) -> tuple[EvaluationRequest, Appointment]:
    """The appointment's request and the appointment, locked, while it can still be changed:
    booked, and the child not evaluated yet."""
    locked_request = _locked(appointment.request)
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not locked.is_booked or locked_request.status != Status.BOOKED:
        raise NotAllowedNow
    return locked_request, locked


@transaction.atomic
def do_move_evaluation(
    appointment: Appointment,
    *,
    booking: Booking,
    by: User,
    address: str | None = None,
) -> list[str]:
    """Change a booked evaluation's time, place, therapists or note. Returns the fields that
    changed (an empty list when none did). A change to what the family is told is emailed to
    them, with the calendar file that moves it. Raises Clash and NotAllowedNow as booking does."""
    if not booking.therapists():
        raise ValueError("An evaluation needs a PT or an OT.")
    evaluation, locked = _locked_appointment(appointment)
    changed = [name for name in BOOKING_FIELDS if getattr(locked, name) != getattr(booking, name)]
    if not changed:
        return []
    _check_no_clash(booking, moving=locked)
    for name in changed:
        setattr(locked, name, getattr(booking, name))
    told = any(name in FAMILY_FACTS for name in changed)
    if told:
        locked.sequence += 1
    locked.save()
    what = [f"evaluation changed: {' '.join(changed)}"]
    what += _set_evaluators(evaluation, pt=booking.pt, ot=booking.ot, keep_unchosen=True)
    if told:
        messages.queue_for_appointment(locked, MessageKind.APPOINTMENT_MOVED)
    _audit(AuditAction.RECORD_CHANGED, evaluation, ", ".join(what), by=by, address=address)
    return changed


def _cancel(appointment: Appointment) -> None:
    """Cancel a booked appointment (its lock is held); the family is told when it was still
    to come."""
    appointment.state = AppointmentState.CANCELLED
    appointment.sequence += 1
    appointment.save(update_fields=["state", "sequence", "updated_at"])
    if appointment.starts_at > timezone.now():
        messages.queue_for_appointment(appointment, MessageKind.APPOINTMENT_CANCELLED)


def _cancel_booked(locked: EvaluationRequest) -> bool:
    """Closing a request cancels the evaluation booked for it. Returns whether there was one."""
    appointment = _booked(locked)
    if appointment is None:
        return False
    _cancel(appointment)
    return True


@transaction.atomic
def do_cancel_evaluation(appointment: Appointment, *, by: User, address: str | None = None) -> None:
    """Cancel a booked evaluation: the family is emailed (with the calendar file that removes
    it), and the request goes back to "contacted", since the family was reached and needs a
    new time. Raises NotAllowedNow once it is cancelled or the child has been evaluated."""
    evaluation, locked = _locked_appointment(appointment)
    _cancel(locked)
    _step(evaluation, to=Status.CONTACTED, by=by)
    what = f"evaluation cancelled, status: {Status.CONTACTED.value}"
    _audit(AuditAction.RECORD_CHANGED, evaluation, what, by=by, address=address)
    _refresh(appointment, locked, "state", "sequence")


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
    discipline: Discipline | GoalDiscipline | str,
    text: str,
    baseline: str,
    measure: str,
    target_date: date,
    by: User | None,
    state: GoalState = GoalState.PROPOSED,
    level_much_less: str = "",
    level_less: str = "",
    level_expected: str = "",
    level_more: str = "",
    level_much_more: str = "",
    baseline_level: int = -2,
    importance: int = 1,
    difficulty: int = 1,
    address: str | None = None,
) -> Goal:
    """A goal in the child's plan, for one discipline or shared by both, with its five GAS
    levels in words (-2 to +2) and its weight. The plan must have been started."""
    locked = _locked(evaluation)
    plan = Plan.objects.filter(request=locked).first()
    if plan is None or not locked.plan_is_writable or plan.is_discharged:
        raise NotAllowedNow
    goal = Goal.objects.create(
        plan=plan,
        discipline=GoalDiscipline(discipline),
        text=text,
        baseline=baseline,
        measure=measure,
        target_date=target_date,
        state=state,
        baseline_level=baseline_level,
        importance=importance,
        difficulty=difficulty,
        created_by=by,
        level_much_less=level_much_less,
        level_less=level_less,
        level_expected=level_expected,
        level_more=level_more,
        level_much_more=level_much_more,
    )
    what = f"{_owner(goal)} goal added"
    _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    return goal


def _owner(goal: Goal | Visit) -> str:
    """How the audit names whose goal or visit it is: PT, OT or PT+OT."""
    return "PT+OT" if goal.discipline == GoalDiscipline.BOTH else goal.discipline.upper()


def _locked_plan(evaluation: EvaluationRequest) -> tuple[EvaluationRequest, Plan]:
    """The request and its plan, locked, while the plan can still be written."""
    locked = _locked(evaluation)
    plan = Plan.objects.select_for_update().filter(request=locked).first()
    if plan is None or not locked.plan_is_writable or plan.is_discharged:
        raise NotAllowedNow
    return locked, plan


def _locked_goal(goal: Goal) -> tuple[EvaluationRequest, Goal]:
    """The goal's request and the goal, locked, once the plan can still be written."""
    locked = EvaluationRequest.objects.select_for_update().get(plan__goals=goal)
    if not locked.plan_is_writable or Plan.objects.get(request=locked).is_discharged:
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
    what = f"{_owner(locked)} goal {locked.pk} state: {state.value}"
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
    level_much_less: str | None = None,
    level_less: str | None = None,
    level_expected: str | None = None,
    level_more: str | None = None,
    level_much_more: str | None = None,
    baseline_level: int | None = None,
    importance: int | None = None,
    difficulty: int | None = None,
    address: str | None = None,
) -> list[str]:
    """Change a goal's words, baseline, measure, target date and (those given, not None) its
    levels and weight. Returns the fields that changed; an empty list when none did."""
    evaluation, locked = _locked_goal(goal)
    given: dict[str, Any] = {
        "text": text,
        "baseline": baseline,
        "measure": measure,
        "target_date": target_date,
    }
    for name, value in (
        ("level_much_less", level_much_less),
        ("level_less", level_less),
        ("level_expected", level_expected),
        ("level_more", level_more),
        ("level_much_more", level_much_more),
        ("baseline_level", baseline_level),
        ("importance", importance),
        ("difficulty", difficulty),
    ):
        if value is not None:
            given[name] = value
    changed = [
        name for name in GOAL_DETAILS if name in given and getattr(locked, name) != given[name]
    ]
    if changed:
        for name in changed:
            setattr(locked, name, given[name])
            setattr(goal, name, given[name])
        locked.save(update_fields=[*changed, "updated_at"])
        what = f"{_owner(locked)} goal {locked.pk} edited"
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
    """A Goal Attainment Scaling level (−2 to +2) for a goal outside a visit (a review, say),
    with a staff note the family never sees. Visits record theirs with `do_record_visit`."""
    evaluation, locked = _locked_goal(goal)
    entry = ProgressEntry.objects.create(
        goal=locked,
        gas_score=GasScore(gas_score),
        note=note,
        by=by,
        by_name=staff_name(by) if by is not None else "",
        at=at or timezone.now(),
    )
    what = f"{_owner(locked)} goal {locked.pk} progress recorded"
    _audit(AuditAction.PLAN_CHANGED, evaluation, what, by=by, address=address)
    return entry


@transaction.atomic
def do_record_visit(
    evaluation: EvaluationRequest,
    *,
    on: date,
    discipline: Discipline | GoalDiscipline | str,
    attendance: Attendance | str,
    by: User | None,
    worked_on: str = "",
    response: str = "",
    next_time: str = "",
    levels: dict[int, int] | None = None,
    address: str | None = None,
) -> Visit:
    """A therapy visit, with the level reached on each goal worked on (goal id: -2 to +2).
    Only a visit the child came to records levels, and only on goals of the visit's
    discipline(s) that are proposed or active; a proposed goal worked on is active from then.
    The first visit the child comes to moves an evaluated request into therapy."""
    locked, plan = _locked_plan(evaluation)
    attendance = Attendance(attendance)
    visit = Visit.objects.create(
        plan=plan,
        on=on,
        discipline=GoalDiscipline(discipline),
        attendance=attendance,
        worked_on=worked_on,
        response=response,
        next_time=next_time,
        by=by,
        by_name=staff_name(by) if by is not None else "",
    )
    levels = levels or {}
    if levels and attendance != Attendance.ATTENDED:
        raise ValueError("only a visit the child came to records levels")
    goals = {
        goal.pk: goal for goal in Goal.objects.select_for_update().filter(plan=plan, pk__in=levels)
    }
    at = timezone.make_aware(datetime.combine(on, datetime.min.time().replace(hour=12)))
    for goal_id, level in levels.items():
        goal = goals.get(goal_id)
        if goal is None or not goal.disciplines & visit.disciplines:
            raise ValueError(f"goal {goal_id} is not one this visit works on")
        if goal.state not in (GoalState.PROPOSED, GoalState.ACTIVE):
            raise ValueError(f"goal {goal_id} is {goal.state}")
        ProgressEntry.objects.create(
            goal=goal, visit=visit, gas_score=GasScore(level), by=by, by_name=visit.by_name, at=at
        )
        if goal.state == GoalState.PROPOSED:
            goal.state = GoalState.ACTIVE
            goal.save(update_fields=["state", "updated_at"])
    what = f"{_owner(visit)} visit {visit.pk} recorded: {attendance.value}, {len(levels)} levels"
    if attendance == Attendance.ATTENDED and locked.status == Status.EVALUATED:
        _step(locked, to=Status.IN_THERAPY, by=by)
        what += f", status: {Status.IN_THERAPY.value}"
        _refresh(evaluation, locked, "status", "status_changed_at")
    _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    return visit


@transaction.atomic
def do_add_home_activity(
    goal: Goal,
    *,
    what: str,
    how_often: str,
    watch_for: str,
    by: User | None,
    address: str | None = None,
) -> HomeActivity:
    """Something for the family to do at home towards a goal; they see it on their page."""
    evaluation, locked = _locked_goal(goal)
    activity = HomeActivity.objects.create(
        goal=locked, what=what, how_often=how_often, watch_for=watch_for, created_by=by
    )
    detail = f"{_owner(locked)} goal {locked.pk} home activity {activity.pk} added"
    _audit(AuditAction.PLAN_CHANGED, evaluation, detail, by=by, address=address)
    return activity


@transaction.atomic
def do_stop_home_activity(
    activity: HomeActivity, *, by: User | None, address: str | None = None
) -> bool:
    """A home activity the family no longer needs to do. Returns whether it was still going."""
    evaluation, goal = _locked_goal(activity.goal)
    locked = HomeActivity.objects.select_for_update().get(pk=activity.pk)
    if locked.stopped:
        return False
    locked.stopped = activity.stopped = True
    locked.save(update_fields=["stopped"])
    detail = f"{_owner(goal)} goal {goal.pk} home activity {locked.pk} stopped"
    _audit(AuditAction.PLAN_CHANGED, evaluation, detail, by=by, address=address)
    return True


@transaction.atomic
def do_update_plan_discipline(
    evaluation: EvaluationRequest,
    *,
    discipline: Discipline,
    findings: str,
    sessions_per_week: int | None,
    weeks: int | None,
    minutes: int | None,
    by: User,
    address: str | None = None,
) -> list[str]:
    """A discipline's part of the plan of care: the findings in its therapist's words and how
    often, how long and for how many weeks. The therapist who writes it is named on it.
    Returns the fields that changed."""
    locked, plan = _locked_plan(evaluation)
    part, _created = PlanDiscipline.objects.get_or_create(plan=plan, discipline=discipline)
    given: dict[str, Any] = {
        "findings": findings,
        "sessions_per_week": sessions_per_week,
        "weeks": weeks,
        "minutes": minutes,
        "therapist_id": by.pk,
        "therapist_name": staff_name(by),
    }
    changed = [name for name, value in given.items() if getattr(part, name) != value]
    if changed:
        for name in changed:
            setattr(part, name, given[name])
        part.save(update_fields=changed)
        shown = [name for name in changed if not name.startswith("therapist")]
        name = Discipline(discipline).value.upper()
        what = f"{name} plan of care: {', '.join(shown) or 'therapist'}"
        _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    return changed


@transaction.atomic
def do_set_review_date(
    evaluation: EvaluationRequest,
    *,
    review_date: date | None,
    by: User | None,
    address: str | None = None,
) -> bool:
    """When the plan is next reviewed. Returns whether it changed."""
    locked, plan = _locked_plan(evaluation)
    if plan.review_date == review_date:
        return False
    plan.review_date = review_date
    plan.save(update_fields=["review_date"])
    what = f"plan review date: {review_date.isoformat() if review_date else 'none'}"
    _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    return True


@transaction.atomic
def do_discharge(
    evaluation: EvaluationRequest,
    *,
    recommendations: str,
    by: User,
    reason: str = "",
    address: str | None = None,
) -> Plan:
    """The end of therapy: the discharge summary (why it ended, goals met, the T-score at the
    start and now, the recommendations) is written once, the request moves to discharged, and
    the plan is a record from then on. A child in therapy only."""
    locked, plan = _locked_plan(evaluation)
    if locked.status != Status.IN_THERAPY:
        raise NotAllowedNow
    goals = list(Goal.objects.filter(plan=plan).prefetch_related("progress"))
    scores = gas.plan_scores(goals)
    counted = [goal for goal in goals if goal.state != GoalState.DISCONTINUED]
    plan.discharged_at = timezone.now()
    plan.discharged_by_name = staff_name(by)
    plan.discharge_recommendations = recommendations
    plan.discharge_reason = reason
    plan.discharge_goals_total = len(counted)
    plan.discharge_goals_met = sum(1 for goal in counted if gas.is_met(goal))
    plan.discharge_t_baseline = scores.baseline
    plan.discharge_t_final = scores.now
    plan.save()
    _step(locked, to=Status.DISCHARGED, by=by)
    what = (
        f"plan discharged ({reason or 'no reason given'}): "
        f"{plan.discharge_goals_met} of {plan.discharge_goals_total} goals met, "
        f"T {gas.rounded(scores.baseline)} to {gas.rounded(scores.now)}; status: discharged"
    )
    _audit(AuditAction.PLAN_CHANGED, locked, what, by=by, address=address)
    _refresh(evaluation, locked, "status", "status_changed_at", "closed_reason")
    return plan


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


@transaction.atomic
def do_purge_expired(candidates: list[int], *, days: int, before: datetime) -> int:
    """`do_purge` for many requests at once (`wholechild manage purge_requests` sends a few
    hundred at a time): those of `candidates` still withdrawn or closed since before `before`
    are locked, deleted with all that hangs off them, and each deletion audited by reference,
    in one transaction and a few queries whatever their number (one request at a time took
    eight queries and a transaction each). Returns how many were deleted."""
    expired = EvaluationRequest.objects.select_for_update().filter(
        pk__in=candidates, status__in=PURGEABLE, status_changed_at__lt=before
    )
    found = list(expired.values_list("pk", "reference", "status"))
    if not found:
        return 0
    EvaluationRequest.objects.filter(pk__in=[pk for pk, _, _ in found]).delete()
    return audit.record_system_events(
        AuditAction.RECORD_DELETED,
        [(reference, f"retention: {status} over {days} days") for _, reference, status in found],
    )


# --- Other software: API clients -----------------------------------------------------------------


@dataclass(frozen=True)
class NewApiClient:
    """A client just created, and its bearer token: shown once, never stored."""

    client: ApiClient
    token: str


@transaction.atomic
def do_create_api_client(
    *,
    name: str,
    scopes: list[ApiScope],
    rate_limit: int,
    by: User | None,
    address: str | None = None,
) -> NewApiClient:
    """A program that may call the API as itself, with the scopes and the limit an hour the
    administrator chose. Its token is returned once; only the token's SHA-256 is kept."""
    token = intake.new_api_token()
    client = ApiClient.objects.create(
        name=name,
        scopes=sorted(str(scope) for scope in scopes),
        rate_limit=rate_limit,
        token_hash=intake.hash_token(token),
        created_by_name=staff_name(by) if by is not None else "",
    )
    audit.record(
        AuditAction.API_CLIENT_CHANGED,
        actor=by,
        address=address,
        target=client.name,
        detail=f"created: {', '.join(client.scopes) or 'no scopes'}; {rate_limit} an hour",
    )
    return NewApiClient(client, token)


@transaction.atomic
def do_revoke_api_client(client: ApiClient, *, by: User | None, address: str | None = None) -> bool:
    """Stop a client's token from opening the API, at once and for good (a new client gets a
    new token). Returns False, and changes nothing, when it was revoked already."""
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not locked.is_active:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    client.revoked_at = locked.revoked_at
    audit.record(
        AuditAction.API_CLIENT_CHANGED,
        actor=by,
        address=address,
        target=locked.name,
        detail="revoked",
    )
    return True


@transaction.atomic
def do_record_api_use(
    client: ApiClient,
    *,
    action: AuditAction,
    target: str = "",
    detail: str = "",
    address: str | None = None,
) -> None:
    """One use of the API by a client, in the audit log with its name (the request's reference
    as target, the resource type and id as detail: never a health detail), and as its last use
    on the administrator's page."""
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    audit.record(action, client=client, address=address, target=target, detail=detail)
