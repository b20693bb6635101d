"""`make bench`, the clinic's part: the inbox with 10 and with 10,000 requests, and at a clinic
network's scale on PostgreSQL.

By default, a fresh SQLite database in a temporary folder (removed after), filled with
bulk_create, then the inbox page as the intake coordinator sees it: the number of database
queries (target: the same for both) and the median time to render the page (target: at most
3x, since only the page's 25 rows are rendered and the database does the sorting with an
index), with the first page beside the last.

When BENCH_DATABASE_URL (or DATABASE_URL) names a PostgreSQL server: a scratch database
`wholechild_bench` on it (dropped after), filled in SQL with a million requests
(BENCH_INBOX_REQUESTS), most of them finished as a network's are after some years; then the
first, a middle and the last page of the inbox (target: every page within 2x of the first),
the search by a parent's name, a phone number, an email and a reference (target: under 50 ms),
and the views' counts, each the median of several page loads. It prints and never fails.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from typing import Any

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
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    folder = tempfile.mkdtemp(prefix="wholechild-bench-")
    try:
        if url.startswith(("postgres://", "postgresql://")):
            return at_scale(url, folder)
        return measure(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def median_ms(call: Any, runs: int = RUNS) -> float:
    call()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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
    first_ms = median_ms(lambda: client.get("/clinic/"))
    last_ms = median_ms(lambda: client.get("/clinic/", {"page": "last"}))
    print(
        f"  {SIZES[1]:>6} requests: first page {first_ms:.1f} ms, last page {last_ms:.1f} ms,"
        f" ratio {last_ms / first_ms:.2f}x (target ≤ 2x)",
        "OK" if last_ms <= 2 * first_ms else "OVER",
    )
    return 0


# --- At a network's scale, on PostgreSQL ---------------------------------------------------------

SCALE = int(os.environ.get("BENCH_INBOX_REQUESTS", 1_000_000))
OPEN_SHARE = 0.05  # the newest twentieth is still open; a few older children are in therapy
BENCH_DATABASE = "wholechild_bench"
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hugo",
    "Ines",
    "Jamal",
    "Kai",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavi",
    "Yara",
    "Zane",
    "Amir",
    "Bea",
    "Cleo",
    "Dara",
    "Emil",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lila",
    "Milo",
    "Noor",
    "Oskar",
    "Pia",
    "Raf",
    "Sofia",
    "Theo",
    "Ula",
    "Vera",
    "Will",
    "Yusuf",
    "Zoe",
]
SURNAMES = [
    "Garcia",
    "Smith",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Silva",
    "Murphy",
    "Rossi",
    "Novak",
    "Hansen",
    "Cohen",
    "Dubois",
    "Moreau",
    "Schmidt",
    "Ivanova",
    "Popescu",
    "Yilmaz",
    "Khan",
    "Patel",
    "Chen",
    "Wang",
    "Kim",
    "Park",
    "Lopez",
    "Diaz",
    "Torres",
    "Ramos",
    "Cruz",
    "Reyes",
    "Morales",
    "Ortiz",
    "Gomez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Rojas",
    "Mendoza",
]
CHILDREN = [
    "Leo",
    "Mia",
    "Noah",
    "Ava",
    "Ezra",
    "Ivy",
    "Luca",
    "Maya",
    "Otis",
    "Ruby",
    "Sol",
    "Theo",
    "Wren",
    "Zara",
    "Arlo",
    "Elsie",
]


def at_scale(url: str, folder: str) -> int:
    import psycopg

    base = url.rpartition("/")[0]
    admin = psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1))
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ["DATABASE_URL"] = f"{base}/{BENCH_DATABASE}"
    os.environ["WHOLECHILD_DATA_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "wholechild.settings"
    os.environ.pop("DJANGO_ENV", None)
    try:
        return measure_at_scale()
    finally:
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        admin.close()


def fill_in_sql(size: int, therapist: int, screening: str, answer: str) -> None:
    """`size` requests in one INSERT … SELECT over generate_series, with the indexes other
    than the unique ones dropped first and built again after (far faster than keeping them up
    to date row by row). The search text is made as wholechild.care.search makes it."""
    from django.db import connection

    table = "clinic_evaluationrequest"
    open_rows = int(size * OPEN_SHARE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            f"""
            INSERT INTO {table} (
                reference, fhir_id, status_token_hash, submission_key_hash, body_digest, source,
                created_at, status, status_changed_at, closed_reason, urgency, urgency_rank,
                recommended, parent_name, email, phone, child_first_name, child_birth_date,
                born_early, preferred_language, best_time_to_call, consent_at,
                screening_request, screening_answer, content_version, search_text,
                pt_evaluator_id, ot_evaluator_id
            )
            SELECT reference, md5('f' || n), md5('t' || n), md5('k' || n), 'd', 'web',
                created, status, created + interval '3 days', '', urgency, rank,
                'both', parent, email, phone, child, date '2022-01-01' + (n %% 1500), '',
                'English', '', created, %(screening)s::jsonb, %(answer)s::jsonb, 'bench',
                concat_ws(E'\n', regexp_replace(phone, '[^0-9]', '', 'g'), lower(reference),
                    lower(parent), lower(child), lower(email)),
                CASE WHEN n %% 40 = 0 THEN %(therapist)s END, NULL
            FROM (
                SELECT n,
                    'B' || lpad(n::text, 7, '0') AS reference,
                    now() - make_interval(mins => n) AS created,
                    (ARRAY['urgent', 'soon', 'routine'])[n %% 3 + 1] AS urgency,
                    n %% 3 AS rank,
                    CASE
                        WHEN n <= %(open_rows)s THEN (ARRAY['new', 'contacted',
                            'evaluation-booked', 'evaluated', 'in-therapy'])[n %% 5 + 1]
                        WHEN n %% 997 = 0 THEN 'in-therapy'
                        ELSE (ARRAY['closed', 'discharged', 'withdrawn'])[n %% 3 + 1]
                    END AS status,
                    (%(first)s::text[])[n %% %(firsts)s + 1] || ' '
                        || (%(last)s::text[])[(n / %(firsts)s) %% %(lasts)s + 1] AS parent,
                    lower((%(first)s::text[])[n %% %(firsts)s + 1]) || '.' || n
                        || '@example.org' AS email,
                    '(555) ' || lpad(((n::bigint * 7919) %% 10000000)::text, 7, '0') AS phone,
                    (%(children)s::text[])[n %% %(kids)s + 1] AS child
                FROM generate_series(1, %(size)s) AS n
            ) AS made
            """,
            {
                "screening": screening,
                "answer": answer,
                "therapist": therapist,
                "open_rows": open_rows,
                "first": FIRST_NAMES,
                "firsts": len(FIRST_NAMES),
                "last": SURNAMES,
                "lasts": len(SURNAMES),
                "children": CHILDREN,
                "kids": len(CHILDREN),
                "size": size,
            },
        )
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")


def measure_at_scale() -> int:
    import django

    django.setup()
    import json
    import logging

    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client

    from wholechild.care import actions
    from wholechild.care.models import EvaluationRequest, StaffProfile
    from wholechild.clinic.records import selectors

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    logging.getLogger("axes").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    user = get_user_model().objects.create_user("bench-intake")
    StaffProfile.objects.create(user=user, role="intake")
    therapist = get_user_model().objects.create_user("bench-pt")
    StaffProfile.objects.create(user=therapist, role="pt")
    # One request sent as a family sends it, for real snapshots to copy into the rest.
    sent = actions.do_submit_request(
        details={
            "parent_name": "Bench Family",
            "email": "bench@example.org",
            "phone": "",
            "child_first_name": "Bench",
            "child_birth_date": date(2024, 3, 1),
            "preferred_language": "English",
            "best_time_to_call": "",
        },
        screening={"age_months": 20, "milestones": {"walks-alone": "not-yet"}},
        submission_key="bench-inbox",
        notify=False,
    ).request
    started = time.perf_counter()
    fill_in_sql(
        SCALE,
        therapist.pk,
        json.dumps(sent.screening_request),
        json.dumps(sent.screening_answer),
    )
    size = len(json.dumps(sent.screening_request)) + len(json.dumps(sent.screening_answer))
    print(
        f"inbox at scale: PostgreSQL {version}, {SCALE:,} requests"
        f" ({OPEN_SHARE:.0%} open, snapshots of {size:,} bytes each),"
        f" filled in {time.perf_counter() - started:.0f} s"
    )
    sample = EvaluationRequest.objects.get(reference="B0000123")
    assert sample.search_text == sample.make_search_text(), "the SQL search text is not save()'s"

    client = Client()
    client.force_login(user)

    def page_ms(view: str, page: str | None = None) -> float:
        query = {"view": view, **({"page": page} if page else {})}
        return median_ms(lambda: client.get("/clinic/", query))

    def middle_cursor(view: str) -> str:
        found = selectors.inbox_requests(user, {}, selectors.INBOX_VIEWS[view])
        ordered = found.order_by(
            *selectors._walk_order(selectors.INBOX_VIEWS[view], backwards=False)
        )
        row = ordered[found.count() // 2]
        keys = selectors._sort_keys(row, selectors.INBOX_VIEWS[view])
        return selectors._cursor(selectors.AFTER, keys)

    print(f"  pages, median of {RUNS} page loads (target: every page within 2x of the first):")
    for view in ("needs-action", "open", "finished"):
        first = page_ms(view)
        middle = page_ms(view, middle_cursor(view))
        last = page_ms(view, selectors.LAST)
        worst = max(middle, last) / first
        print(
            f"    {view:<13} first {first:6.1f} ms, middle {middle:6.1f} ms, last {last:6.1f} ms;"
            f" last/first {last / first:4.2f}x {'OK' if worst <= 2 else 'OVER'}"
        )

    print(f"  search, median of {RUNS} (target: the search's query under 50 ms):")
    filters = dict(selectors.forms.INBOX_DEFAULTS)
    open_view = selectors.INBOX_VIEWS["open"]
    # An open request from the middle of the open ones, searched for as staff would type it.
    wanted = EvaluationRequest.objects.get(reference=f"B{int(SCALE * OPEN_SHARE) // 2 + 7:07d}")
    digits = "".join(char for char in wanted.phone if char.isdigit())
    for what, typed in (
        ("a parent's name", wanted.parent_name.upper()),
        ("part of a surname", wanted.parent_name.split()[-1][:5].lower()),
        ("a phone number", f"{digits[3:6]}-{digits[6:]}"),
        ("an email", wanted.email.split("@")[0]),
        ("a reference, no dash", wanted.reference.lower()),
        ("a reference, typed", f"{wanted.reference[:4]} {wanted.reference[4:]}"),
    ):
        searched = {**filters, "search": typed}
        query_ms = median_ms(lambda s=searched: selectors.inbox_page(user, s, open_view, None))
        counts_ms = median_ms(lambda s=searched: selectors.view_counts(user, s))
        client.post("/clinic/?view=open", searched)
        whole_ms = median_ms(lambda: client.get("/clinic/", {"view": "open"}))
        found = len(selectors.inbox_page(user, searched, open_view, None).requests)
        print(
            f"    {what:<22} {query_ms:6.1f} ms for the page's rows ({found:2d} found),"
            f" {counts_ms:6.1f} ms its counts, {whole_ms:6.1f} ms the whole page"
            f" {'OK' if query_ms < 50 else 'OVER'}"
        )
    client.post("/clinic/?view=open", {"clear": "1"})
    counts_ms = median_ms(lambda: selectors.view_counts(user, filters))
    counts = selectors.view_counts(user, filters)
    shown = ", ".join(f"{slug} {count.shown}" for slug, count in counts.items())
    print(f"  counts of every view: {counts_ms:.1f} ms ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
