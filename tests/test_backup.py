"""`wholechild backup` while families keep sending requests, and `wholechild restore` into a
fresh place: every request stored before the backup began is back, with its history and its
audit trail, and nothing half-written is."""

from __future__ import annotations

import http.client
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.scratch_postgres import ON_POSTGRES, scratch_database
from tests.server import evaluation_request, serving

HEADERS = {"Content-Type": "application/json"}


@dataclass
class Load:
    """Families sending requests through the API from several threads, until stopped; the
    references of those stored (answered 201), in the order the answers came."""

    port: int
    threads: int = 4
    stored: list[str] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    def sent_so_far(self) -> list[str]:
        with self._lock:
            return list(self.stored)

    def _send(self, sender: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        number = 0
        while not self._stop.is_set():
            number += 1
            body = evaluation_request(sender * 100_000 + number)
            connection.request("POST", "/api/v1/evaluation-requests", body, HEADERS)
            response = connection.getresponse()
            answer = response.read()
            with self._lock:
                if response.status == 201:
                    self.stored.append(json.loads(answer)["reference"])
                else:
                    self.refused.append(response.status)
        connection.close()

    @contextmanager
    def running(self) -> Iterator[Load]:
        senders = [
            threading.Thread(target=self._send, args=(n,), daemon=True) for n in range(self.threads)
        ]
        for sender in senders:
            sender.start()
        try:
            yield self
        finally:
            self._stop.set()
            for sender in senders:
                sender.join(timeout=30)

    def wait_for(self, count: int) -> None:
        for _ in range(600):
            if len(self.sent_so_far()) >= count:
                return
            self._stop.wait(0.05)
        raise AssertionError(f"only {len(self.sent_so_far())} requests stored; {self.refused}")


@dataclass(frozen=True)
class Restored:
    """What the restored database holds, read straight from its tables."""

    references: dict[int, str]  # request id -> reference
    history: set[tuple[int, str]]  # (request id, status it moved to)
    audited: set[tuple[str, str]]  # (action, reference)


def read_restored(rows: Any) -> Restored:
    return Restored(
        references=dict(rows("SELECT id, reference FROM clinic_evaluationrequest")),
        history=set(rows("SELECT request_id, to_status FROM clinic_statuschange")),
        audited=set(rows("SELECT action, target FROM clinic_auditevent")),
    )


def sqlite_rows(path: Path) -> Any:
    def rows(query: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(path)) as database:
            return database.execute(query).fetchall()

    return rows


def postgres_rows(url: str) -> Any:
    import psycopg

    def rows(query: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(url) as database:
            return database.execute(query).fetchall()

    return rows


@contextmanager
def databases(kind: str, tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str], Any]]:
    """The settings to serve and back up from, the settings of a fresh place to restore into,
    and how to read the fresh one's tables."""
    if kind == "sqlite":
        fresh = tmp_path / "fresh"
        yield {}, {"WHOLECHILD_DATA_DIR": str(fresh)}, sqlite_rows(fresh / "wholechild.sqlite3")
        return
    with scratch_database() as served, scratch_database() as fresh_url:
        yield {"DATABASE_URL": served}, {"DATABASE_URL": fresh_url}, postgres_rows(fresh_url)


@pytest.mark.parametrize(
    "kind",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not ON_POSTGRES or shutil.which("pg_dump") is None,
                reason="PostgreSQL with pg_dump and pg_restore: CI's PostgreSQL pass runs it",
            ),
        ),
    ],
)
def test_a_backup_under_load_restores_every_request_stored_before_it_began(
    wholechild: Any, environment: dict[str, str], tmp_path: Path, kind: str
) -> None:
    environment.update(
        WHOLECHILD_REQUEST_RATE_LIMIT="1000000",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    backup_file = tmp_path / "wholechild.backup"
    with databases(kind, tmp_path) as (served, fresh, rows):
        environment.update(served)
        with serving(environment, "--threads", "4") as port, Load(port).running() as load:
            load.wait_for(20)
            before = load.sent_so_far()
            backed_up = wholechild("backup", str(backup_file))
            during = load.sent_so_far()
            load.wait_for(len(during) + 10)
        after_it = [reference for reference in load.stored if reference not in during]

        restored = wholechild("restore", str(backup_file), "--yes", env={**environment, **fresh})
        current = wholechild("manage", "migrate", "--check", env={**environment, **fresh})
        found = read_restored(rows)

    assert backed_up.returncode == 0, backed_up.stderr
    assert restored.returncode == 0, restored.stderr
    assert current.returncode == 0, current.stdout + current.stderr
    assert load.refused == []
    assert len(during) > len(before), "the requests kept coming while the backup ran"
    references = set(found.references.values())
    assert set(before) <= references
    assert not references & set(after_it), "the backup is the database at one moment"
    for request_id, reference in found.references.items():  # none of them half-written
        assert (request_id, "new") in found.history, reference
        assert ("request-received", reference) in found.audited, reference
    assert backup_file.stat().st_mode & 0o077 == 0, "only its owner may read a backup"


@pytest.fixture
def backup_file(wholechild: Any, environment: dict[str, str], tmp_path: Path) -> Path:
    """A backup of a freshly migrated SQLite database."""
    Path(environment["WHOLECHILD_DATA_DIR"]).mkdir(parents=True)
    migrated = wholechild("manage", "migrate", env=environment)
    assert migrated.returncode == 0, migrated.stderr
    file = tmp_path / "wholechild.backup"
    backed_up = wholechild("backup", str(file), env=environment)
    assert backed_up.returncode == 0, backed_up.stderr
    assert str(file) in backed_up.stdout
    return file


def fresh_place(environment: dict[str, str], tmp_path: Path) -> tuple[dict[str, str], Path]:
    fresh = tmp_path / "fresh"
    return {**environment, "WHOLECHILD_DATA_DIR": str(fresh)}, fresh / "wholechild.sqlite3"


@pytest.mark.parametrize("answer", ["no", "", "y"])
def test_restore_changes_nothing_unless_told_yes(
    wholechild: Any, environment: dict[str, str], tmp_path: Path, backup_file: Path, answer: str
) -> None:
    env, database = fresh_place(environment, tmp_path)

    result = wholechild("restore", str(backup_file), input=answer + "\n", env=env)

    assert result.returncode == 1
    assert "Type yes to restore it" in result.stdout
    assert "every request, plan and audit entry" in result.stdout
    assert "nothing was changed" in result.stderr
    assert not database.exists()


def test_restore_goes_ahead_when_told_yes(
    wholechild: Any, environment: dict[str, str], tmp_path: Path, backup_file: Path
) -> None:
    env, database = fresh_place(environment, tmp_path)

    result = wholechild("restore", str(backup_file), input="yes\n", env=env)

    assert result.returncode == 0, result.stderr
    assert database.exists()
    assert wholechild("manage", "migrate", "--check", env=env).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(
    wholechild: Any, environment: dict[str, str], tmp_path: Path
) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    env, database = fresh_place(environment, tmp_path)

    result = wholechild("restore", str(not_a_backup), "--yes", env=env)

    assert result.returncode == 1
    assert "is not a backup made by `wholechild backup`" in result.stderr
    assert not database.exists()


def test_restore_refuses_a_sqlite_backup_into_postgresql(
    wholechild: Any, environment: dict[str, str], backup_file: Path
) -> None:
    env = {**environment, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}

    result = wholechild("restore", str(backup_file), "--yes", env=env)

    assert result.returncode == 1
    assert "is a SQLite backup, but the database configured is PostgreSQL" in result.stderr


def test_backup_says_when_there_is_no_database_yet(
    wholechild: Any, environment: dict[str, str], tmp_path: Path
) -> None:
    result = wholechild("backup", str(tmp_path / "wholechild.backup"))

    assert result.returncode == 1
    assert "nothing to back up" in result.stderr
    assert not (tmp_path / "wholechild.backup").exists()
