"""What the clinic keeps: a family's evaluation request, its history, the shared plan, the staff
who work on it, and the audit log of everything staff do.

This is the only place a child's details are stored, and only after the family chose to send
them (with consent). A request keeps a snapshot of the screening request and the answer the
parent saw, with the content version, so the clinic sees exactly what the parent saw even after
the content changes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import search, working_days

# --- Staff -----------------------------------------------------------------------------------


class Role(models.TextChoices):
    INTAKE = "intake", _("Intake coordinator")
    PT = "pt", _("Physical therapist")
    OT = "ot", _("Occupational therapist")
    ADMIN = "admin", _("Clinic administrator")


class StaffProfile(models.Model):
    """A user's role at the clinic. A user without one is not staff and sees nothing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # A password someone else has set (an administrator, or whoever ran a command) is known to
    # two people: its owner must choose their own before any staff page opens.
    must_change_password = models.BooleanField(_("must change their password"), default=False)

    class Meta:
        verbose_name = _("staff profile")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role})"


# --- The clinic itself -----------------------------------------------------------------------


class ClinicSettings(models.Model):
    """Who the clinic is, and how soon it means to reach a family: set by the administrator on
    the Settings page (audited), with environment variables only as the first defaults. One row.

    The name, phone, email, address, hours and website are shown to families (their pages, their
    emails, the page they print for the doctor): "contact the clinic" always says who and how.
    """

    name = models.CharField(_("clinic name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    # A request not yet reached within this many working days of arriving is overdue.
    reach_urgent_within_days = models.PositiveSmallIntegerField(
        _("reach an urgent request within (working days)"), default=1
    )
    reach_soon_within_days = models.PositiveSmallIntegerField(
        _("reach a soon request within (working days)"), default=3
    )
    reach_routine_within_days = models.PositiveSmallIntegerField(
        _("reach a routine request within (working days)"), default=10
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("clinic settings")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(pk=1), name="clinic_settings_one_row")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> ClinicSettings:
        """The clinic's settings, made from the environment's defaults the first time."""
        found, _created = cls.objects.get_or_create(
            pk=1,
            defaults={
                "name": settings.CLINIC_NAME,
                "phone": settings.CLINIC_PHONE,
                "email": settings.CLINIC_EMAIL,
                "website": settings.CLINIC_WEBSITE,
            },
        )
        return found

    def reach_within_days(self, urgency: str) -> int:
        """The working days the clinic gives itself to reach a family of this urgency."""
        return {
            Urgency.URGENT: self.reach_urgent_within_days,
            Urgency.SOON: self.reach_soon_within_days,
        }.get(Urgency(urgency), self.reach_routine_within_days)

    def overdue(self, now: datetime) -> models.Q:
        """The requests not yet reached past their urgency's time at `now`, as a filter: the
        same rule as `EvaluationRequest.is_overdue`, for the database to count."""
        found = models.Q(pk__in=[])
        for urgency in Urgency:
            cutoff = working_days.overdue_before(now, self.reach_within_days(urgency))
            found |= models.Q(urgency=urgency, created_at__lt=cutoff)
        return models.Q(status=Status.NEW) & found


# --- The family's request --------------------------------------------------------------------


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    BOOKED = "evaluation-booked", _("Evaluation booked")
    EVALUATED = "evaluated", _("Evaluated")
    IN_THERAPY = "in-therapy", _("In therapy")
    DISCHARGED = "discharged", _("Discharged")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the family")


# The path a request takes; any open request may also be closed with a reason.
STATUS_PATH = [
    Status.NEW,
    Status.CONTACTED,
    Status.BOOKED,
    Status.EVALUATED,
    Status.IN_THERAPY,
    Status.DISCHARGED,
]
# Where a request's story has ended: nothing moves it on (a closed one may be reopened).
FINISHED = frozenset({Status.DISCHARGED, Status.CLOSED, Status.WITHDRAWN})
# The same, always in one order: a partial index is used only by a query whose condition is
# written as its own is (SQLite compares them as written).
FINISHED_IN_ORDER = sorted(FINISHED)
# Until the evaluation the family may withdraw and have everything erased; after it, the record
# is part of the clinic's health records (docs/family-requests.md).
WITHDRAWABLE = frozenset({Status.NEW, Status.CONTACTED, Status.BOOKED})
# What the retention rule deletes once its time has passed (`EvaluationRequest.may_be_purged`).
PURGEABLE = frozenset({Status.WITHDRAWN, Status.CLOSED})
# A plan is written once the child has been evaluated, and is read-only once they are discharged.
PLAN_WRITABLE = frozenset({Status.EVALUATED, Status.IN_THERAPY})
# Until the evaluation, its appointment can be booked, moved or cancelled.
BOOKABLE = frozenset({Status.NEW, Status.CONTACTED, Status.BOOKED})
# The steps that say the family was reached (the first is the first contact), and those that
# say the child was evaluated: the clinic's figures read them from the history.
REACHED = frozenset(STATUS_PATH[1:])
EVALUATED_OR_LATER = frozenset(STATUS_PATH[3:])


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    ROUTINE = "routine", _("Routine")


# The inbox puts the urgent first, then soon, then routine: a number sorts the same everywhere.
URGENCY_RANK = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}
# What a request's search text is made of: a save of any of them writes it again.
SEARCHED_FIELDS = frozenset({"reference", "parent_name", "child_first_name", "email", "phone"})


class Recommended(models.TextChoices):
    """The engine's overall answer, as the inbox filters it."""

    BOTH = "both", _("PT and OT")
    PT = "pt", _("PT")
    OT = "ot", _("OT")
    MONITOR = "monitor", _("Keep watching")


class Source(models.TextChoices):
    WEB = "web", _("WholeChild's form")
    API = "api", _("The API")


def new_fhir_id() -> str:
    return uuid.uuid4().hex


class EvaluationRequest(models.Model):
    """A family asking the clinic for an evaluation."""

    reference = models.CharField(_("reference"), max_length=12, unique=True)
    # The id other software knows the child's record by (FHIR: Patient/<fhir_id>): random, so
    # that an address in an EHR's log says nothing, not even the reference a family quotes.
    fhir_id = models.CharField(max_length=32, unique=True, default=new_fhir_id, editable=False)
    # The family's private status link carries a token; only its SHA-256 is kept.
    status_token_hash = models.CharField(max_length=64, unique=True)
    # Sending twice creates one request: the web form's one-time token, or the API's
    # Idempotency-Key, hashed. body_digest tells a true replay from a reused key.
    submission_key_hash = models.CharField(max_length=64, unique=True)
    body_digest = models.CharField(max_length=64)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    closed_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)

    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    urgency_rank = models.PositiveSmallIntegerField()
    recommended = models.CharField(_("recommended"), max_length=8, choices=Recommended.choices)

    parent_name = models.CharField(_("parent's name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    child_first_name = models.CharField(_("child's first name"), max_length=100)
    child_birth_date = models.DateField(_("child's date of birth"), null=True)
    # The parent's answer to "Was your child born early?": "no" (at 37 weeks or later), "yes"
    # or "not-sure". The screening request keeps only the weeks of a "yes", so a "no" would
    # read as not given. "" when it was not asked (from 2 years) or not given (the API).
    born_early = models.CharField(_("born early"), max_length=8, blank=True, default="")
    # The language the parent did the check in ("en", "es"; "" for requests from before it was
    # kept, and from the API): the clinic shows what they saw in it, beside the English.
    check_language = models.CharField(
        _("language of the check"), max_length=8, blank=True, default=""
    )
    preferred_language = models.CharField(_("preferred language"), max_length=50)
    best_time_to_call = models.CharField(_("best time to call"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("consent given"))

    screening_request = models.JSONField(default=dict)
    screening_answer = models.JSONField(default=dict)
    content_version = models.CharField(max_length=64)
    # What the inbox's search looks in (wholechild.care.search), kept up to date by save().
    search_text = models.TextField(default="", editable=False)

    pt_evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PT evaluator"),
    )
    ot_evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OT evaluator"),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["urgency_rank", "created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["urgency_rank", "created_at"], name="request_inbox_order"),
            models.Index(fields=["status", "status_changed_at"], name="request_status"),
            # The inbox's pages and counts (docs/decisions.md, "The inbox at a million
            # requests"); on PostgreSQL a trigram index on search_text too (migration 0011).
            models.Index(
                fields=["urgency_rank", "created_at", "id", "status"],
                condition=~models.Q(status__in=FINISHED_IN_ORDER),
                name="request_open_order",
            ),
            models.Index(
                fields=["status_changed_at", "id"],
                condition=models.Q(status__in=FINISHED_IN_ORDER),
                name="request_finished_order",
            ),
        ]
        verbose_name = _("evaluation request")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.urgency_rank = URGENCY_RANK[Urgency(self.urgency)]
        self.search_text = self.make_search_text()
        fields = kwargs.get("update_fields")
        if fields is not None and SEARCHED_FIELDS & set(fields):
            kwargs["update_fields"] = [*fields, "search_text"]
        super().save(*args, **kwargs)

    def make_search_text(self) -> str:
        """What the inbox's search finds this request by, from its details as they are now:
        kept in `search_text`, which one index answers (wholechild.care.search)."""
        return search.search_text(
            reference=self.reference,
            parent_name=self.parent_name,
            child_first_name=self.child_first_name,
            email=self.email,
            phone=self.phone,
        )

    @property
    def is_open(self) -> bool:
        """Still on its way: not discharged, closed or withdrawn. Only an open request can be
        assigned or moved along."""
        return self.status not in FINISHED

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn by the family: their details are erased, and the row is a tombstone that
        tells the clinic not to call, until the retention rule deletes it."""
        return self.status == Status.WITHDRAWN

    @property
    def may_withdraw(self) -> bool:
        """The family may withdraw (and have their details erased) until the evaluation. After
        it the record is clinical, and the clinic keeps it by its own rules: the family asks
        the clinic to stop instead."""
        return self.status in WITHDRAWABLE

    @property
    def plan_is_writable(self) -> bool:
        """Goals are written once the child has been evaluated, and kept read-only once the
        therapy has ended (discharged) or the request was closed: a plan is a record then."""
        return self.status in PLAN_WRITABLE

    @property
    def may_be_purged(self) -> bool:
        """Withdrawn or closed: nothing more happens to it, so the retention rule deletes it
        once its time has passed. A discharged child's record is a clinical record, which the
        clinic keeps by its own rules, so it is never deleted here."""
        return self.status in PURGEABLE

    @property
    def not_yet_reached(self) -> bool:
        """No one has reached the family yet: the request is still new. Reaching them (a call
        logged as reached, or any move on) makes it "contacted" or later."""
        return self.status == Status.NEW

    def reach_by(self, clinic: ClinicSettings) -> datetime:
        """When the clinic means to have reached the family: its urgency's working days after
        the request arrived (`working_days`)."""
        return working_days.reach_by(self.created_at, clinic.reach_within_days(self.urgency))

    def is_overdue(self, clinic: ClinicSettings, now: datetime) -> bool:
        """Not yet reached, and past the time the clinic gives itself for its urgency."""
        cutoff = working_days.overdue_before(now, clinic.reach_within_days(self.urgency))
        return self.not_yet_reached and self.created_at < cutoff

    @property
    def evaluators_can_change(self) -> bool:
        """Evaluators are assigned while the request is open, except while its evaluation is
        booked: then they are the appointment's, changed with it (where clashes are checked)."""
        return self.is_open and self.status != Status.BOOKED

    @property
    def evaluation_can_be_booked(self) -> bool:
        """An evaluation is booked (or its time changed) until the child has been evaluated:
        while the request is new, contacted or booked."""
        return self.status in BOOKABLE

    def status_to_reopen(self) -> Status:
        """Where a closed request goes back to when reopened: the status it had when it was
        last closed, from its history. A history without the closing step (data put in by hand)
        goes back to "new"."""
        closing = self.history.filter(to_status=Status.CLOSED).order_by("-at", "-pk").first()
        if closing is not None and closing.from_status and closing.from_status not in FINISHED:
            return Status(closing.from_status)
        return Status.NEW


class StatusChange(models.Model):
    """One step in a request's history: who moved it, from what, to what, and when."""

    request = models.ForeignKey(EvaluationRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    reason = models.CharField(max_length=200, blank=True)
    # The name is kept as well as the link, so the history still says who after an account
    # is removed. None and "" mean the family (their request, their withdrawal).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Note(models.Model):
    """A staff note on a request. Never shown to the family."""

    request = models.ForeignKey(EvaluationRequest, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "pk"]

    def __str__(self) -> str:
        return f"Note by {self.author_name}"


# --- Reaching the family, and their evaluation ----------------------------------------------


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    LEFT_MESSAGE = "left-message", _("Left a message")
    NO_ANSWER = "no-answer", _("No answer")
    WRONG_NUMBER = "wrong-number", _("Wrong number or address")


class ContactAttempt(models.Model):
    """One attempt to reach the family: when, by whom, how, and what came of it. Staff only,
    like a note; erased if the family withdraws."""

    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, related_name="contacts"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    method = models.CharField(_("how"), max_length=8, choices=ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.outcome} for {self.request_id}"


class AppointmentPlace(models.TextChoices):
    CLINIC = "clinic", _("At the clinic")
    VIDEO = "video", _("Video visit")
    ELSEWHERE = "elsewhere", _("Somewhere else")


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    """A child's evaluation: when (stored in UTC, shown in the clinic's time zone), where, with
    which PT and/or OT, and a note for the family. A request has at most one booked at a time;
    moving it changes this row (its `sequence` counts the changes a calendar must follow), and
    cancelling it keeps the row, cancelled, so the family can be told what was cancelled."""

    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(
        _("where"), max_length=12, choices=AppointmentPlace.choices, default=AppointmentPlace.CLINIC
    )
    place_detail = models.CharField(_("the place"), max_length=200, blank=True)
    pt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluating PT"),
    )
    ot = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluating OT"),
    )
    # Written for the family, who see it on their status page; never a health detail.
    family_note = models.TextField(_("note for the family"), max_length=500, blank=True)
    state = models.CharField(
        max_length=12, choices=AppointmentState.choices, default=AppointmentState.BOOKED
    )
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    booked_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="booked"),
                name="appointment_one_booked_per_request",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_it_starts",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["state", "starts_at"], name="appointment_when"),
        ]

    def __str__(self) -> str:
        return f"Evaluation for {self.request_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.state == AppointmentState.BOOKED

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def therapists(self) -> list[Any]:
        """The evaluating PT and OT, those there are."""
        return [user for user in (self.pt, self.ot) if user is not None]


# --- The shared plan -------------------------------------------------------------------------


class Discipline(models.TextChoices):
    PT = "pt", _("Physical therapy")
    OT = "ot", _("Occupational therapy")


class GoalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DISCONTINUED = "discontinued", _("Discontinued")


class GoalDiscipline(models.TextChoices):
    """Whose goal it is: one discipline's, or shared by both (a goal PT and OT work on
    together, such as getting dressed standing up)."""

    PT = "pt", _("Physical therapy")
    OT = "ot", _("Occupational therapy")
    BOTH = "both", _("Shared: physical and occupational therapy")


def disciplines_of(value: str) -> frozenset[Discipline]:
    """The disciplines a goal's or a visit's `discipline` names."""
    if value == GoalDiscipline.BOTH:
        return frozenset(Discipline)
    return frozenset({Discipline(value)})


class DischargeReason(models.TextChoices):
    """Why the therapy ended, as the discharge summary says it (and the family's page)."""

    GOALS_MET = "goals-met", _("The goals were met")
    NO_FURTHER_PROGRESS = (
        "no-further-progress",
        _("No more progress is expected from therapy for now"),
    )
    FAMILY_STOPPED = "family-stopped", _("The family chose to stop")
    CARE_MOVED = "care-moved", _("The child moved, or their care moved to another service")
    OTHER = "other", _("Another reason")


class Plan(models.Model):
    """One plan per child, in which PT and OT goals sit side by side, with what the therapy
    will be (per discipline, `PlanDiscipline`), when it is reviewed and, at the end, the
    discharge summary."""

    request = models.OneToOneField(EvaluationRequest, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    # The discharge summary, written once, when the therapy ends (actions.do_discharge).
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharged_by_name = models.CharField(max_length=150, blank=True)
    discharge_recommendations = models.TextField(_("recommendations"), max_length=4000, blank=True)
    # Blank for a plan discharged before the reason was asked.
    discharge_reason = models.CharField(
        _("why the therapy ended"), max_length=30, choices=DischargeReason.choices, blank=True
    )
    discharge_goals_met = models.PositiveSmallIntegerField(null=True, blank=True)
    discharge_goals_total = models.PositiveSmallIntegerField(null=True, blank=True)
    discharge_t_baseline = models.FloatField(null=True, blank=True)
    discharge_t_final = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Plan for {self.request_id}"

    @property
    def is_discharged(self) -> bool:
        return self.discharged_at is not None


class PlanDiscipline(models.Model):
    """One discipline's part of the plan: its therapist, the findings of the evaluation in
    the therapist's words, and how often and for how long the therapy is planned."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="disciplines")
    discipline = models.CharField(_("discipline"), max_length=2, choices=Discipline.choices)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    therapist_name = models.CharField(max_length=150, blank=True)
    findings = models.TextField(_("findings"), max_length=4000, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions a week"), null=True, blank=True
    )
    weeks = models.PositiveSmallIntegerField(_("for how many weeks"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes a session"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["discipline"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "discipline"], name="plan_discipline_once")
        ]

    def __str__(self) -> str:
        return f"{self.discipline} part of plan {self.plan_id}"


class Goal(models.Model):
    """A goal with its five Goal Attainment Scaling levels in words (Kiresuk and Sherman;
    Turner-Stokes' practical guide): -2 much less than expected (usually where the child is
    at the start), -1, 0 the outcome expected by the target date, +1 and +2; and its weight,
    importance times difficulty (each 1 to 3, 1 by default), for the plan's T-score."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    discipline = models.CharField(_("discipline"), max_length=4, choices=GoalDiscipline.choices)
    text = models.TextField(_("goal"), max_length=1000)
    baseline = models.TextField(_("baseline"), max_length=1000)
    measure = models.CharField(_("how it is measured"), max_length=300)
    target_date = models.DateField(_("target date"))
    state = models.CharField(
        _("state"), max_length=16, choices=GoalState.choices, default=GoalState.PROPOSED
    )
    # The five levels in words; blank only on goals written before levels were kept.
    level_much_less = models.TextField(_("-2: much less than expected"), max_length=500, blank=True)
    level_less = models.TextField(_("-1: somewhat less than expected"), max_length=500, blank=True)
    level_expected = models.TextField(_("0: the expected outcome"), max_length=500, blank=True)
    level_more = models.TextField(_("+1: somewhat more than expected"), max_length=500, blank=True)
    level_much_more = models.TextField(_("+2: much more than expected"), max_length=500, blank=True)
    # Where the child starts: -2 as a rule, -1 when they could still get worse (Turner-Stokes).
    baseline_level = models.SmallIntegerField(_("level at the start"), default=-2)
    importance = models.PositiveSmallIntegerField(_("importance"), default=1)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["discipline", "created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(baseline_level__gte=-2) & models.Q(baseline_level__lte=-1),
                name="goal_baseline_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=1)
                & models.Q(importance__lte=3)
                & models.Q(difficulty__gte=1)
                & models.Q(difficulty__lte=3),
                name="goal_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discipline} goal {self.pk}"

    @property
    def weight(self) -> int:
        return self.importance * self.difficulty

    @property
    def disciplines(self) -> frozenset[Discipline]:
        return disciplines_of(self.discipline)

    @property
    def is_shared(self) -> bool:
        return self.discipline == GoalDiscipline.BOTH

    def recorded(self) -> list[int]:
        """The levels recorded, oldest first (prefetch `progress` for a page of goals)."""
        return [entry.gas_score for entry in self.progress.all()]

    def levels(self) -> list[tuple[int, str]]:
        """The five levels, -2 to +2, each with its words ("" where not written)."""
        return list(
            zip(
                (-2, -1, 0, 1, 2),
                (
                    self.level_much_less,
                    self.level_less,
                    self.level_expected,
                    self.level_more,
                    self.level_much_more,
                ),
                strict=True,
            )
        )


class GasScore(models.IntegerChoices):
    """Goal Attainment Scaling: 0 is the expected outcome."""

    MUCH_LESS = -2, _("Much less than expected")
    LESS = -1, _("Somewhat less than expected")
    EXPECTED = 0, _("As expected")
    MORE = 1, _("Somewhat more than expected")
    MUCH_MORE = 2, _("Much more than expected")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no-show", _("Did not come")


class Visit(models.Model):
    """A therapy visit: when, for which discipline(s), whether the child came, a short
    structured note (staff only: the family never sees it), and through its progress entries
    the level reached on each goal worked on."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(_("date of the visit"))
    discipline = models.CharField(_("discipline"), max_length=4, choices=GoalDiscipline.choices)
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices)
    worked_on = models.TextField(_("what was worked on"), max_length=2000, blank=True)
    response = models.TextField(_("how the child responded"), max_length=2000, blank=True)
    next_time = models.TextField(_("the plan for next time"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-on", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["plan", "-on", "-id"], name="visit_plan_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.discipline} visit {self.pk} on {self.on}"

    @property
    def disciplines(self) -> frozenset[Discipline]:
        return disciplines_of(self.discipline)


class ProgressEntry(models.Model):
    """The level a goal reached, on a visit (or, for entries made before visits were kept,
    on its own), with a staff note the family never sees."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="levels"
    )
    gas_score = models.SmallIntegerField(_("GAS score"), choices=GasScore.choices)
    # A staff note: the family sees the score in plain words, never this.
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(gas_score__gte=-2) & models.Q(gas_score__lte=2),
                name="progress_gas_score_range",
            ),
            models.UniqueConstraint(
                fields=["visit", "goal"],
                condition=models.Q(visit__isnull=False),
                name="progress_once_per_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"GAS {self.gas_score:+d}"


class HomeActivity(models.Model):
    """Something for the family to do at home towards a goal: what, how often, and what to
    watch for, in words the family reads on their status page."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="home_activities")
    what = models.TextField(_("what to do"), max_length=1000)
    how_often = models.CharField(_("how often"), max_length=200)
    watch_for = models.TextField(_("what to watch for"), max_length=1000, blank=True)
    stopped = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Home activity {self.pk} for goal {self.goal_id}"


# --- The emails that follow a request ---------------------------------------------------------


class MessageKind(models.TextChoices):
    CLINIC_NEW_REQUEST = "clinic-new-request", _("New request, to the clinic")
    FAMILY_CONFIRMATION = "family-confirmation", _("Reference and status link, to the family")
    APPOINTMENT_BOOKED = "appointment-booked", _("Evaluation booked, to the family")
    APPOINTMENT_MOVED = "appointment-moved", _("Evaluation moved, to the family")
    APPOINTMENT_CANCELLED = "appointment-cancelled", _("Evaluation cancelled, to the family")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent after every retry")
    CANCELLED = "cancelled", _("Not needed any more")


class Message(models.Model):
    """An email that must follow a request: written in the same transaction as the request (and
    the task that sends it), so a crash can lose neither (`wholechild.care.messages`).

    It holds no child's details: the recipients are read when it is sent (the clinic's list, the
    family's address on the request), and the family's private status link, which is stored
    nowhere else, is kept here only until the email has gone (or the family withdraws)."""

    kind = models.CharField(max_length=24, choices=MessageKind.choices)
    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, related_name="messages"
    )
    state = models.CharField(
        max_length=12, choices=MessageState.choices, default=MessageState.PENDING
    )
    # The evaluation an appointment's email is about (it is read when the email is sent).
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    status_link = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A worker sending it holds it until then; after a crash, another takes it once it passes.
    leased_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The kind of failure only ("SMTPServerDisconnected"): never an address or a reply's text.
    last_error = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.request_id}: {self.state}"


# --- The rate limit on the public forms --------------------------------------------------------


class RateCount(models.Model):
    """How many sends one client made in one window (wholechild.care.ratelimit), when there is
    no Redis. The key holds a hash of the address, never the address."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


# --- Other software: API clients --------------------------------------------------------------


class ApiScope(models.TextChoices):
    SUBMIT = "submit-requests", _("Send evaluation requests")
    READ_FHIR = "read-fhir", _("Read the clinic's records as FHIR")
    SCREEN = "screen", _("Screen answers over FHIR")


class ApiClient(models.Model):
    """Another program that calls the API as itself: a clinic's website that embeds the check,
    an EHR that reads the records. It has a name (every use is audited with it), the scopes it
    may use and its own rate limit. Its bearer token is shown once; only its SHA-256 is kept.
    Revoking keeps the row, so the audit log's name still means someone."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    rate_limit = models.PositiveIntegerField(_("calls an hour"), default=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_name = models.CharField(max_length=150, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = _("API client")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """Not revoked: its token still opens the API."""
        return self.revoked_at is None

    def may(self, scope: ApiScope) -> bool:
        """Whether the administrator gave it this scope (and has not revoked it)."""
        return self.is_active and str(scope) in self.scopes

    @property
    def audit_name(self) -> str:
        """How the audit log names it: "api:" and its name. A staff username cannot hold a
        colon, so a client is never taken for a member of staff."""
        return f"api:{self.name}"


# --- The audit log ---------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    SIGN_IN = "sign-in", _("Signed in")
    SIGN_IN_FAILED = "sign-in-failed", _("Sign-in failed")
    LOCKED_OUT = "locked-out", _("Locked out")
    SIGN_OUT = "sign-out", _("Signed out")
    SESSION_EXPIRED = "session-expired", _("Session expired")
    TWO_FACTOR_ADDED = "two-factor-added", _("Two-factor set up")
    TWO_FACTOR_FAILED = "two-factor-failed", _("Two-factor code refused")
    REQUEST_RECEIVED = "request-received", _("Request received")
    REQUEST_WITHDRAWN = "request-withdrawn", _("Request withdrawn by the family")
    INBOX_VIEWED = "inbox-viewed", _("Inbox viewed")
    ACCESS_REFUSED = "access-refused", _("Record refused (not theirs to see)")
    RECORD_VIEWED = "record-viewed", _("Record viewed")
    RECORD_CHANGED = "record-changed", _("Record changed")
    RECORD_EXPORTED = "record-exported", _("Record exported")
    PLAN_VIEWED = "plan-viewed", _("Plan viewed")
    EVALUATIONS_VIEWED = "evaluations-viewed", _("A therapist's evaluations viewed")
    FIGURES_VIEWED = "figures-viewed", _("The clinic's figures viewed")
    PLAN_CHANGED = "plan-changed", _("Plan changed")
    RECORD_DELETED = "record-deleted", _("Record deleted by the retention rule")
    STAFF_CHANGED = "staff-changed", _("Staff account changed")
    AUDIT_VIEWED = "audit-viewed", _("Audit log viewed")
    ADMIN_VIEWED = "admin-viewed", _("Administration page viewed")
    SETTINGS_CHANGED = "settings-changed", _("Clinic settings changed")
    MESSAGE_FAILED = "message-failed", _("Email not sent after every retry")
    MESSAGE_RESENT = "message-resent", _("Email sent again by an administrator")
    API_CLIENT_CHANGED = "api-client-changed", _("API client changed")
    API_READ = "api-read", _("Record read by an API client")
    API_SCREENED = "api-screened", _("Answers screened by an API client")


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who did what, when. The text never carries health details: a reference and a kind of
    action are enough to find the rest, and the rest can be deleted while this stays."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # A name and a number rather than a foreign key: the log outlives accounts and requests,
    # and deleting either must not change a row here.
    actor_id = models.IntegerField(null=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=24, choices=AuditAction.choices, db_index=True)
    target = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-pk"]
        # The audit log's filters by who and by what about, whatever the case typed, newest
        # first, straight from an index at a million events (clinic/administration/views.py).
        indexes: ClassVar[list[models.Index]] = [
            models.Index(Upper("actor_name"), "at", "id", name="audit_by_actor"),
            models.Index(Upper("target"), "at", "id", name="audit_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
