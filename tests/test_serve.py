"""`wholechild serve` under load: slow clients do not stall it, and its connection limit and
idle timeout are options (and WHOLECHILD_* settings) with safe defaults."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.redis_server import REDIS_SERVER, RedisServer
from tests.server import request, serving, started
from wholechild import serving as server_processes


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


@pytest.mark.parametrize("option", ["--connection-limit", "--idle-timeout", "--workers"])
@pytest.mark.parametrize("value", ["0", "lots"])
def test_it_refuses_a_limit_that_is_not_a_positive_number(
    wholechild: Any, option: str, value: str
) -> None:
    result = wholechild("serve", option, value)

    assert result.returncode == 2
    assert option in result.stderr


@pytest.mark.parametrize(
    "name", ["WHOLECHILD_CONNECTION_LIMIT", "WHOLECHILD_IDLE_TIMEOUT", "WHOLECHILD_WORKERS"]
)
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


# --- Several processes, one per core in production ---------------------------------------------


def production(environment: dict[str, str], **more: str) -> dict[str, str]:
    return {
        **environment,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **more,
    }


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    if REDIS_SERVER is None:
        pytest.skip("needs redis-server: several processes keep their sessions in Redis")
    redis = RedisServer(tmp_path)
    redis.start()
    yield redis.url
    redis.stop()


def children_of(pid: int) -> set[int]:
    """The processes `pid` started, as Linux's /proc lists them."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("finds the server's processes in Linux's /proc")
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended while we looked
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # ended, and waiting for whoever adopted it to notice


def eventually(condition: Any, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", ["option", "environment"])
def test_more_than_one_process_needs_redis_and_it_says_why(
    wholechild: Any, environment: dict[str, str], how: str
) -> None:
    options: tuple[str, ...] = ("--workers", "2")
    if how == "environment":
        environment["WHOLECHILD_WORKERS"] = "2"
        options = ()

    result = wholechild("serve", *options, env=production(environment))

    assert result.returncode == 2
    assert "2 processes need REDIS_URL" in result.stderr
    assert "--workers 1" in result.stderr
    assert not Path(environment["WHOLECHILD_DATA_DIR"]).exists()  # refused before migrating


def test_in_production_it_serves_from_one_process_per_core(
    environment: dict[str, str], redis_url: str
) -> None:
    cores = server_processes.one_per_core()
    env = production(environment, REDIS_URL=redis_url, WHOLECHILD_TRUSTED_PROXY="127.0.0.1")
    https = {"X-Forwarded-Proto": "https"}

    with started(env, "--port", "0") as (server, port, banner):
        eventually(lambda: len(children_of(server.pid)) == (cores if cores > 1 else 0))
        processes = children_of(server.pid)
        answers = [request(port, "GET", "/api/v1/openapi.json", headers=https) for _ in range(8)]
        plain = request(port, "GET", "/api/v1/openapi.json")

    if cores > 1:
        assert f"by {cores} processes" in banner
        assert len(processes) == cores
    else:
        assert not processes
    assert {answer.status for answer in answers} == {200}
    assert plain.status == 301  # the proxy's X-Forwarded-Proto is believed in every process


def test_a_parent_keeps_their_answers_from_one_process_to_the_next(
    environment: dict[str, str], redis_url: str
) -> None:
    environment["REDIS_URL"] = redis_url

    with serving(environment, "--workers", "2") as port:
        form = request(port, "GET", "/check/age/")
        cookie = form.headers["Set-Cookie"].split(";")[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        assert token
        body = urlencode({"age-years": "1", "age-months": "8", "csrfmiddlewaretoken": token[1]})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        saved = request(port, "POST", "/check/age/", body=body, headers=headers)
        session = saved.headers["Set-Cookie"].split(";")[0]
        # Each on a connection of its own, so the two processes answer them between them.
        pages = [
            request(port, "GET", "/check/born-early/", headers={"Cookie": session})
            for _ in range(12)
        ]

    assert saved.status == 302
    assert {page.status for page in pages} == {200}  # never sent back to the age question


def test_behind_a_trusted_proxy_every_process_keeps_the_forwarded_and_the_peer_address(
    environment: dict[str, str], redis_url: str
) -> None:
    environment.update(REDIS_URL=redis_url, WHOLECHILD_TRUSTED_PROXY="127.0.0.1")

    def failed_sign_in(port: int, forwarded_for: str) -> int:
        page = request(port, "GET", "/clinic/sign-in/", headers={"X-Forwarded-For": forwarded_for})
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token
        body = {"username": "nobody", "password": "a guess 12345", "csrfmiddlewaretoken": token[1]}
        headers = {
            "X-Forwarded-For": forwarded_for,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": page.headers["Set-Cookie"].split(";")[0],
        }
        return request(
            port, "POST", "/clinic/sign-in/", body=urlencode(body), headers=headers
        ).status

    with serving(environment, "--workers", "2") as port:
        statuses = [failed_sign_in(port, said) for said in ("garbage", "203.0.113.7") * 2]

    with sqlite3.connect(Path(environment["WHOLECHILD_DATA_DIR"]) / "wholechild.sqlite3") as db:
        audited = db.execute(
            "SELECT ip_address FROM clinic_auditevent WHERE action = 'sign-in-failed' ORDER BY id"
        ).fetchall()
    assert statuses == [200] * 4
    assert audited == [("127.0.0.1",), ("203.0.113.7",)] * 2


def test_a_server_process_that_stops_is_started_again(
    environment: dict[str, str], redis_url: str
) -> None:
    environment["REDIS_URL"] = redis_url

    with started(environment, "--port", "0", "--workers", "2") as (server, port, _banner):
        assert eventually(lambda: len(children_of(server.pid)) == 2)
        before = children_of(server.pid)
        killed = min(before)
        os.kill(killed, signal.SIGKILL)
        replaced = eventually(lambda: len(children_of(server.pid) - {killed}) == 2)
        answers = [request(port, "GET", "/healthz").status for _ in range(6)]

    assert len(before) == 2
    assert replaced
    assert answers == [200] * 6


def test_when_the_server_is_killed_its_processes_stop_too(
    environment: dict[str, str], redis_url: str
) -> None:
    environment["REDIS_URL"] = redis_url
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])

    with started(environment, "--port", port, "--workers", "2") as (server, _port, _banner):
        assert eventually(lambda: len(children_of(server.pid)) == 2)
        processes = children_of(server.pid)
        server.kill()  # SIGKILL: no chance to stop them
        server.wait(timeout=10)
        stopped = eventually(lambda: not any(running(pid) for pid in processes))
    # So the next start can listen on the same port.
    with started(environment, "--port", port, "--workers", "2") as (_server, again, _banner):
        answer = request(again, "GET", "/healthz")

    assert len(processes) == 2
    assert stopped
    assert answer.status == 200


def test_only_one_of_several_processes_sends_the_emails(monkeypatch: pytest.MonkeyPatch) -> None:
    # In local mode `wholechild serve` sends the emails itself: from one process of several.
    given: list[object] = []
    monkeypatch.setattr(
        server_processes,
        "_serve",
        lambda _app, _sockets, _options, *, email_worker: given.append(email_worker),
    )
    monkeypatch.setattr(
        server_processes,
        "_supervise",
        lambda serve_in_child, processes: [serve_in_child(n) for n in range(processes)] and 0,
    )

    def worker() -> None: ...

    server_processes.run(
        lambda environ, start_response: [], [[]], processes=3, options={}, email_worker=worker
    )

    assert given == [worker, None, None]


def test_it_refuses_a_negative_number_of_processes_before_touching_the_database(
    wholechild: Any, environment: dict[str, str]
) -> None:
    result = wholechild("serve", env={**environment, "WHOLECHILD_WORKERS": "-1"})

    assert result.returncode == 2
    assert "WHOLECHILD_WORKERS" in result.stderr
    assert not Path(environment["WHOLECHILD_DATA_DIR"]).exists()


# --- Each process its own socket on the port ---------------------------------------------------


def accepted_by_each(sockets: list[list[socket.socket]], clients: int) -> list[int]:
    """Connect `clients` at once to the port, and count the connections each list's socket
    was handed by the kernel."""
    port = sockets[0][0].getsockname()[1]
    connected = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(clients)]
    counts = []
    try:
        time.sleep(0.2)
        for (listening,) in sockets:
            listening.setblocking(False)
            count = 0
            while True:
                try:
                    accepted, _ = listening.accept()
                except BlockingIOError:
                    break
                accepted.close()
                count += 1
            counts.append(count)
    finally:
        for client in connected:
            client.close()
        for (listening,) in sockets:
            listening.close()
    return counts


@pytest.mark.skipif(not server_processes.spreads_connections(), reason="Linux's SO_REUSEPORT")
def test_each_process_listens_on_its_own_socket_and_the_connections_are_shared_out() -> None:
    sockets = server_processes.listen("127.0.0.1", 0, processes=3)

    assert [len(own) for own in sockets] == [1, 1, 1]
    assert len({own[0].getsockname() for own in sockets}) == 1  # the one port
    assert all(own[0].getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for own in sockets)
    counts = accepted_by_each(sockets, 90)
    assert sum(counts) == 90
    # Shared out by the kernel: none left without (3 x (2/3)^90 of a chance), none with all.
    assert min(counts) > 0


@pytest.mark.skipif(not server_processes.spreads_connections(), reason="Linux's SO_REUSEPORT")
def test_a_port_in_use_is_refused_even_by_a_second_server_of_several_processes() -> None:
    first = server_processes.listen("127.0.0.1", 0, processes=2)
    port = first[0][0].getsockname()[1]
    try:
        with pytest.raises(OSError):
            server_processes.listen("127.0.0.1", port, processes=2)
        with pytest.raises(OSError):
            server_processes.listen("127.0.0.1", port)
    finally:
        for own in first:
            for listening in own:
                listening.close()
    with socket.socket() as plain:
        plain.bind(("127.0.0.1", 0))
        plain.listen()
        with pytest.raises(OSError):
            server_processes.listen("127.0.0.1", plain.getsockname()[1], processes=2)


def test_one_process_or_a_kernel_that_does_not_share_out_keeps_one_set_of_sockets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = server_processes.listen("127.0.0.1", 0)
    monkeypatch.setattr(server_processes, "spreads_connections", lambda: False)
    shared = server_processes.listen("127.0.0.1", 0, processes=4)
    try:
        assert [len(own) for own in alone] == [1]
        assert [len(own) for own in shared] == [1]
        assert not shared[0][0].getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
    finally:
        for listening in (*alone[0], *shared[0]):
            listening.close()


def test_each_process_serves_its_own_sockets_and_closes_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: dict[int, list[socket.socket]] = {}

    def serve(_app: Any, sockets: list[socket.socket], _options: Any, **_: Any) -> None:
        served[len(served)] = sockets

    monkeypatch.setattr(server_processes, "_serve", serve)
    monkeypatch.setattr(
        server_processes,
        "_supervise",
        lambda serve_in_child, processes: [serve_in_child(n) for n in range(processes)] and 0,
    )
    sockets = [[socket.socket()], [socket.socket()]]

    server_processes.run(lambda environ, start_response: [], sockets, processes=2, options={})

    assert served == {0: sockets[0], 1: sockets[1]}
    # Each child closed its copy of the other's (in this test, one process: both are closed).
    assert sockets[0][0].fileno() == -1
    assert sockets[1][0].fileno() == -1
