"""`make bench`, over HTTP: the servers, the pages, the API and the writes, each against a floor.

The app runs as a clinic runs it (production settings, a Redis of its own for the sessions, a
fresh database: SQLite in a temporary folder, or a scratch database on the PostgreSQL server
DATABASE_URL names), and wrk loads it over loopback with 16 connections.

The machine is shared and noisy, so each figure is a ratio to a floor measured on the same
server in the same round, the rounds take turns, and the median is shown. Beside each ratio of
requests per second is the ratio of the server's own CPU time per request (read from /proc for
the server's processes): what the other programs on the machine do changes the first a lot and
the second little.

- The servers, side by side: waitress in one process (what `wholechild serve` was), waitress in
  one process per core (`wholechild serve` now), gunicorn's sync and gthread workers, each on a
  bare WSGI app (its floor: what answering at all costs), a Django hello-world view, the start
  page and the screening API; and whether 110 slow clients (each has sent half a request, and
  never sends the rest) stop it answering anyone else.
- The pages on `wholechild serve`, against the hello view on the same server: the start page
  (target at least 0.6x), `POST /api/v1/screenings` with the largest request (at least 0.7x;
  beside it, with no target, a typical request and the API with the engine taken out),
  and the results page (at least 0.5x), which the bench's parent asks for with the cookies a
  browser sends: the session's and CSRF's.
- The writes: `POST /api/v1/evaluation-requests` from 16 clients at once (16 families'
  addresses, behind a trusted proxy) on `wholechild serve`: requests stored per second (target
  at least 500 on SQLite) and p99 (under 100 ms), and the queries each one takes.

It prints and never fails: timings are for people to read. `python bench/web.py servers pages
writes` runs those parts (all three by default). Without wrk it says so and stops.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
CONNECTIONS = 16
SECONDS = 2  # each wrk run
ROUNDS = 3
WRITE_SECONDS = 5
SLOW_CLIENTS = 110
EVALUATION_REQUEST = {
    "screening": {"age_months": 20, "milestones": {"walks-alone": "not-yet"}},
    "parent_name": "Alex Example",
    "phone": "555 0100",
    "child_first_name": "Mia",
    "child_birth_date": "2025-03-14",
    "preferred_language": "English",
    "consent": True,
}


# A request as a parent's check sends it: a 20-month-old, the milestones asked at that age (two
# not yet), one concern. Beside the largest, for what most requests cost (no target of its own).
TYPICAL_REQUEST = {
    "age_months": 20,
    "milestones": {
        "takes-few-steps": "yes",
        "finger-feeds": "yes",
        "walks-alone": "not-yet",
        "climbs-on-off-furniture": "yes",
        "scribbles": "not-yet",
        "drinks-from-open-cup": "yes",
        "tries-spoon": "unsure",
        "helps-with-dressing": "yes",
    },
    "concerns": ["toe-walking"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- A server's processes and their CPU time -------------------------------------------------


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_tree(pid: int) -> set[int]:
    """`pid` and the processes it started (a server's workers), from Linux's /proc."""
    found = {pid}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(int(stat.parent.name))
        if fields and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def cpu_seconds(pids: set[int]) -> float:
    """User and system CPU time the processes have used."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


# --- Running wrk ---------------------------------------------------------------------------------


@dataclass
class Run:
    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float
    cpu: float  # the server's CPU milliseconds per request (nan where /proc is not there)
    requests: int
    errors: int  # answers that were not 2xx or 3xx, and socket errors


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    script: str | None = None  # a wrk Lua script, for the POSTs


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _milliseconds(output: str, percentile: str) -> float:
    found = re.search(rf"{percentile}%\s+([\d.]+)(us|ms|s|m)\b", output)
    if not found:
        raise RuntimeError(f"wrk said:\n{output}")
    return float(found[1]) * UNITS[found[2]]


def wrk(server: Server, target: Target, seconds: float = SECONDS) -> Run:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    if target.script:
        command += ["-s", target.script]
    command.append(f"http://127.0.0.1:{server.port}{target.path}")
    pids = server.pids()
    before = cpu_seconds(pids)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    used = cpu_seconds(pids) - before
    requests = int(re.search(r"(\d+) requests in", output)[1])  # type: ignore[index]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors[1]))
    return Run(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),  # type: ignore[index]
        p50=_milliseconds(output, "50"),
        p99=_milliseconds(output, "99"),
        cpu=used / requests * 1e3 if requests and pids else float("nan"),
        requests=requests,
        errors=errors,
    )


def post_script(folder: Path, name: str, body: bytes, *, families: int = 0) -> str:
    """A wrk script that POSTs `body` as JSON; with `families`, each request from one of that
    many client addresses, as a trusted proxy's X-Forwarded-For says."""
    path = folder / f"{name}.lua"
    lines = [
        'wrk.method = "POST"',
        'wrk.headers["Content-Type"] = "application/json"',
        f"wrk.body = {json.dumps(body.decode())}",
    ]
    if families:
        lines += [
            "local n = 0",
            "request = function()",
            "  n = n + 1",
            '  local headers = {["Content-Type"] = "application/json",',
            f'    ["X-Forwarded-For"] = "198.51.100." .. (n % {families} + 1)}}',
            "  return wrk.format(nil, nil, headers, nil)",
            "end",
        ]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


# --- The servers ---------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self, logs: Path) -> None:
        command = [part.format(port=self.port) for part in self.command]
        log = open(logs / f"{self.port}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=BENCH
        )

    def pids(self) -> set[int]:
        if self.process is None or not Path("/proc/self/stat").exists():
            return set()
        return process_tree(self.process.pid)

    def wait_until_up(self, path: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped while starting")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5).close()
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start in {seconds} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def running(servers: Sequence[Server], logs: Path, probe: str = "/healthz") -> Iterator[None]:
    try:
        for server in servers:
            server.start(logs)
        for server in servers:
            server.wait_until_up(probe if "bare" not in server.name else "/")
        yield
    finally:
        for server in servers:
            server.stop()


def answers_beside_slow_clients(port: int) -> float | None:
    """Milliseconds to answer /healthz while 110 clients hold connections with half a request
    each; None when it did not answer within 5 seconds."""
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(client)
        time.sleep(0.5)
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
        except (OSError, urllib.error.URLError):
            return None
        return (time.perf_counter() - started) * 1e3
    except OSError:
        return None
    finally:
        for client in slow:
            client.close()


def check(server: Server, target: Target) -> None:
    """The target answers 200 where it is asked (not a redirect), then a second of load to
    warm every process and thread (their first requests read templates and connect)."""
    headers = dict(target.headers)
    if target.body:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{target.path}",
        data=target.body or None,
        headers=headers,
        method=target.method,
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # raises for a 4xx or 5xx
        if answer.status != 200 or answer.url != request.full_url:
            raise RuntimeError(f"{target.name}: {answer.status} at {answer.url}")
    wrk(server, target, 1)


# --- Where it runs -------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_url(folder: Path) -> Iterator[str | None]:
    """REDIS_URL if it is set, else a redis-server of the bench's own; None without either."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    port = free_port()
    (folder / "redis").mkdir()
    options = {"--port": str(port), "--bind": "127.0.0.1", "--save": "", "--appendonly": "no"}
    options["--dir"] = str(folder / "redis")
    process = subprocess.Popen(
        [server, *(part for option in options.items() for part in option)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()


@contextlib.contextmanager
def database() -> Iterator[tuple[str | None, str]]:
    """DATABASE_URL for the servers (None: SQLite in the data folder) and its name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None, "SQLite"
        return
    import psycopg

    name = f"wholechild_bench_{os.getpid()}"
    base = url.rpartition("/")[0]
    admin = psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1))
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        version = admin.execute("SHOW server_version").fetchone()
        yield f"{base}/{name}", f"PostgreSQL {version[0] if version else ''}".strip()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def environment(folder: Path, redis: str | None, database_url: str | None) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WHOLECHILD_"))
        and name not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback, where a clinic's proxy would have ended TLS.
        DJANGO_SECURE_SSL_REDIRECT="no",
        DJANGO_SETTINGS_MODULE="bench_site.settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), *filter(None, [os.environ.get("PYTHONPATH")])]),
        WHOLECHILD_DATA_DIR=str(folder / "var"),
        WHOLECHILD_WORKER_IN_SERVE="no",
        WHOLECHILD_REQUEST_RATE_LIMIT=str(10**9),
        WHOLECHILD_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis:
        env["REDIS_URL"] = redis
    return env


def setup_django(env: dict[str, str]) -> None:
    """This process as the servers are: the same settings, database and Redis."""
    os.environ.update(env)
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()


def main(parts: Sequence[str]) -> int:
    if shutil.which("wrk") is None:
        print("web: skipped, it needs wrk (apt-get install wrk)")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="wholechild-bench-web-"))
    try:
        with redis_url(folder) as redis, database() as (database_url, kind):
            env = environment(folder, redis, database_url)
            (folder / "var").mkdir()
            (folder / "logs").mkdir()
            for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
                subprocess.run(
                    [str(BIN / "wholechild"), "manage", *args], env=env, check=True, cwd=BENCH
                )
            setup_django(env)
            print(
                f"web: {kind}, production settings, {cores()} cores, wrk with {CONNECTIONS} "
                f"connections on loopback, {ROUNDS} rounds of {SECONDS} s taking turns"
            )
            if not redis:
                print("  no Redis: one process only (set REDIS_URL, or install redis-server)")
            if "servers" in parts or "pages" in parts:
                pages_and_servers(folder, env, redis, servers="servers" in parts)
            if "writes" in parts:
                writes(folder, env, redis)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


# --- The pages and the servers -------------------------------------------------------------------


def configurations(env: dict[str, str], redis: str | None, *, all_of_them: bool) -> list[Any]:
    """(name, the app's server, the bare app's server) for each server compared."""
    n = cores() if redis else 1
    wholechild = [str(BIN / "wholechild"), "serve", "--port", "{port}"]
    bare = [PYTHON, "-m", "bench_site.serve_bare", "{port}"]
    gunicorn = [str(BIN / "gunicorn"), "-b", "127.0.0.1:{port}", "--log-level", "warning"]
    chosen = (
        f"waitress, {n} processes x 4 threads (wholechild serve)"
        if n > 1
        else "waitress, 1 process x 4 threads (wholechild serve)"
    )
    found = [(chosen, [*wholechild, "--workers", str(n)], [*bare, str(n)])]
    if all_of_them and n > 1:
        found.insert(
            0,
            (
                "waitress, 1 process x 4 threads (before)",
                [*wholechild, "--workers", "1"],
                [*bare, "1"],
            ),
        )
    if not all_of_them:
        pass
    elif shutil.which("gunicorn", path=str(BIN)):
        sync = [*gunicorn, "-w", str(n)]
        threaded = [*gunicorn, "-w", str(n), "-k", "gthread", "--threads", "4"]
        found += [
            (
                f"gunicorn sync, {n} workers",
                [*sync, "bench_site.wsgi:application"],
                [*sync, "bench_site.wsgi:bare"],
            ),
            (
                f"gunicorn gthread, {n} workers x 4 threads",
                [*threaded, "bench_site.wsgi:application"],
                [*threaded, "bench_site.wsgi:bare"],
            ),
        ]
    else:
        print("  gunicorn is not installed: it is left out of the comparison")
    return [
        (name, Server(name, app, env), Server(f"{name}, bare", bare_app, env))
        for name, app, bare_app in found
    ]


def results_cookie() -> str | None:
    """A parent's cookies, their session with every question answered, made with Django's test
    client and the tests' parent (tests/parents/helpers.py), in the servers' own Redis."""
    from django.conf import settings
    from django.test import Client

    try:
        from tests.parents.helpers import Parent

        client = Client(SERVER_NAME="127.0.0.1")
        page = Parent(client).results(
            age={"age-years": "7", "age-months": "0"},
            concerns=["handwriting-scissors", "hand-skills"],
        )
    except (ImportError, AssertionError):
        return None
    if page.status_code != 200:
        return None
    # Both cookies, as the parent's browser sends them: the session's, and the CSRF cookie the
    # check's forms set (without it, every results page would make a new CSRF secret).
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names)


def pages_and_servers(
    folder: Path, env: dict[str, str], redis: str | None, *, servers: bool
) -> None:
    from wholechild.screening import largest_request

    largest = json.dumps(largest_request()).encode()
    bare = Target("bare WSGI app", "/")
    hello = Target("hello view", "/bench/hello")
    start = Target("start page", "/")
    without_engine = Target(
        "  the same, the engine taken out",
        "/api/bench/screened-already",
        "POST",
        largest,
        script=post_script(folder, "screened", largest),
    )
    typical_body = json.dumps(TYPICAL_REQUEST).encode()
    typical = Target(
        "  the same, a typical request",
        "/api/v1/screenings",
        "POST",
        typical_body,
        script=post_script(folder, "typical", typical_body),
    )
    # As a browser asks for it (wrk does not say it takes gzip): the cost of compressing.
    gzipped = Target("start page, gzipped", "/", headers={"Accept-Encoding": "gzip"})
    api = Target(
        "POST /api/v1/screenings, largest",
        "/api/v1/screenings",
        "POST",
        largest,
        script=post_script(folder, "screenings", largest),
    )
    compared = configurations(env, redis, all_of_them=servers)
    chosen = next(entry for entry in compared if "wholechild serve" in entry[0])
    all_servers = [server for _, app, bare_app in compared for server in (app, bare_app)]
    with running(all_servers, folder / "logs"):
        cookie = results_cookie() if redis else None
        results = Target("results page", "/check/results/", headers={"Cookie": cookie or ""})
        targets = {name: [hello, start, api] for name, _, _ in compared}
        targets[chosen[0]] += [without_engine, typical, gzipped]
        if cookie:
            targets[chosen[0]].append(results)
        for name, app, bare_app in compared:
            check(bare_app, bare)
            for target in targets[name]:
                check(app, target)
        runs: dict[tuple[str, str], list[Run]] = {}
        for _round in range(ROUNDS):
            for name, app, bare_app in compared:
                runs.setdefault((name, bare.name), []).append(wrk(bare_app, bare))
                for target in targets[name]:
                    runs.setdefault((name, target.name), []).append(wrk(app, target))
        slow = {name: answers_beside_slow_clients(app.port) for name, app, _ in compared}

    def rate(name: str, target: Target) -> float:
        return median([run.rate for run in runs[(name, target.name)]])

    def ratios(name: str, target: Target, floor: Target) -> tuple[float, float]:
        pairs = list(zip(runs[(name, target.name)], runs[(name, floor.name)], strict=True))
        by_rate = median([run.rate / under.rate for run, under in pairs])
        by_cpu = median([under.cpu / run.cpu for run, under in pairs])
        return by_rate, by_cpu

    def figures(name: str, target: Target) -> str:
        found = runs[(name, target.name)]
        errors = sum(run.errors for run in found)
        return (
            f"{rate(name, target):7.0f}/s  p50 {median([r.p50 for r in found]):6.1f} ms  "
            f"p99 {median([r.p99 for r in found]):6.1f} ms  "
            f"cpu {median([r.cpu for r in found]):5.2f} ms"
            + (f"  ({errors} errors)" if errors else "")
        )

    name = chosen[0]
    print(
        f"the pages on {name}, against the hello view on the same server, as requests a second "
        "and as the server's CPU a request (the target is judged on the CPU, which the other "
        "programs of a shared machine disturb least):"
    )
    by_rate, by_cpu = ratios(name, hello, bare)
    print(f"  {'bare WSGI app':33} {figures(name, bare)}")
    print(f"  {'hello view':33} {figures(name, hello)}   {by_rate:4.2f}x bare (cpu {by_cpu:4.2f}x)")
    goals = {start.name: 0.6, api.name: 0.7, results.name: 0.5}
    for target in targets[name][1:]:
        by_rate, by_cpu = ratios(name, target, hello)
        goal = goals.get(target.name, 0.0)
        if target is gzipped:
            verdict = "(what compressing costs; no target)"
        elif target is without_engine:
            verdict = "(the API's floor but for the engine; bench only)"
        elif target is typical:
            verdict = "(what most requests cost; the target is the largest's)"
        else:
            verdict = f"target ≥ {goal}x " + ("OK" if by_cpu >= goal else "UNDER TARGET")
        print(
            f"  {target.name:33} {figures(name, target)}   {by_rate:4.2f}x hello "
            f"(cpu {by_cpu:4.2f}x)  {verdict}"
        )
    if not cookie:
        print("  results page: not measured (it needs Redis, and the tests' parent to answer)")
    if not servers:
        return

    print(
        "the servers side by side: requests a second, and the ratio to wholechild serve's; "
        "whether it still answers beside 110 slow clients"
    )
    columns = [bare, hello, start, api]
    print(f"  {'':54}" + "".join(f"{t.name.split(',')[0][:18]:>19}" for t in columns))
    for entry_name, _app, _bare in compared:
        cells = []
        for target in columns:
            mine, theirs = rate(entry_name, target), rate(name, target)
            cells.append(f"{mine:7.0f} ({mine / theirs:4.2f}x)")
        answered = slow[entry_name]
        beside = "STALLS: no answer in 5 s" if answered is None else f"answers in {answered:.0f} ms"
        print(f"  {entry_name:54}" + "".join(f"{cell:>19}" for cell in cells) + f"   {beside}")
    p99 = ", ".join(
        f"{entry_name.split(' (')[0]} {median([r.p99 for r in runs[(entry_name, start.name)]]):.0f}"
        for entry_name, _, _ in compared
    )
    print(f"  start page p99 (ms): {p99}")


# --- The writes ----------------------------------------------------------------------------------


def writes(folder: Path, env: dict[str, str], redis: str | None) -> None:
    """16 families sending their requests at once, through a trusted proxy."""
    from wholechild.care.models import EvaluationRequest

    n = cores() if redis else 1
    env = {**env, "WHOLECHILD_TRUSTED_PROXY": "127.0.0.1"}
    server = Server(
        f"wholechild serve, {n} processes",
        [str(BIN / "wholechild"), "serve", "--port", "{port}", "--workers", str(n)],
        env,
    )
    body = json.dumps(EVALUATION_REQUEST).encode()
    target = Target(
        "evaluation requests",
        "/api/v1/evaluation-requests",
        script=post_script(folder, "writes", body, families=CONNECTIONS),
    )
    hello = Target("hello view", "/bench/hello")
    with running([server], folder / "logs"):
        check(server, hello)
        wrk(server, target, 1)  # warm: each process's first write opens its connection
        before = EvaluationRequest.objects.count()
        found = wrk(server, target, WRITE_SECONDS)
        stored = EvaluationRequest.objects.count() - before
        floor = wrk(server, hello)
    rate = stored / WRITE_SECONDS
    queries, transactions = queries_per_request()
    ok = rate >= 500 and found.p99 < 100
    print(
        f"the writes: POST /api/v1/evaluation-requests from {CONNECTIONS} clients for "
        f"{WRITE_SECONDS} s, on {server.name}:"
    )
    print(
        f"  stored {rate:5.0f}/s  p50 {found.p50:6.1f} ms  p99 {found.p99:6.1f} ms  "
        f"cpu {found.cpu:5.2f} ms  ({found.errors} errors; {rate / floor.rate:4.2f}x the hello "
        f"view's {floor.rate:.0f}/s)  target ≥ 500/s with p99 < 100 ms: "
        + ("OK" if ok else "UNDER TARGET")
    )
    print(f"  each one: {queries} queries, in {transactions} write transaction(s)")


def queries_per_request() -> tuple[int, int]:
    """The queries one evaluation request takes (sent through Django's test client, the
    transaction's BEGIN and COMMIT not counted), and its write transactions: each atomic block
    that writes, and each write outside one (which commits on its own)."""
    from django.db import connection
    from django.test import Client

    seen: list[tuple[str, bool]] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql.lstrip().upper(), connection.in_atomic_block))
        return execute(sql, params, many, context)

    client = Client(SERVER_NAME="127.0.0.1", REMOTE_ADDR="203.0.113.9")
    with connection.execute_wrapper(watch):
        answer = client.post(
            "/api/v1/evaluation-requests",
            json.dumps(EVALUATION_REQUEST),
            content_type="application/json",
        )
    assert answer.status_code == 201, answer.content
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    writes = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    transactions, block_writes, inside_before = 0, False, False
    for sql, inside in [*seen, ("", False)]:
        if inside_before and not inside:
            transactions += block_writes
            block_writes = False
        if sql.startswith(writes):
            if inside:
                block_writes = True
            else:
                transactions += 1
        inside_before = inside
    return sum(not sql.startswith(control) for sql, _ in seen), transactions


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["servers", "pages", "writes"]))
