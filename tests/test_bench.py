"""`make bench`'s own parts: its floors are not the app's pages, and its record bench leaves
nothing behind. (The bench measures; no test here times anything.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).parent.parent


@pytest.mark.django_db
def test_the_hello_view_the_pages_are_measured_against_is_not_in_the_app(client: Client) -> None:
    assert client.get("/bench/hello").status_code == 404


def test_the_bench_site_is_the_app_with_the_hello_view_in_front() -> None:
    urls = (ROOT / "bench" / "bench_site" / "urls.py").read_text()
    settings = (ROOT / "bench" / "bench_site" / "settings.py").read_text()

    assert "from wholechild.urls import" in urls
    assert "from wholechild.settings import *" in settings


def run_bench(script: str, tmp_path: Path, **small: str) -> subprocess.CompletedProcess[str]:
    """Run a bench script on its own, outside the test settings, small, with its own temporary
    folder; it must succeed and leave that folder empty."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WHOLECHILD_")) and name != "DATABASE_URL"
    }
    result = subprocess.run(
        [sys.executable, script],
        cwd=ROOT,
        env={**environment, **small, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(temporary.iterdir()) == []
    return result


def test_the_records_bench_runs_and_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    result = run_bench(
        "bench/records.py", tmp_path, BENCH_AUDIT_EVENTS="3000", BENCH_PURGE_REQUESTS="300"
    )

    assert re.search(r"one day \(\d+ events\)", result.stdout)
    assert re.search(r"300 expired requests.*0 left, 300 deletions audited", result.stdout)


def test_the_plan_bench_runs_and_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    result = run_bench("bench/plan.py", tmp_path, BENCH_PLAN_GOALS="4", BENCH_PLAN_LEVELS="2")

    assert re.search(r"plan of 4 goals x 2 levels", result.stdout)
    assert re.search(r"plan page\s+\d+ queries", result.stdout)
