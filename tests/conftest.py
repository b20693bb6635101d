"""Shared test set-up: the worked examples, and running the `wholechild` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLES_DIR = Path(__file__).parent / "examples"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `worked_example` runs once per case in tests/examples."""
    if "worked_example" in metafunc.fixturenames:
        paths = sorted(EXAMPLES_DIR.glob("*.json"))
        assert paths, f"no worked examples in {EXAMPLES_DIR}"
        metafunc.parametrize(
            "worked_example",
            [json.loads(path.read_text()) for path in paths],
            ids=[path.stem for path in paths],
        )


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """The environment for a subprocess: no WholeChild or Django settings, its own data dir.

    Tests add what they need, so the developer's settings and database are never touched.
    """
    names = {"DATABASE_URL", "REDIS_URL"}
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WHOLECHILD_")) and name not in names
    }
    env["WHOLECHILD_DATA_DIR"] = str(tmp_path / "var")
    return env


@pytest.fixture
def wholechild(environment: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m wholechild ARGS…` in a subprocess, as a program calling it would."""

    def run(
        *args: str, input: str | bytes = b"", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run(
            [sys.executable, "-m", "wholechild", *args],
            input=input.encode() if isinstance(input, str) else input,
            capture_output=True,
            env=environment if env is None else env,
            timeout=60,
            check=False,
        )
        return subprocess.CompletedProcess(
            completed.args,
            completed.returncode,
            completed.stdout.decode(),
            completed.stderr.decode(),
        )

    return run


@pytest.fixture
def largest_request() -> dict[str, Any]:
    """The biggest request the contract allows: every id, every milestone not yet done."""
    from wholechild.screening import largest_request

    return largest_request()


@pytest.fixture(scope="session")
def cast(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The clinic's cast (tests/cast.py), built once for the whole run and kept by every test:
    each test's changes are rolled back with its transaction."""
    from tests.cast import build_cast

    with django_db_blocker.unblock():
        return build_cast()


@pytest.fixture
def as_user(client: Any, db: None) -> Callable[[Any], Any]:
    """`as_user(cast.pt)`: the test client, signed in as that user (two-factor done)."""
    from tests.cast import sign_in

    return lambda user: sign_in(client, user)


@pytest.fixture(autouse=True)
def _clinic_settings_read_afresh() -> Iterator[None]:
    """Each test reads the clinic's settings from its own database: what a test before it saved
    (and rolled back) is not remembered (wholechild.web.clinic), nor a page drawn with them
    (wholechild.web.drawn)."""
    from wholechild.web import clinic, drawn

    clinic.forget()
    drawn.forget()
    yield
    clinic.forget()
    drawn.forget()


@pytest.fixture(autouse=True)
def _in_english_at_the_start() -> Iterator[None]:
    """Each test starts in English: Django's LocaleMiddleware activates a request's language in
    the thread and leaves it there, so a Spanish request in one test would carry into the next."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Django removes the SQLite test database at the end; its writers' lock file beside it
    (wholechild.care.sqlite) goes with it, so a run leaves nothing in the temporary folder."""
    from django.conf import settings

    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_name:
        Path(f"{test_name}-writers").unlink(missing_ok=True)
