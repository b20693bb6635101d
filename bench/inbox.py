"""`make bench`, the clinic's part: the inbox with 10 and with 10,000 requests.

A fresh SQLite database in a temporary folder (removed after), filled with bulk_create, then the
inbox page as the intake coordinator sees it: the number of database queries (target: the same
for both) and the median time to render the page (target: at most 3x, since only the page's 25
rows are rendered and the database does the sorting with an index).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

SIZES = (10, 10_000)
RUNS = 15


class Counter:
    """A database execute wrapper that keeps the SQL of every query."""

    def __init__(self, queries: list[str]) -> None:
        self.queries = queries

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.queries.append(sql)
        return execute(sql, params, many, context)


def main() -> int:
    folder = tempfile.mkdtemp(prefix="wholechild-bench-")
    try:
        return measure(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: str) -> int:
    os.environ["WHOLECHILD_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wholechild.settings"
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.utils import timezone

    from wholechild.care.models import URGENCY_RANK, EvaluationRequest, StaffProfile, Urgency

    # As Django's test runner does: keep one connection, so its queries can be counted.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    logging.getLogger("axes").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench-intake")
    StaffProfile.objects.create(user=user, role="intake")
    client = Client()
    client.force_login(user)
    client.get("/clinic/")

    def fill(upto: int) -> None:
        have = EvaluationRequest.objects.count()
        now = timezone.now()
        rows = []
        for n in range(have, upto):
            urgency = (Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE)[n % 3]
            rows.append(
                EvaluationRequest(
                    reference=f"B{n:07d}",
                    status_token_hash=f"t{n}",
                    submission_key_hash=f"k{n}",
                    body_digest="d",
                    urgency=urgency,
                    urgency_rank=URGENCY_RANK[urgency],
                    recommended="both",
                    parent_name=f"Bench Parent {n}",
                    child_first_name="Bench",
                    child_birth_date=date(2024, 1, 1),
                    preferred_language="English",
                    consent_at=now,
                    content_version="bench",
                    created_at=now - timedelta(minutes=n),
                    pt_evaluator=user if n % 2 else None,
                )
            )
        EvaluationRequest.objects.bulk_create(rows, batch_size=1000)

    print(f"inbox (intake coordinator), median of {RUNS} page loads:")
    figures = {}
    for size in SIZES:
        fill(size)
        queries: list[str] = []
        with connection.execute_wrapper(Counter(queries)):
            assert client.get("/clinic/").status_code == 200
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get("/clinic/")
            times.append((time.perf_counter() - start) * 1000)
        figures[size] = (len(queries), statistics.median(times))
        print(f"  {size:>6} requests: {len(queries):3d} queries, {figures[size][1]:7.1f} ms")
    (few_queries, few_ms), (many_queries, many_ms) = figures[SIZES[0]], figures[SIZES[1]]
    same = "OK" if few_queries == many_queries else "OVER"
    print(f"  queries {few_queries} and {many_queries} (target: the same) {same}")
    ratio = many_ms / few_ms
    print(f"  ratio {ratio:5.2f}x (target ≤ 3x) {'OK' if ratio <= 3 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
