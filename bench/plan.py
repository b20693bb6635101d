"""`make bench`, the plan's part: a long plan, 60 goals with 20 levels each (recorded on 400
visits), as the PT opens it.

A fresh SQLite database in a temporary folder (removed after), filled with the actions, and
DEBUG off as in production (templates read once, no query kept). It
prints the plan page's database queries, its median time over a few loads and its size, beside
what issue 13 measured before the plan was rebuilt (130 ms and 451 KB, every form on the page
and every level listed), and the same for one goal's own page, which lists all its levels, and
for the family's status page of the same plan (target for both plan pages: under 40 ms).
It prints and never fails: timings are for people to read.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

GOALS = int(os.environ.get("BENCH_PLAN_GOALS", 60))
LEVELS = int(os.environ.get("BENCH_PLAN_LEVELS", 20))
RUNS = 9
BEFORE_MS, BEFORE_KB = 130, 451


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
    # As a clinic runs it: DEBUG off, so templates are read once and no query is kept.
    os.environ["DJANGO_DEBUG"] = "no"
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client

    from tests.cast import HANDWRITING, family_details
    from wholechild.care import actions
    from wholechild.care.models import Discipline, GoalDiscipline, StaffProfile, Status

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    logging.getLogger("axes").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    pt = get_user_model().objects.create_user("bench-pt", first_name="Pat")
    StaffProfile.objects.create(user=pt, role="pt")
    sent = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="bench", notify=False
    )
    evaluation = sent.request
    evaluation.pt_evaluator = pt
    evaluation.status = Status.EVALUATED
    evaluation.save(update_fields=["pt_evaluator", "status"])
    actions.do_start_plan(evaluation, by=pt)
    words = {
        "level_much_less": "Two steps holding a hand",
        "level_less": "Five steps holding a hand",
        "level_expected": "Ten steps alone",
        "level_more": "Fifteen steps alone",
        "level_much_more": "Twenty steps alone, turning",
    }
    whose = (Discipline.PT, GoalDiscipline.BOTH)
    goals = [
        actions.do_add_goal(
            evaluation,
            discipline=whose[n % 2],
            text=f"Goal {n}: walks ten steps on their own across the playroom",
            baseline="Walks two steps holding one hand",
            measure="Steps walked without help, best of three tries",
            target_date=date.today() + timedelta(weeks=24),
            by=pt,
            **words,
        )
        for n in range(GOALS)
    ]
    start = date.today() - timedelta(days=LEVELS * 7)
    per_visit = 3
    for week in range(LEVELS):
        for first in range(0, GOALS, per_visit):
            chunk = goals[first : first + per_visit]
            actions.do_record_visit(
                evaluation,
                on=start + timedelta(days=week * 7),
                discipline=Discipline.PT,
                attendance="attended",
                worked_on="Walking",
                levels={goal.pk: min(2, -2 + week // 5) for goal in chunk},
                by=pt,
            )
    client = Client()
    client.force_login(pt)
    plan_url = f"/clinic/requests/{evaluation.reference}/plan/"
    goal_url = f"{plan_url}goals/{goals[0].pk}/"
    family_url = f"/status/{sent.status_token}/"
    print(f"plan of {GOALS} goals x {LEVELS} levels, as the PT opens it, median of {RUNS} loads:")
    pages = (("plan page", plan_url), ("a goal's own page", goal_url), ("family page", family_url))
    for name, url in pages:
        queries: list[str] = []
        with connection.execute_wrapper(Counter(queries)):
            page = client.get(url)
        assert page.status_code == 200, page.status_code
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        ms, kb = statistics.median(times), len(page.content) / 1024
        line = f"  {name:<18} {len(queries):3d} queries, {ms:7.1f} ms, {kb:6.0f} KB"
        if name == "plan page":
            line += f"   (before: {BEFORE_MS} ms, {BEFORE_KB} KB: {ms / BEFORE_MS:.2f}x and"
            line += f" {kb / BEFORE_KB:.2f}x of them)"
        print(line)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
