"""`wholechild serve` under load: slow clients do not stall it, and its connection limit and
idle timeout are options (and WHOLECHILD_* settings) with safe defaults."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.server import request, serving


@contextmanager
def slow_clients(port: int, count: int) -> Iterator[list[socket.socket]]:
    """Clients on a very slow link: each has sent a request's first lines, and sends another
    header line only now and then (every 8 s, say), so the request is never complete."""
    clients = []
    try:
        for _ in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            clients.append(client)
        yield clients
    finally:
        for client in clients:
            client.close()


def test_a_hundred_and_ten_slow_clients_do_not_stall_it(environment: dict[str, str]) -> None:
    # Waitress's own default of 100 connections stalled here: everyone else waited.
    with serving(environment) as port, slow_clients(port, 110) as slow:
        answer = request(port, "GET", "/healthz", timeout=10)
        for client in slow:  # still connected, still waited for
            client.sendall(b"X-Slow: 1\r\n")
        again = request(port, "GET", "/healthz", timeout=10)

    assert answer.status == 200
    assert again.status == 200


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_connection_limit_is_the_one_given(environment: dict[str, str], how: str) -> None:
    options: tuple[str, ...] = ("--connection-limit", "20")
    if how == "environment":
        environment["WHOLECHILD_CONNECTION_LIMIT"] = "20"
        options = ()

    with serving(environment, *options) as port:
        with slow_clients(port, 25), pytest.raises(TimeoutError):  # waiting to be accepted
            request(port, "GET", "/healthz", timeout=3)
        answer = request(port, "GET", "/healthz", timeout=10)

    assert answer.status == 200  # accepted again once the slow ones went


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_connection_that_sends_nothing_is_closed_after_the_idle_timeout(
    environment: dict[str, str], how: str
) -> None:
    options: tuple[str, ...] = ("--idle-timeout", "2")
    if how == "environment":
        environment["WHOLECHILD_IDLE_TIMEOUT"] = "2"
        options = ()

    with (
        serving(environment, *options) as port,
        socket.create_connection(("127.0.0.1", port), timeout=15) as idle,
    ):
        idle.sendall(b"GET /healthz HTTP/1.1\r\n")
        started = time.monotonic()
        closed = idle.recv(1)
        waited = time.monotonic() - started

    assert closed == b""
    assert 1 < waited < 10  # the default, 30 s, would have kept it open


@pytest.mark.parametrize("option", ["--connection-limit", "--idle-timeout"])
@pytest.mark.parametrize("value", ["0", "lots"])
def test_it_refuses_a_limit_that_is_not_a_positive_number(
    wholechild: Any, option: str, value: str
) -> None:
    result = wholechild("serve", option, value)

    assert result.returncode == 2
    assert option in result.stderr


@pytest.mark.parametrize("name", ["WHOLECHILD_CONNECTION_LIMIT", "WHOLECHILD_IDLE_TIMEOUT"])
def test_it_names_a_setting_that_is_not_a_number(
    wholechild: Any, environment: dict[str, str], name: str
) -> None:
    result = wholechild("serve", env={**environment, name: "lots"})

    assert result.returncode == 1
    assert result.stderr.startswith(f"wholechild: {name} must be a whole number")


@pytest.mark.parametrize("name", ["WHOLECHILD_CONNECTION_LIMIT", "WHOLECHILD_IDLE_TIMEOUT"])
def test_it_refuses_a_setting_of_zero_before_touching_the_database(
    wholechild: Any, environment: dict[str, str], name: str
) -> None:
    result = wholechild("serve", env={**environment, name: "0"})

    assert result.returncode == 2
    assert name in result.stderr
    assert not Path(environment["WHOLECHILD_DATA_DIR"]).exists()
