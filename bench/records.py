"""`make bench`, the records at a clinic network's scale: the audit log's filters at 100,000
events, and the retention rule's purge.

A fresh database, SQLite in a temporary folder (removed after) or a scratch database on the
PostgreSQL server DATABASE_URL names, filled with bulk_create. Each figure is printed beside
the way it was done before, measured here on the same rows, and beside its floor:

- the audit log filtered to one day: as a range of instants now (target under 1 ms, as a bare
  indexed range is), against `at__date` before (a Python function per row on SQLite);
- filtered by who did it and by what about, in any case: from the indexes on UPPER(…) now,
  against `iexact` before;
- the purge of expired requests, each with a status change and a note: a few hundred to a
  transaction now (queries per request, time per request, and a million's projected time),
  against one transaction and eight queries per request before (measured on a thousand).

It prints and never fails. BENCH_AUDIT_EVENTS and BENCH_PURGE_REQUESTS change the sizes.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", 100_000))
PURGE = int(os.environ.get("BENCH_PURGE_REQUESTS", 20_000))
PURGE_BEFORE = 1_000  # the old way, one at a time, on this many
RUNS = 9


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def best_ms(call: Callable[[], object], runs: int = RUNS) -> float:
    """The median of `runs` calls, after one to warm the caches, in milliseconds."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


@contextmanager
def scratch_database(folder: str) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ.pop("DATABASE_URL", None)
        yield "SQLite"
        return
    import psycopg

    name = f"wholechild_bench_records_{os.getpid()}"
    base = url.rpartition("/")[0]
    admin = psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1))
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    try:
        version = admin.execute("SHOW server_version").fetchone()
        yield f"PostgreSQL {version[0] if version else ''}".strip()
    finally:
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def main() -> int:
    folder = tempfile.mkdtemp(prefix="wholechild-bench-records-")
    os.environ["WHOLECHILD_DATA_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "wholechild.settings"
    os.environ.pop("DJANGO_ENV", None)
    try:
        with scratch_database(folder) as kind:
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            print(f"records: {kind}")
            audit_log()
            purge()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


# --- The audit log ---------------------------------------------------------------------------


def audit_log() -> None:
    from django.db.models import QuerySet

    from wholechild.care.models import AuditAction, AuditEvent
    from wholechild.clinic.administration.forms import AuditFilterForm
    from wholechild.clinic.administration.views import _filtered_events

    start = datetime(2026, 1, 1, tzinfo=UTC)
    spacing = timedelta(days=365) / EVENTS  # a year of a busy clinic network
    actions = list(AuditAction)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                at=start + spacing * n,
                actor_id=n % 40,
                actor_name=f"staff-{n % 40}",
                action=actions[n % len(actions)],
                target=f"R{n % 5000:04d}-X{n % 7}",
                detail="bench",
            )
            for n in range(EVENTS)
        ),
        batch_size=2000,
    )
    day = date(2026, 6, 1)

    def page(events: QuerySet[AuditEvent]) -> Callable[[], object]:
        # What the page reads: how many there are (for the pages), and the first fifty.
        return lambda: (events.count(), list(events.order_by("-at", "-pk")[:50]))

    def now(**filters: str) -> QuerySet[AuditEvent]:
        form = AuditFilterForm(filters)
        assert form.is_valid(), form.errors
        return _filtered_events(form)

    every = AuditEvent.objects.all()
    day_start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    floor = best_ms(page(every.filter(at__gte=day_start, at__lt=day_start + timedelta(days=1))))
    rows = [
        (
            f"one day ({now(date_from=str(day), date_to=str(day)).count()} events)",
            now(date_from=str(day), date_to=str(day)),
            every.filter(at__date__gte=day, at__date__lte=day),
        ),
        (
            f"who did it ({now(actor='STAFF-7').count()} events)",
            now(actor="STAFF-7"),
            every.filter(actor_name__iexact="STAFF-7"),
        ),
        (
            f"what about ({now(target='r0042-x0').count()} events)",
            now(target="r0042-x0"),
            every.filter(target__iexact="r0042-x0"),
        ),
    ]
    print(
        f"  the audit log, {EVENTS:,} events, a page (its count and its fifty rows), median "
        f"of {RUNS}; the floor is a bare range on the indexed time, {floor:.2f} ms:"
    )
    for name, current, before in rows:
        mine, theirs = best_ms(page(current)), best_ms(page(before))
        target = "   (target < 1 ms) " + ("OK" if mine < 1 else "OVER") if "day" in name else ""
        print(
            f"    {name:28} {mine:8.2f} ms now, {theirs:8.2f} ms before "
            f"({theirs / mine:5.0f}x faster; {mine / floor:4.1f}x the floor){target}"
        )


# --- Retention ---------------------------------------------------------------------------------


def fill_expired(count: int, prefix: str) -> list[int]:
    from django.utils import timezone

    from wholechild.care.models import (
        URGENCY_RANK,
        EvaluationRequest,
        Note,
        Status,
        StatusChange,
        Urgency,
    )

    long_ago = timezone.now() - timedelta(days=200)
    made = EvaluationRequest.objects.bulk_create(
        (
            EvaluationRequest(
                reference=f"{prefix}{n:07d}",
                status_token_hash=f"{prefix}t{n}",
                submission_key_hash=f"{prefix}k{n}",
                body_digest="d",
                urgency=Urgency.ROUTINE,
                urgency_rank=URGENCY_RANK[Urgency.ROUTINE],
                recommended="pt",
                parent_name="",
                child_first_name="",
                child_birth_date=date(2024, 1, 1),
                preferred_language="",
                consent_at=long_ago,
                content_version="bench",
                created_at=long_ago,
                status=Status.CLOSED if n % 2 else Status.WITHDRAWN,
                status_changed_at=long_ago,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    pks = [request.pk for request in made]
    if None in pks:  # databases that do not return the new keys
        pks = list(
            EvaluationRequest.objects.filter(reference__startswith=prefix).values_list(
                "pk", flat=True
            )
        )
    StatusChange.objects.bulk_create(
        (StatusChange(request_id=pk, to_status=Status.NEW, at=long_ago) for pk in pks),
        batch_size=2000,
    )
    Note.objects.bulk_create(
        (Note(request_id=pk, text="bench", author_name="bench") for pk in pks), batch_size=2000
    )
    return pks


def purge() -> None:
    from django.core.management import call_command
    from django.db import connection

    from wholechild.care import actions
    from wholechild.care.models import AuditAction, AuditEvent, EvaluationRequest

    fill_expired(PURGE_BEFORE, "OLD")
    counter = Counter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        for evaluation in EvaluationRequest.objects.filter(reference__startswith="OLD"):
            actions.do_purge(evaluation, days=90)
    before_each = (time.perf_counter() - started) / PURGE_BEFORE * 1e3
    before_queries = counter.count / PURGE_BEFORE

    fill_expired(PURGE, "NEW")
    counter = Counter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("purge_requests", stdout=open(os.devnull, "w"))  # noqa: SIM115
    took = time.perf_counter() - started
    left = EvaluationRequest.objects.filter(reference__startswith="NEW").count()
    audited = AuditEvent.objects.filter(
        action=AuditAction.RECORD_DELETED, target__startswith="NEW"
    ).count()
    each = took / PURGE * 1e3
    print(
        f"  the purge, {PURGE:,} expired requests (a status change and a note each), "
        f"{left} left, {audited:,} deletions audited:"
    )
    print(
        f"    now:    {took:7.2f} s, {each:6.3f} ms and {counter.count / PURGE:5.2f} queries a "
        f"request; a million in about {each * 1e6 / 1e3 / 60:5.1f} min"
    )
    print(
        f"    before: {before_each:6.3f} ms and {before_queries:5.2f} queries a request, one "
        f"transaction each (on {PURGE_BEFORE:,}); a million in about "
        f"{before_each * 1e6 / 1e3 / 60:5.1f} min   ({before_each / each:4.1f}x faster now)"
    )


if __name__ == "__main__":
    sys.exit(main())
