"""The clinic's figures, read from what is already stored: the open requests by status and
urgency, how many are overdue, and how long families wait for a first contact and for their
evaluation, from the requests' history (`StatusChange`).

- The first contact is a request's first step to "contacted" or any later step on the path (a
  family booked on the first call was reached); the evaluation its first step to "evaluated"
  or later. A reopened request counts its first of each.
- A wait is counted on the clinic's working clock (`working_days`: Monday to Friday in the
  clinic's time zone), as the time to reach a family is, so a figure can be read against it.
- "The last 30 days" are the requests first contacted (or evaluated) in the last 30 days: what
  the clinic did lately, whenever the request came in. A request waiting still is not in them;
  the open counts and the overdue count say how many wait.

Counts and medians only: no reference, no name, nothing about a child.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q

from wholechild.care.models import (
    EVALUATED_OR_LATER,
    FINISHED,
    REACHED,
    STATUS_PATH,
    ClinicSettings,
    EvaluationRequest,
    Urgency,
)
from wholechild.care.working_days import working_days_between

WINDOWS = (30, 90)
MEASURES = ("first_contact", "evaluated")
ALL = "all"


@dataclass(frozen=True)
class Median:
    """A median wait in working days, over `count` requests (None when there were none)."""

    days: float | None
    count: int


def open_requests() -> dict[str, Any]:
    """The open requests by status (in the order of the path) and urgency, with the totals:
    one query."""
    counted = (
        EvaluationRequest.objects.exclude(status__in=FINISHED)
        .values("status", "urgency")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(row["status"], row["urgency"]): row["n"] for row in counted}
    statuses = [status for status in STATUS_PATH if status not in FINISHED]
    rows = [
        {
            "status": status,
            "counts": [cells.get((status, urgency), 0) for urgency in Urgency],
            "total": sum(cells.get((status, urgency), 0) for urgency in Urgency),
        }
        for status in statuses
    ]
    totals = [sum(row["counts"][i] for row in rows) for i, _urgency in enumerate(Urgency)]
    return {"rows": rows, "totals": totals, "total": sum(totals)}


def overdue(clinic: ClinicSettings, now: datetime) -> int:
    """How many requests are not yet reached past their urgency's time."""
    return EvaluationRequest.objects.filter(clinic.overdue(now)).count()


def waits(now: datetime) -> dict[str, dict[str, dict[int, Median]]]:
    """The median working days from request to first contact and to evaluation, by urgency
    (and for all), over each window: `waits(now)["first_contact"]["urgent"][30]`. One query."""
    since = now - timedelta(days=max(WINDOWS))
    found = (
        EvaluationRequest.objects.annotate(
            first_contact=Min("history__at", filter=Q(history__to_status__in=REACHED)),
            evaluated=Min("history__at", filter=Q(history__to_status__in=EVALUATED_OR_LATER)),
        )
        .filter(Q(first_contact__gte=since) | Q(evaluated__gte=since))
        .values_list("urgency", "created_at", "first_contact", "evaluated")
    )
    samples: dict[tuple[str, str, int], list[float]] = {}
    for urgency, created_at, *moments in found:
        for measure, moment in zip(MEASURES, moments, strict=True):
            if moment is None:
                continue
            days = working_days_between(created_at, moment)
            for window in WINDOWS:
                if moment >= now - timedelta(days=window):
                    for group in (urgency, ALL):
                        samples.setdefault((measure, group, window), []).append(days)
    return {
        measure: {
            group: {
                window: _median(samples.get((measure, group, window), [])) for window in WINDOWS
            }
            for group in [*(u.value for u in Urgency), ALL]
        }
        for measure in MEASURES
    }


def _median(values: list[float]) -> Median:
    return Median(statistics.median(values) if values else None, len(values))


# --- The chart ------------------------------------------------------------------------------------

# The chart's own units (its SVG viewBox): the labels, then the bars' area, a row per group.
LABELS = 92
AREA = 236
ROW = 40
BAR = 13


def chart(
    figures: dict[str, dict[int, Median]], targets: dict[str, int] | None = None
) -> dict[str, Any]:
    """One measure's medians as a small bar chart: a row per urgency (and all), a bar per
    window, the longest median (or farthest target) filling the area, and a mark where each
    urgency's target falls. The template draws it in SVG, on the server: no script."""
    targets = targets or {}
    groups = [*(u.value for u in Urgency), ALL]
    longest = max(
        [m.days for g in groups for m in figures[g].values() if m.days is not None]
        + [float(days) for days in targets.values()]
        + [1.0]
    )

    def x(days: float) -> float:
        return round(LABELS + AREA * days / longest, 1)

    rows = []
    for index, group in enumerate(groups):
        top = index * ROW + 4
        target = targets.get(group)
        bars = []
        for offset, window in enumerate(WINDOWS):
            median = figures[group][window]
            end = x(median.days or 0)
            # The figure is written after its bar, or after the target's mark when that is
            # just beyond the bar, so the two never cross.
            mark = x(target) if target is not None else None
            after = mark if mark is not None and end - 2 <= mark <= end + 40 else end
            bars.append(
                {
                    "window": window,
                    "days": median.days,
                    "count": median.count,
                    "y": top + offset * (BAR + 2),
                    "end": after,
                    "width": round(end - LABELS, 1),
                }
            )
        rows.append(
            {
                "group": group,
                "label": Urgency(group).label if group != ALL else None,
                "label_y": top + BAR + 1,
                "bars": bars,
                "target": x(target) if target is not None else None,
                "target_days": target,
                "target_top": top - 2,
                "target_bottom": top + 2 * BAR + 4,
            }
        )
    return {
        "rows": rows,
        "width": LABELS + AREA + 36,
        "height": len(groups) * ROW + 4,
        "labels": LABELS,
    }


def targets(clinic: ClinicSettings) -> dict[str, int]:
    """The working days the clinic gives itself to reach a family, by urgency."""
    return {urgency.value: clinic.reach_within_days(urgency) for urgency in Urgency}
