"""Nothing lost under faults: a real `wholechild serve` and `wholechild worker`, a concurrent
load of evaluation requests through the API (some replaying earlier Idempotency-Keys), and both
processes killed with SIGKILL mid-load and started again. Then every request that got a 201 is
stored exactly once, no replay made a second row, and every stored request's emails are each
delivered exactly once, by Message-ID, in Django's file email backend.

On SQLite always; on PostgreSQL when the suite runs on PostgreSQL (CI's second pass), in a
database of its own.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CLIENTS = 6
SENDS_PER_CLIENT = 24
REPLAY_EVERY = 4  # every fourth send repeats one of that client's earlier keys
WORKER_KILLS = 2
SCREENING = {"age_months": 84, "concerns": ["handwriting-scissors", "hand-skills"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Where the served app keeps its data: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield {"url": None, "path": tmp_path / "var" / "wholechild.sqlite3"}
        return
    if not on_postgresql():
        pytest.skip("runs in the suite's PostgreSQL pass (CI runs both)")
    import psycopg

    name = f"wholechild_faults_{os.getpid()}"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"url": f"postgres://postgres@127.0.0.1:5432/{name}", "path": None}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def query(database: dict[str, Any], sql: str) -> list[tuple[Any, ...]]:
    if database["url"] is None:
        with sqlite3.connect(database["path"], timeout=30) as connection:
            return list(connection.execute(sql))
    import psycopg

    with psycopg.connect(database["url"].replace("postgres://", "postgresql://")) as connection:
        return list(connection.execute(sql))


class Processes:
    """The served app and its worker, each started and killed at will."""

    def __init__(self, env: dict[str, str], port: int, logs: Path) -> None:
        self.env, self.port, self.logs = env, port, logs
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.started = 0

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        self.started += 1
        log = open(self.logs / f"{args[0]}-{self.started}.log", "wb")  # noqa: SIM115
        return subprocess.Popen(
            [sys.executable, "-m", "wholechild", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def start_server(self) -> None:
        self.server = self._start("serve", "--port", str(self.port), "--threads", "8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2).close()
                return
            except OSError:
                assert self.server.poll() is None, "the server stopped while starting"
                time.sleep(0.2)
        raise AssertionError("the server did not start in 60 s")

    def start_worker(self) -> None:
        self.worker = self._start("worker")

    def kill(self, which: str) -> None:
        process = getattr(self, which)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def processes(
    database: dict[str, Any], environment: dict[str, str], tmp_path: Path
) -> Iterator[Processes]:
    env = {
        **environment,
        "WHOLECHILD_WORKER_IN_SERVE": "no",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(tmp_path / "emails"),
        "WHOLECHILD_NOTIFY_EMAILS": "clinic@example.org",
        "WHOLECHILD_REQUEST_RATE_LIMIT": "1000000",
        "WHOLECHILD_EMAIL_LEASE_SECONDS": "2",
        "WHOLECHILD_WORKER_RECOVER_SECONDS": "1",
        "DJANGO_DEBUG": "no",
    }
    if database["url"]:
        env["DATABASE_URL"] = database["url"]
    logs = tmp_path / "logs"
    logs.mkdir()
    running = Processes(env, free_port(), logs)
    try:
        yield running
    finally:
        running.stop_all()


def send(port: int, key: str, body: dict[str, Any]) -> str | None:
    """One POST; the reference on a 201, None when the server was not there to answer."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/evaluation-requests",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            assert response.status == 201, response.status
            return str(json.load(response)["reference"])
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{key}: {error.code} {error.read()[:300]!r}") from None
    except (OSError, http.client.HTTPException):
        # Killed mid-request or mid-answer: a real client sends the same key again.
        return None


def client(port: int, number: int, answers: dict[str, list[str]], sent: Callable[[], None]) -> None:
    chooser = random.Random(number)
    keys: list[tuple[str, dict[str, Any]]] = []
    for send_number in range(SENDS_PER_CLIENT):
        if keys and send_number % REPLAY_EVERY == 0:
            key, body = chooser.choice(keys)
        else:
            key = f"fault-{number}-{send_number}"
            body = {
                "screening": SCREENING,
                "parent_name": f"Fault Parent {number}-{send_number}",
                "email": f"parent{number}-{send_number}@example.org",
                "child_first_name": "Robin",
                "child_birth_date": "2019-05-02",
                "preferred_language": "English",
                "consent": True,
            }
            keys.append((key, body))
        deadline = time.monotonic() + 120
        while (reference := send(port, key, body)) is None:
            assert time.monotonic() < deadline, f"{key} never got an answer"
            time.sleep(0.3)
        answers.setdefault(key, []).append(reference)
        sent()


def test_no_request_or_email_is_lost_or_doubled_when_the_server_and_worker_are_killed(
    processes: Processes, database: dict[str, Any], tmp_path: Path
) -> None:
    processes.start_server()
    processes.start_worker()
    answers: dict[str, list[str]] = {}
    count = [0]
    lock = threading.Lock()

    def sent() -> None:
        with lock:
            count[0] += 1

    errors: list[BaseException] = []

    def run_client(number: int) -> None:
        try:
            client(processes.port, number, answers, sent)
        except BaseException as error:  # a client that stops must fail the test, not vanish
            errors.append(error)

    threads = [threading.Thread(target=run_client, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    total = CLIENTS * SENDS_PER_CLIENT

    def when(fraction: float) -> None:
        while count[0] < total * fraction and any(thread.is_alive() for thread in threads):
            time.sleep(0.05)

    when(0.25)
    processes.kill("server")
    processes.start_server()
    when(0.45)
    processes.kill("worker")
    when(0.6)
    processes.start_worker()
    when(0.75)
    processes.kill("worker")
    processes.kill("server")
    processes.start_server()
    processes.start_worker()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    # Every key that got a 201 got the same reference every time, and is stored once.
    assert all(len(set(references)) == 1 for references in answers.values())
    acknowledged = {references[0] for references in answers.values()}
    stored = query(database, "SELECT reference FROM clinic_evaluationrequest")
    assert sorted(reference for (reference,) in stored) == sorted(acknowledged)

    # Every stored request's two emails are delivered once the worker has caught up.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pending = query(database, "SELECT COUNT(*) FROM clinic_message WHERE state <> 'sent'")
        if pending[0][0] == 0:
            break
        time.sleep(0.5)
    rows = query(database, "SELECT id, state FROM clinic_message")
    assert len(rows) == 2 * len(acknowledged)
    assert {state for _id, state in rows} == {"sent"}
    delivered = [
        line.split(":", 1)[1].strip()
        for path in (tmp_path / "emails").iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("Message-ID:")
    ]
    expected = {f"<wholechild-message-{message_id}@127.0.0.1>" for message_id, _state in rows}
    assert set(delivered) == expected  # every email delivered, none lost
    # Exactly once, but for the one window no mail system closes: a worker killed after the
    # backend took an email and before its commit recorded it (docs/messages.md). Each kill can
    # repeat at most the one email it was sending, and the copy has the same Message-ID.
    repeated = len(delivered) - len(expected)
    assert repeated <= WORKER_KILLS, f"{repeated} emails delivered twice"
