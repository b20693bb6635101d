"""The emails that follow a request, delivered so that a fault loses none of them.

A `Message` row and the django-tasks task that sends it are written in the same transaction as
the request, so a crash either keeps all three or none. A worker (`wholechild worker`, or the
one `wholechild serve` runs beside the app in local mode) sends it outside any page's request:
a slow or silent mail server never slows a family's confirmation.

Delivery, once per message:

1. The worker locks the message, counts the attempt and takes a lease on it (committed).
2. It sends the email.
3. It marks the message sent (committed), and forgets the family's status link.

A failure in 2 schedules the next attempt with backoff (30 seconds, then longer, for more than
an hour in all); after the last, the message is marked failed, audited, and listed for the
administrator, who can send it again. A worker killed in 1 or 2 leaves the lease to run out;
`recover` then queues the message again. Only a crash in the instant between the mail server
accepting the email and step 3's commit can send one twice (docs/messages.md).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import close_old_connections, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import appointments, audit, intake
from .forms import language_code
from .models import (
    Appointment,
    AuditAction,
    ClinicSettings,
    EvaluationRequest,
    Message,
    MessageKind,
    MessageState,
)

logger = logging.getLogger(__name__)

# The wait before each retry: 30 s, 1, 2, 5, 10, 15 and 30 minutes, 63.5 minutes in all.
BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=15),
    timedelta(minutes=30),
)
ATTEMPTS = len(BACKOFF) + 1


def lease() -> timedelta:
    """How long a worker holds a message it is sending: far longer than an SMTP timeout."""
    return timedelta(seconds=settings.EMAIL_LEASE_SECONDS)


# --- Queueing ----------------------------------------------------------------------------------


def queue_for_new_request(request: EvaluationRequest, *, status_token: str) -> list[Message]:
    """The emails a new request sends: the clinic's (when it has addresses to send to) and the
    family's own, with their reference and status link (when they gave an email). Called inside
    the transaction that stores the request."""
    queued = []
    if settings.CLINIC_NOTIFY_EMAILS:
        queued.append(_queue(request, MessageKind.CLINIC_NEW_REQUEST))
    if request.email:
        link = settings.SITE_URL.rstrip("/") + intake.status_url(status_token)
        queued.append(_queue(request, MessageKind.FAMILY_CONFIRMATION, status_link=link))
    return queued


def _queue(
    request: EvaluationRequest,
    kind: MessageKind,
    *,
    status_link: str = "",
    appointment: Appointment | None = None,
) -> Message:
    message = Message.objects.create(
        request=request, kind=kind, status_link=status_link, appointment=appointment
    )
    enqueue(message)
    return message


APPOINTMENT_KINDS = frozenset(
    {
        MessageKind.APPOINTMENT_BOOKED,
        MessageKind.APPOINTMENT_MOVED,
        MessageKind.APPOINTMENT_CANCELLED,
    }
)


def queue_for_appointment(appointment: Appointment, kind: MessageKind) -> Message | None:
    """The family's email about their child's evaluation (booked, moved or cancelled), when
    they gave an email. Called inside the action's transaction.

    An earlier email about the same evaluation that no worker has taken yet is not needed any
    more: it is cancelled, since this one says what is true now. If that earlier one was the
    booking itself, the family never heard of the first time, so a move is sent as a booking.
    """
    request = appointment.request
    if not request.email:
        return None
    earlier = Message.objects.filter(
        appointment=appointment, kind__in=APPOINTMENT_KINDS, state=MessageState.PENDING
    ).exclude(leased_until__gt=timezone.now())
    kinds = set(earlier.values_list("kind", flat=True))
    earlier.update(state=MessageState.CANCELLED)
    if kind == MessageKind.APPOINTMENT_MOVED and MessageKind.APPOINTMENT_BOOKED in kinds:
        kind = MessageKind.APPOINTMENT_BOOKED
    return _queue(request, kind, appointment=appointment)


def enqueue(message: Message, *, run_after: datetime | None = None) -> None:
    """Write the task that sends the message, in the caller's transaction."""
    queued = deliver.using(run_after=run_after) if run_after is not None else deliver
    result = queued.enqueue(message.pk)
    message.task_id = str(result.id)
    message.save(update_fields=["task_id"])


def cancel_for(request: EvaluationRequest) -> int:
    """The family withdrew: nothing more is sent, and their status link is forgotten."""
    return Message.objects.filter(request=request, state=MessageState.PENDING).update(
        state=MessageState.CANCELLED, status_link=""
    )


# --- Sending -----------------------------------------------------------------------------------


@task()
def deliver(message_id: int) -> str:
    """The task: send one message, once. Its return value says what happened, for the task's
    own row; nothing in it names anyone."""
    return send(message_id)


def send(message_id: int) -> str:
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.PENDING:
            return "nothing to send"
        if message.leased_until is not None and message.leased_until > now:
            return "another worker is sending it"
        if message.next_attempt_at > now:
            return "not due yet"
        message.attempts += 1
        message.leased_until = now + lease()
        message.save(update_fields=["attempts", "leased_until"])
    reference = message.request.reference
    email = compose(message)
    if email is None:
        _finish(message, MessageState.CANCELLED)
        return "no one to send it to"
    try:
        email.send()
    except Exception as error:
        logger.warning(
            "Could not send the %s email for request %s (attempt %d): %s",
            message.kind,
            reference,
            message.attempts,
            type(error).__name__,
        )
        return _failed(message, error)
    _finish(message, MessageState.SENT)
    return "sent"


def compose(message: Message) -> EmailMessage | None:
    """The email, with its recipients read now (an address changed since is used); None when
    there is no one to send it to any more. No child's details are ever in it. The family's
    emails are in the language they asked for, when the app speaks it (their calendar file
    too); the clinic's in English, as its pages are."""
    if message.kind == MessageKind.CLINIC_NEW_REQUEST:
        language = settings.LANGUAGE_CODE
    else:
        language = language_code(message.request.preferred_language)
    with translation.override(language):
        return _compose(message)


def _compose(message: Message) -> EmailMessage | None:
    if message.kind in APPOINTMENT_KINDS:
        return _compose_appointment(message)
    request = message.request
    reference = request.reference
    if message.kind == MessageKind.CLINIC_NEW_REQUEST:
        recipients = list(settings.CLINIC_NOTIFY_EMAILS)
        link = settings.SITE_URL.rstrip("/") + reverse("clinic:inbox")
        subject = _("New evaluation request %(reference)s") % {"reference": reference}
        body = _(
            "A family has asked for an evaluation. Reference: %(reference)s.\n\n"
            "Sign in to see it: %(link)s\n\n"
            "This email carries no details about the child; they are in WholeChild only.\n"
        ) % {"reference": reference, "link": link}
    else:
        recipients = [request.email] if request.email and message.status_link else []
        subject = _("Your request to the clinic: reference %(reference)s") % {
            "reference": reference
        }
        body = _(
            "Thank you for asking the clinic for an evaluation. Your reference is "
            "%(reference)s.\n\n"
            "Keep this email. This private link shows where your request stands, and lets you "
            "withdraw it:\n%(link)s\n\n"
            "Anyone with the link can see your request, so please do not share it.\n\n"
            "This email has no details about your child. If you did not ask for an "
            "evaluation, you can ignore it.\n"
        ) % {"reference": reference, "link": message.status_link}
        body += "\n" + _clinic_lines(ClinicSettings.current())
    if not recipients:
        return None
    return _email(message, subject, body, recipients)


def _clinic_lines(clinic: ClinicSettings) -> str:
    """Who the clinic is and how to reach it, as the end of a family's email says it."""
    parts = (clinic.phone, clinic.email, clinic.opening_hours, clinic.website)
    lines = [_("To contact the clinic:"), clinic.name, *(part for part in parts if part)]
    return "\n".join(lines) + "\n"


def _email(message: Message, subject: str, body: str, recipients: list[str]) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=body,
        to=recipients,
        headers={"Message-ID": f"<wholechild-message-{message.pk}@{appointments.site_domain()}>"},
    )


def _compose_appointment(message: Message) -> EmailMessage | None:
    """The family's email about the evaluation, as it stands when the email is sent, with its
    calendar file: to add it, or to take it out once cancelled. The date, the time, the place
    and the clinic: never the child's name, nor the note written for the family (that is on
    their private status page)."""
    appointment = message.appointment
    request = message.request
    if appointment is None or not request.email:
        return None
    cancelling = message.kind == MessageKind.APPOINTMENT_CANCELLED
    if appointment.is_booked == cancelling:
        return None  # cancelled since, or booked again: a later email says what is true
    clinic = ClinicSettings.current()
    facts = {
        "when": appointments.when_words(appointment),
        "where": appointments.where_words(appointment, clinic),
        "who": appointments.who_words(appointment),
        "clinic": clinic.name,
        "reference": request.reference,
    }
    if cancelling:
        subject = _("Your child's evaluation is cancelled: %(when)s") % facts
        body = (
            _(
                "%(clinic)s has cancelled your child's evaluation on %(when)s.\n\n"
                "The clinic will contact you to find another time. The attached file takes it "
                "out of your calendar.\n"
            )
            % facts
        )
    else:
        if message.kind == MessageKind.APPOINTMENT_MOVED:
            subject = _("New time for your child's evaluation: %(when)s") % facts
            opening = _("%(clinic)s has changed your child's evaluation. It is now:") % facts
        else:
            subject = _("Your child's evaluation is booked: %(when)s") % facts
            opening = _("%(clinic)s has booked your child's evaluation.") % facts
        body = (
            opening
            + "\n\n"
            + _(
                "When: %(when)s\nWhere: %(where)s\nWho: %(who)s\n\n"
                "The attached file (evaluation.ics) puts it in your calendar, or moves it there if "
                "you added it before. Your private status page, from the link in our first email, "
                "shows it too, with any note from the clinic.\n"
            )
            % facts
        )
    contact = appointments.contact_words(clinic)
    if contact and not cancelling:
        body += "\n" + _("If you cannot come, please contact the clinic: %(contact)s.") % {
            "contact": contact
        }
        body += "\n"
    body += "\n" + _("Your reference: %(reference)s.") % facts + "\n"
    email = _email(message, subject, body, [request.email])
    method = "CANCEL" if cancelling else "PUBLISH"
    email.attach(
        "evaluation.ics",
        appointments.calendar_file(appointment, clinic),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return email


def _finish(message: Message, state: MessageState) -> None:
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            state=state,
            sent_at=timezone.now() if state == MessageState.SENT else None,
            leased_until=None,
            status_link="",
            last_error="",
        )


def _failed(message: Message, error: Exception) -> str:
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        locked.leased_until = None
        locked.last_error = type(error).__name__[:100]
        if locked.attempts >= ATTEMPTS:
            locked.state = MessageState.FAILED
            locked.save(update_fields=["leased_until", "last_error", "state"])
            audit.record(
                AuditAction.MESSAGE_FAILED,
                target=locked.request.reference,
                detail=f"{locked.kind} after {locked.attempts} attempts",
            )
            return "failed for good"
        locked.next_attempt_at = timezone.now() + BACKOFF[locked.attempts - 1]
        locked.save(update_fields=["leased_until", "last_error", "next_attempt_at"])
        enqueue(locked, run_after=locked.next_attempt_at)
    return "will try again"


# --- After a crash, and by hand ------------------------------------------------------------------


def recover() -> int:
    """Queue again every message a crashed worker left behind: due, not held by a live lease,
    and with no task waiting to send it. Returns how many."""
    now = timezone.now()
    stranded = list(
        Message.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
        .exclude(leased_until__gt=now)
        .only("pk", "task_id")
    )
    waiting = set(
        DBTaskResult.objects.ready()
        .filter(id__in=[m.task_id for m in stranded if m.task_id])
        .values_list("id", flat=True)
    )
    queued = 0
    for message in stranded:
        if message.task_id and any(str(task_id) == message.task_id for task_id in waiting):
            continue
        with transaction.atomic():
            locked = Message.objects.select_for_update().get(pk=message.pk)
            if locked.state == MessageState.PENDING and locked.task_id == message.task_id:
                enqueue(locked)
                queued += 1
    if queued:
        logger.warning("Queued %d email(s) again after a worker stopped mid-send", queued)
    return queued


# --- The worker ----------------------------------------------------------------------------------


def work(*, interval: float = 1.0, once: bool = False, signals: bool = True) -> int:
    """Send what is due, and look for messages left behind, until stopped (SIGTERM or SIGINT
    let a message being sent finish first). `once` sends what is due now and returns how many
    tasks ran, on the caller's own database connection (a test's transaction included)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    if signals:
        worker.configure_signals()
    if once:
        recover()
        return _run_ready(worker)
    last_recovery = 0.0
    while worker.running:
        # A connection the database dropped (a restart) is replaced, as for a page's request.
        close_old_connections()
        if time.monotonic() - last_recovery >= settings.WORKER_RECOVER_SECONDS:
            recover()
            last_recovery = time.monotonic()
        if not _run_ready(worker):
            time.sleep(interval)
    return 0


def _run_ready(worker: Worker) -> int:
    """Run every task that is due, one at a time, each claimed so no other worker runs it."""
    ran = 0
    while worker.running:
        with exclusive_transaction():
            found = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if found is not None:
                found.claim(worker.worker_id)
        if found is None:
            break
        worker.run_task(found)
        ran += 1
    return ran
