"""The records' reads: the inbox's views of the requests a member of staff may see, the search,
and a therapist's week of evaluations. Each is a fixed number of queries however many rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wholechild.care.access import visible_requests
from wholechild.care.models import (
    FINISHED,
    Appointment,
    AppointmentState,
    ContactAttempt,
    EvaluationRequest,
    Role,
    Status,
)

from . import forms

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class InboxView:
    """One of the inbox's views: which requests, in which order, and what the page calls it."""

    slug: str
    label: str | Promise
    caption: str | Promise
    statuses: frozenset[Status] | None  # None: every open request
    order: tuple[str, ...]
    finished: bool = False


NEEDS_ACTION = "needs-action"
INBOX_VIEWS = {
    view.slug: view
    for view in (
        InboxView(
            NEEDS_ACTION,
            _("Needs action"),
            _("New and contacted requests: urgent first, then soon, then the longest waiting."),
            frozenset({Status.NEW, Status.CONTACTED}),
            ("urgency_rank", "created_at", "pk"),
        ),
        InboxView(
            "booked",
            _("Evaluation booked"),
            _("Evaluations booked: the soonest first."),
            frozenset({Status.BOOKED}),
            ("evaluation_at", "urgency_rank", "created_at", "pk"),
        ),
        InboxView(
            "evaluated",
            _("Evaluated"),
            _("Evaluated children: the longest since their evaluation first."),
            frozenset({Status.EVALUATED}),
            ("status_changed_at", "pk"),
        ),
        InboxView(
            "in-therapy",
            _("In therapy"),
            _("Children in therapy: the longest in therapy first."),
            frozenset({Status.IN_THERAPY}),
            ("status_changed_at", "pk"),
        ),
        InboxView(
            "open",
            _("All open"),
            _("Every open request: urgent first, then soon, then the longest waiting."),
            None,
            ("urgency_rank", "created_at", "pk"),
        ),
        InboxView(
            "finished",
            _("Finished"),
            _("Discharged, closed and withdrawn: the most recent first."),
            frozenset(FINISHED),
            ("-status_changed_at", "-pk"),
            finished=True,
        ),
    )
}


OPEN = "open"


def default_view(role: str | None) -> InboxView:
    """The view the inbox opens on: "needs action" (new and contacted requests) for the intake
    coordinator, whose work that is; every open request of their own for a therapist, whose
    children are mostly booked, evaluated or in therapy by the time they are assigned."""
    return INBOX_VIEWS[NEEDS_ACTION if role == Role.INTAKE else OPEN]


def inbox_view(slug: str | None, role: str | None) -> InboxView:
    """The view asked for, or the role's default for anything else."""
    return INBOX_VIEWS.get(slug or "", default_view(role))


def _in_view(found: QuerySet[EvaluationRequest], view: InboxView) -> QuerySet[EvaluationRequest]:
    if view.statuses is None:
        return found.exclude(status__in=FINISHED)
    if view.order[0] == "urgency_rank":
        # Said as "none of the others", so that the database walks the inbox's own index
        # (urgency, then arrival) and stops at a page, rather than sorting every new request.
        return found.exclude(status__in=[s for s in Status if s not in view.statuses])
    return found.filter(status__in=view.statuses)


def _view_q(view: InboxView) -> Q:
    if view.statuses is None:
        return ~Q(status__in=FINISHED)
    return Q(status__in=view.statuses)


def digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


# What people write in phone numbers besides the digits.
PHONE_PUNCTUATION = (" ", "-", "(", ")", ".", "+", "/")


def _phone_digits() -> Any:
    expression: Any = "phone"
    for mark in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


def filtered(user: User, filters: dict[str, str]) -> QuerySet[EvaluationRequest]:
    """The requests this user may see that match the inbox's filters and search, in any view.

    The search finds a reference whatever its case, spaces or dash; a parent's or child's name
    or an email, ignoring case; and a phone number by its digits, however either was written
    ("555 0100" finds "(555) 01-00")."""
    found = visible_requests(user)
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
        matches = (
            Q(parent_name__icontains=search)
            | Q(child_first_name__icontains=search)
            | Q(email__icontains=search)
        )
        plain = forms.plain_reference(search)
        if plain:
            # "k7m3 qxp" and "K7M3QXP" find "K7M3-QXP": no case, spaces or dash.
            found = found.annotate(
                plain_reference=Replace(Upper("reference"), Value("-"), Value(""))
            )
            matches |= Q(plain_reference__contains=plain)
        number = digits(search)
        if len(number) >= forms.PHONE_SEARCH_DIGITS:
            found = found.annotate(phone_digits=_phone_digits())
            matches |= Q(phone_digits__contains=number)
        found = found.filter(matches)
    return found


def inbox_requests(
    user: User, filters: dict[str, str], view: InboxView
) -> QuerySet[EvaluationRequest]:
    """One view's requests, in its order, with what each row shows: the evaluators, every
    contact attempt (newest first) and the booked evaluation, prefetched, so a page is the same
    handful of queries however many rows it has. The parent's own answers are not loaded."""
    booked = Appointment.objects.filter(state=AppointmentState.BOOKED)
    found = _in_view(filtered(user, filters), view)
    if "evaluation_at" in view.order:
        # Only the view sorted by it asks the database for each request's evaluation time.
        first = booked.filter(request=OuterRef("pk")).values("starts_at")[:1]
        found = found.annotate(evaluation_at=Subquery(first))
    return (
        found.select_related("pt_evaluator", "ot_evaluator")
        .defer("screening_request")
        .prefetch_related(
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-at", "-pk")),
            Prefetch(
                "appointments",
                queryset=booked.select_related("pt", "ot"),
                to_attr="booked_appointments",
            ),
        )
        .order_by(*[_ordering(name) for name in view.order])
    )


def _ordering(name: str) -> Any:
    # A booked request without an appointment (booked before appointments were kept) last.
    return F(name).asc(nulls_last=True) if name == "evaluation_at" else name


def view_counts(user: User, filters: dict[str, str]) -> dict[str, int]:
    """How many requests each view holds with these filters, in one query."""
    counts = filtered(user, filters).aggregate(
        **{
            slug.replace("-", "_"): Count("pk", filter=_view_q(view))
            for slug, view in INBOX_VIEWS.items()
        }
    )
    return {slug: counts[slug.replace("-", "_")] or 0 for slug in INBOX_VIEWS}


# --- A therapist's week -------------------------------------------------------------------------


def week_of(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def week_evaluations(viewer: User, therapist: User, monday: date) -> list[Appointment]:
    """The evaluations booked with `therapist` in the week from `monday` (the clinic's time
    zone), of children the viewer may see, with their requests: one query."""
    zone = timezone.get_default_timezone()
    starts = datetime.combine(monday, time(0)).replace(tzinfo=zone)
    ends = datetime.combine(monday + timedelta(days=7), time(0)).replace(tzinfo=zone)
    return list(
        Appointment.objects.filter(
            state=AppointmentState.BOOKED,
            starts_at__gte=starts,
            starts_at__lt=ends,
            request__in=visible_requests(viewer),
        )
        .filter(Q(pt=therapist) | Q(ot=therapist))
        .select_related("request", "pt", "ot")
        .defer("request__screening_request", "request__screening_answer")
        .order_by("starts_at", "pk")
    )
