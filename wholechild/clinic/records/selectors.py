"""The records' reads: the inbox's views of the requests a member of staff may see, the search,
and a therapist's week of evaluations. Each is a fixed number of queries however many rows."""

from __future__ import annotations

import base64
import binascii
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Count,
    Expression,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wholechild.care import search as care_search
from wholechild.care.access import visible_requests
from wholechild.care.models import (
    FINISHED,
    FINISHED_IN_ORDER,
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
    # Said as the indexes' own conditions are, so that the database walks the open requests'
    # index (urgency, then arrival) or the finished requests' (the newest change first) and
    # stops at a page, rather than sorting every request of the view.
    if view.finished:
        return found.filter(status__in=FINISHED_IN_ORDER)
    still_open = found.exclude(status__in=FINISHED_IN_ORDER)
    if view.statuses is None:
        return still_open
    if view.order[0] == "urgency_rank":
        # "None of the others": a status it may be would let SQLite take the status index and
        # sort every new request.
        others = sorted(s for s in Status if s not in view.statuses and s not in FINISHED)
        return still_open.exclude(status__in=others)
    return still_open.filter(status__in=sorted(view.statuses))


def filtered(user: User, filters: dict[str, str]) -> QuerySet[EvaluationRequest]:
    """The requests this user may see that match the inbox's filters and search, in any view.

    The search finds a reference whatever its case, spaces or dash; a parent's or child's name
    or an email, ignoring case and accents; and a phone number by its digits, however either
    was written ("555 0100" finds "(555) 01-00"). It reads the request's search text
    (wholechild.care.search), which save() keeps up to date."""
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
        # One LIKE per way of reading the search, each answered by the trigram index on
        # PostgreSQL (docs/decisions.md, "The inbox at a million requests").
        matches = []
        for term, in_phones in care_search.search_terms(
            search, phone_digits=forms.PHONE_SEARCH_DIGITS
        ):
            if in_phones:
                matches.append(Q(search_text__contains=term))
            else:
                # The phone's digits are the text's first line: look after it.
                found = found.alias(
                    text_after_phone=Substr("search_text", StrIndex("search_text", Value("\n")))
                )
                matches.append(Q(text_after_phone__contains=term))
        found = found.filter(reduce(operator.or_, matches))
    return found


def inbox_requests(
    user: User, filters: dict[str, str], view: InboxView
) -> QuerySet[EvaluationRequest]:
    """One view's requests, in its order, with what each row shows: the evaluators, every
    contact attempt (newest first) and the booked evaluation, prefetched, so a page is the same
    handful of queries however many rows it has. Neither snapshot is loaded: the parent's own
    answers not at all, and of the answer only its reasons (`answer_reasons`)."""
    booked = Appointment.objects.filter(state=AppointmentState.BOOKED)
    found = _in_view(filtered(user, filters), view)
    if "evaluation_at" in view.order:
        # Only the view sorted by it asks the database for each request's evaluation time.
        first = booked.filter(request=OuterRef("pk")).values("starts_at")[:1]
        found = found.annotate(evaluation_at=Subquery(first))
    return (
        found.select_related("pt_evaluator", "ot_evaluator")
        # Of the snapshots, only the answer's reasons, for the "Why" column.
        .defer("screening_request", "screening_answer", "search_text")
        .annotate(answer_reasons=KeyTransform("reasons", "screening_answer"))
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


# --- Pages of a view, in its order ------------------------------------------------------------

PAGE_SIZE = 25
LAST = "last"
AFTER, BEFORE = "a", "b"
# The sort keys that are times: a cursor holds them as microseconds since 1970 (UTC).
TIMES = frozenset({"created_at", "status_changed_at", "evaluation_at"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LONGEST_CURSOR = 120


@dataclass(frozen=True)
class InboxPage:
    """One page of a view: its requests, and the `?page=` of the pages beside it (None where
    there is none). A page is found from the sort keys of the row before it (keyset
    pagination), so the last page costs what the first does however many requests there are.

    A cursor is the sort keys of one row (its urgency rank, its times, its id: numbers, never a
    name) in base64, and which way to go from it."""

    requests: list[EvaluationRequest]
    previous: str | None
    next: str | None
    # How it was reached, for the audit: "first", "next", "previous" or "last".
    reached: str

    @property
    def is_first(self) -> bool:
        return self.previous is None

    @property
    def is_last(self) -> bool:
        return self.next is None

    last = LAST


class RowBeyond(Expression):
    """`(a, b, c) > (x, y, z)` (or `<`): the rows after one row in a view's order, as one
    comparison, which the database answers by walking its index from that row."""

    output_field = BooleanField()

    def __init__(self, names: list[str], values: list[Any], *, greater: bool) -> None:
        super().__init__()
        self.keys: list[Any] = [F(name) for name in names]
        self.values: list[Any] = [Value(value) for value in values]
        self.greater = greater

    def get_source_expressions(self) -> list[Any]:
        return [*self.keys, *self.values]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.keys, self.values = list(exprs[: len(self.keys)]), list(exprs[len(self.keys) :])

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql: list[list[str]] = [[], []]
        params: list[Any] = []
        for side, expressions in enumerate((self.keys, self.values)):
            for expression in expressions:
                part, part_params = compiler.compile(expression)
                sql[side].append(part)
                params.extend(part_params)
        operator_sql = ">" if self.greater else "<"
        return f"({', '.join(sql[0])}) {operator_sql} ({', '.join(sql[1])})", tuple(params)


def _keys(view: InboxView) -> tuple[list[str], bool]:
    """The view's sort keys, and whether they descend."""
    return [name.lstrip("-") for name in view.order], view.order[0].startswith("-")


def _walk_order(view: InboxView, *, backwards: bool) -> list[Any]:
    names, descending = _keys(view)
    ascending = descending == backwards
    order = []
    for name in names:
        column = F(name)
        if name == "evaluation_at":
            # A booked request with no appointment last, walking forwards.
            order.append(
                column.asc(nulls_last=True) if ascending else column.desc(nulls_first=True)
            )
        else:
            order.append(column.asc() if ascending else column.desc())
    return order


def _beyond(view: InboxView, values: list[Any], *, backwards: bool) -> Q:
    """The rows after (or, `backwards`, before) the row with these sort keys, in the view's
    order. Only the first key may be empty (a booked request without its appointment), and
    those rows come last."""
    names, descending = _keys(view)
    greater = descending == backwards
    if names[0] != "evaluation_at":
        return Q(RowBeyond(names, values, greater=greater))
    first, rest = names[0], names[1:]
    beyond_rest = Q(RowBeyond(rest, values[1:], greater=greater))
    empty = Q(**{f"{first}__isnull": True})
    if values[0] is None:
        return empty & beyond_rest if not backwards else ~empty | (empty & beyond_rest)
    beyond_all = Q(RowBeyond(names, values, greater=greater))
    return beyond_all | empty if not backwards else beyond_all & ~empty


def _sort_keys(row: EvaluationRequest, view: InboxView) -> list[Any]:
    return [row.pk if name == "pk" else getattr(row, name) for name in _keys(view)[0]]


def _cursor(direction: str, values: list[Any]) -> str:
    numbers = []
    for value in values:
        if isinstance(value, datetime):
            value = (value - EPOCH) // timedelta(microseconds=1)
        numbers.append("" if value is None else str(value))
    text = direction + ".".join(numbers)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _read_cursor(token: str, view: InboxView) -> tuple[str, list[Any]] | None:
    """The direction and sort keys a cursor holds; None for anything that is not a cursor of
    this view (a link from another view, an old page number, a hand-made value)."""
    if len(token) > LONGEST_CURSOR:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        direction, numbers = text[:1], text[1:].split(".")
        names = _keys(view)[0]
        if direction not in (AFTER, BEFORE) or len(numbers) != len(names):
            return None
        values: list[Any] = []
        for name, number in zip(names, numbers, strict=True):
            if number == "" and name == "evaluation_at":
                values.append(None)
            elif name in TIMES:
                values.append(EPOCH + timedelta(microseconds=int(number)))
            else:
                values.append(int(number))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        return None
    return direction, values


def _rows(found: QuerySet[EvaluationRequest], view: InboxView, backwards: bool) -> list[Any]:
    """One more row than a page holds, to know whether there is another page."""
    return list(found.order_by(*_walk_order(view, backwards=backwards))[: PAGE_SIZE + 1])


def _page(
    rows: list[Any], view: InboxView, reached: str, *, before: bool, after: bool
) -> InboxPage:
    return InboxPage(
        requests=rows,
        previous=_cursor(BEFORE, _sort_keys(rows[0], view)) if before and rows else None,
        next=_cursor(AFTER, _sort_keys(rows[-1], view)) if after and rows else None,
        reached=reached,
    )


def inbox_page(user: User, filters: dict[str, str], view: InboxView, page: str | None) -> InboxPage:
    """The page of a view that `page` names: a cursor from the page beside it, `LAST`, or
    anything else for the first page. Going back to the start always shows a whole first page.
    A cursor whose rows have gone (moved on, deleted) shows the last page."""
    found = inbox_requests(user, filters, view)
    cursor = _read_cursor(page, view) if page and page != LAST else None
    if page == LAST or (cursor is not None and cursor[0] == AFTER):
        if cursor is not None:
            rows = _rows(found.filter(_beyond(view, cursor[1], backwards=False)), view, False)
            if rows:
                return _page(
                    rows[:PAGE_SIZE], view, "next", before=True, after=len(rows) > PAGE_SIZE
                )
        rows = _rows(found, view, backwards=True)
        return _page(rows[:PAGE_SIZE][::-1], view, LAST, before=len(rows) > PAGE_SIZE, after=False)
    if cursor is not None:
        rows = _rows(found.filter(_beyond(view, cursor[1], backwards=True)), view, True)
        if len(rows) > PAGE_SIZE:
            return _page(rows[:PAGE_SIZE][::-1], view, "previous", before=True, after=True)
    rows = _rows(found, view, backwards=False)
    return _page(rows[:PAGE_SIZE], view, "first", before=False, after=len(rows) > PAGE_SIZE)


# --- How many each view holds -------------------------------------------------------------------

# The finished view is counted up to here: finished requests are most of a network's table and
# grow every day, and "more than 1,000" says all a count of them would.
COUNT_CAP = 1000


@dataclass(frozen=True)
class ViewCount:
    count: int
    more: bool = False  # more than `count`

    @property
    def shown(self) -> str:
        """As the inbox shows it: "12", or "1,000+" for more than the cap."""
        return number_format(self.count, force_grouping=True) + ("+" if self.more else "")


def view_counts(user: User, filters: dict[str, str]) -> dict[str, ViewCount]:
    """How many requests each view holds with these filters, in two queries: the open
    requests by status, from their own index (never the finished ones); and the finished
    requests up to COUNT_CAP and one more, a count that stops there."""
    found = filtered(user, filters)
    by_status = dict(
        found.exclude(status__in=FINISHED_IN_ORDER)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    finished = found.filter(status__in=FINISHED_IN_ORDER).order_by()[: COUNT_CAP + 1].count()
    counts = {}
    for slug, view in INBOX_VIEWS.items():
        if view.finished:
            counts[slug] = ViewCount(min(finished, COUNT_CAP), more=finished > COUNT_CAP)
        else:
            statuses = view.statuses if view.statuses is not None else by_status
            counts[slug] = ViewCount(sum(by_status.get(status, 0) for status in statuses))
    return counts


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
