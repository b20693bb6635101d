"""What the clinic keeps: a family's evaluation request, its history, the shared plan, the staff
who work on it, and the audit log of everything staff do.

This is the only place a child's details are stored, and only after the family chose to send
them (with consent). A request keeps a snapshot of the screening request and the answer the
parent saw, with the content version, so the clinic sees exactly what the parent saw even after
the content changes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
# Until the evaluation the family may withdraw and have everything erased; after it, the record
# is part of the clinic's health records (docs/family-requests.md).
WITHDRAWABLE = frozenset({Status.NEW, Status.CONTACTED, Status.BOOKED})
# What the retention rule deletes once its time has passed (`EvaluationRequest.may_be_purged`).
PURGEABLE = frozenset({Status.WITHDRAWN, Status.CLOSED})
# A plan is written once the child has been evaluated, and is read-only once they are discharged.
PLAN_WRITABLE = frozenset({Status.EVALUATED, Status.IN_THERAPY})


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    ROUTINE = "routine", _("Routine")


# The inbox puts the urgent first, then soon, then routine: a number sorts the same everywhere.
URGENCY_RANK = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}


class Recommended(models.TextChoices):
    """The engine's overall answer, as the inbox filters it."""

    BOTH = "both", _("PT and OT")
    PT = "pt", _("PT")
    OT = "ot", _("OT")
    MONITOR = "monitor", _("Keep watching")


class Source(models.TextChoices):
    WEB = "web", _("WholeChild's form")
    API = "api", _("The API")


class EvaluationRequest(models.Model):
    """A family asking the clinic for an evaluation."""

    reference = models.CharField(_("reference"), max_length=12, unique=True)
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
    preferred_language = models.CharField(_("preferred language"), max_length=50)
    best_time_to_call = models.CharField(_("best time to call"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("consent given"))

    screening_request = models.JSONField(default=dict)
    screening_answer = models.JSONField(default=dict)
    content_version = models.CharField(max_length=64)

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
        ]
        verbose_name = _("evaluation request")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.urgency_rank = URGENCY_RANK[Urgency(self.urgency)]
        super().save(*args, **kwargs)

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


# --- The shared plan -------------------------------------------------------------------------


class Discipline(models.TextChoices):
    PT = "pt", _("Physical therapy")
    OT = "ot", _("Occupational therapy")


class GoalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DISCONTINUED = "discontinued", _("Discontinued")


class Plan(models.Model):
    """One plan per child, in which PT and OT goals sit side by side."""

    request = models.OneToOneField(EvaluationRequest, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Plan for {self.request_id}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    discipline = models.CharField(_("discipline"), max_length=2, choices=Discipline.choices)
    text = models.TextField(_("goal"), max_length=1000)
    baseline = models.TextField(_("baseline"), max_length=1000)
    measure = models.CharField(_("how it is measured"), max_length=300)
    target_date = models.DateField(_("target date"))
    state = models.CharField(
        _("state"), max_length=16, choices=GoalState.choices, default=GoalState.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["discipline", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.discipline} goal {self.pk}"


class GasScore(models.IntegerChoices):
    """Goal Attainment Scaling: 0 is the expected outcome."""

    MUCH_LESS = -2, _("Much less than expected")
    LESS = -1, _("Somewhat less than expected")
    EXPECTED = 0, _("As expected")
    MORE = 1, _("Somewhat more than expected")
    MUCH_MORE = 2, _("Much more than expected")


class ProgressEntry(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
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
            )
        ]

    def __str__(self) -> str:
        return f"GAS {self.gas_score:+d}"


# --- The emails that follow a request ---------------------------------------------------------


class MessageKind(models.TextChoices):
    CLINIC_NEW_REQUEST = "clinic-new-request", _("New request, to the clinic")
    FAMILY_CONFIRMATION = "family-confirmation", _("Reference and status link, to the family")


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
    PLAN_CHANGED = "plan-changed", _("Plan changed")
    RECORD_DELETED = "record-deleted", _("Record deleted by the retention rule")
    STAFF_CHANGED = "staff-changed", _("Staff account changed")
    AUDIT_VIEWED = "audit-viewed", _("Audit log viewed")
    ADMIN_VIEWED = "admin-viewed", _("Administration page viewed")
    SETTINGS_CHANGED = "settings-changed", _("Clinic settings changed")
    MESSAGE_FAILED = "message-failed", _("Email not sent after every retry")
    MESSAGE_RESENT = "message-resent", _("Email sent again by an administrator")


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

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
