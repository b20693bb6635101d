"""`wholechild serve` in a subprocess, for the tests that need a real server and real sockets."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@contextmanager
def serving(environment: dict[str, str], *options: str) -> Iterator[int]:
    """Run `wholechild serve --port 0 OPTIONS…`; the port it listens on, while it runs."""
    with started(environment, "--port", "0", *options) as (_server, port, _banner):
        yield port


@contextmanager
def started(
    environment: dict[str, str], *options: str
) -> Iterator[tuple[subprocess.Popen[str], int, str]]:
    """Run `wholechild serve OPTIONS…`; its process, its port and the line it printed."""
    # Its log goes to a file: a pipe nobody reads fills up and stalls the server.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "wholechild", "serve", *options],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=environment,
        )
        try:
            assert server.stdout is not None
            banner = server.stdout.readline()
            address = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
            if not address:
                server.wait(timeout=30)
                log.seek(0)
                raise AssertionError(banner + log.read())
            # Read what it prints from now on (the console's emails, locally), so that it
            # never waits on a full pipe.
            threading.Thread(target=server.stdout.read, daemon=True).start()
            yield server, int(address[1]), banner
        finally:
            server.terminate()
            server.wait(timeout=10)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(port: int, method: str, path: str, *, timeout: float = 30, **options: Any) -> Answer:
    """One request on a connection of its own, and its answer, read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, **options)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def evaluation_request(number: int) -> str:
    """The JSON body of a family's request to `POST /api/v1/evaluation-requests`."""
    return json.dumps(
        {
            "screening": {"age_months": 20, "milestones": {"walks-alone": "not-yet"}},
            "parent_name": f"Parent {number}",
            "phone": "555 0100",
            "child_first_name": "Mia",
            "child_birth_date": "2025-03-14",
            "preferred_language": "English",
            "consent": True,
        }
    )
