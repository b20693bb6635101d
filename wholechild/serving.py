"""`wholechild serve`'s server: waitress, in one process or in one per core.

Waitress answers from threads, and Python runs one thread of a process at a time, so a process
uses at most one core however many threads it has. To use every core, the listening sockets are
opened once, here, and then this process forks the others: each runs its own waitress, with its
own threads. They are forked after Django is set up and the app is built, so they start at once
and share its memory.

Each process listens on sockets of its own, all on the one port (SO_REUSEPORT), and Linux
shares the new connections out between them evenly. On one socket shared by all, whichever
process woke first took the connections that came together: a proxy's or a benchmark's 16
kept-alive connections could all land on one process, which then did all the work on one core
while the other waited (the bench's writes went from 680 a second to 415 on such a run). A
port already in use is still refused: it is first bound without the option, which nothing
else holding it allows. The sockets of every process are opened here, before the fork, so a
process started again takes over its own socket, with the connections waiting in it. Where the
kernel does not share connections out (macOS, the BSDs), the processes share one set of
sockets, as before.

This process only looks after them: it starts one again if it stops, and stops them all
when it is told to (SIGTERM, or Ctrl+C). One that finds this process gone (killed with SIGKILL)
stops by itself, so that the next `wholechild serve` can listen on the same port.

Several processes need a cache they share for the sessions (REDIS_URL): `wholechild serve`
refuses to start them without it (wholechild.cli). docs/decisions.md says why waitress, and how
it measured against gunicorn.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

# A process that stops sooner than this after it started is restarted only after a pause, so a
# process that cannot start (a broken setting, a full disk) is not forked again in a tight loop.
QUICK_EXIT_SECONDS = 5.0
RESTART_PAUSE_SECONDS = 1.0


def one_per_core() -> int:
    """How many processes serve by default in production: one per core this process may use
    (a container's CPU set included), or one where there is no fork() (Windows)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no CPU affinity to ask
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork")


def spreads_connections() -> bool:
    """Whether the kernel shares a port's new connections out between the sockets listening on
    it with SO_REUSEPORT (Linux does, evenly; macOS and the BSDs give them all to one)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listen(host: str, port: int, *, processes: int = 1) -> list[list[socket.socket]]:
    """Listening sockets for every address `host` names (localhost: ::1 and 127.0.0.1), opened
    as waitress opens its own: one list of them for each of `processes` where the kernel shares
    connections out between them (`spreads_connections`), else one list for all. Raises
    OSError when one cannot be opened."""
    from waitress.adjustments import Adjustments

    adjustments = Adjustments(host=host, port=port)
    # getaddrinfo's answers, (family, type, protocol, address), whatever the stubs say.
    addresses: list[tuple[int, int, int, Any]] = adjustments.listen  # type: ignore[assignment]
    copies = processes if processes > 1 and spreads_connections() else 1
    sockets: list[list[socket.socket]] = [[] for _ in range(copies)]
    try:
        for family, kind, protocol, address in addresses:
            if copies == 1:
                sockets[0].append(_listening(family, kind, protocol, address, adjustments))
                continue
            # Bound first without SO_REUSEPORT, which fails where anything holds the port (a
            # second `wholechild serve` included, which would otherwise share it), and tells
            # the port when 0 asked for any.
            probe = socket.socket(family, kind, protocol)
            try:
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
                address = probe.getsockname()
            finally:
                probe.close()
            for own in sockets:
                own.append(_listening(family, kind, protocol, address, adjustments, shared=True))
    except OSError:
        for listening in (listening for own in sockets for listening in own):
            listening.close()
        raise
    return sockets


def _listening(
    family: int, kind: int, protocol: int, address: Any, adjustments: Any, *, shared: bool = False
) -> socket.socket:
    listening = socket.socket(family, kind, protocol)
    try:
        if family == socket.AF_INET6:
            listening.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        if os.name != "nt":  # on Windows the option lets another program take the port
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if shared:
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listening.bind(address)
        listening.listen(adjustments.backlog)
    except OSError:
        listening.close()
        raise
    return listening


def run(
    application: WSGIApplication,
    sockets: list[list[socket.socket]],
    *,
    processes: int,
    options: dict[str, Any],
    email_worker: Callable[[], object] | None = None,
) -> int:
    """Serve `application` with waitress (`options` are its adjustments) until stopped, on
    `sockets` as `listen` gave them: each process on its own list, or all on the one.
    `email_worker` runs in a thread of exactly one process."""
    if processes == 1:
        _serve(application, sockets[0], options, email_worker=email_worker)
        return 0

    def serve_in_child(slot: int) -> None:
        own = sockets[slot % len(sockets)]
        for listening in (
            listening for other in sockets if other is not own for listening in other
        ):
            listening.close()  # this process's copies of the others' sockets
        worker = email_worker if slot == 0 else None
        _serve(application, own, options, email_worker=worker)

    return _supervise(serve_in_child, processes)


def _serve(
    application: WSGIApplication,
    sockets: list[socket.socket],
    options: dict[str, Any],
    *,
    email_worker: Callable[[], object] | None,
) -> None:
    from waitress.server import create_server

    server = create_server(application, sockets=sockets, **options)
    if email_worker is not None:
        threading.Thread(target=email_worker, name="worker", daemon=True).start()
    server.run()


def _supervise(serve_in_child: Callable[[int], None], processes: int) -> int:
    """Fork `processes` children, each running `serve_in_child(slot)`, and keep them running
    until SIGTERM or SIGINT; 0 once they have all stopped."""
    from django.db import connections

    # Nothing that talks to the database (or Redis) may be shared across the fork: each child
    # opens its own connections when it first needs them.
    connections.close_all()
    # Every child holds the reading end of this pipe and none holds the writing end: a read
    # returns only once this process is gone, however it went.
    parent_alive, write_end = os.pipe()
    children: dict[int, tuple[int, float]] = {}  # pid: (slot, when it started)
    stopping = False

    def start(slot: int) -> None:
        pid = os.fork()
        if pid == 0:  # the child
            status = 0
            try:
                os.close(write_end)
                # Ctrl+C reaches every process of the terminal: the parent stops the children.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                threading.Thread(
                    target=_stop_with_parent, args=(parent_alive,), daemon=True
                ).start()
                serve_in_child(slot)
            except BaseException:  # never return into the parent's loop, whatever happened
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                sys.stderr.flush()
                os._exit(status)
        children[pid] = (slot, time.monotonic())

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for slot in range(processes):
        start(slot)
    while children:
        try:
            pid, status = os.wait()  # retried after a signal's handler (PEP 475)
        except ChildProcessError:
            break
        if pid not in children:
            continue
        slot, started = children.pop(pid)
        if stopping:
            continue
        how = os.waitstatus_to_exitcode(status)
        print(
            f"wholechild serve: server process {pid} stopped ({_ended(how)}); starting another.",
            file=sys.stderr,
            flush=True,
        )
        if time.monotonic() - started < QUICK_EXIT_SECONDS:
            time.sleep(RESTART_PAUSE_SECONDS)
        if not stopping:
            start(slot)
    os.close(write_end)
    os.close(parent_alive)
    return 0


def _ended(exit_code: int) -> str:
    if exit_code < 0:
        return f"signal {signal.Signals(-exit_code).name}"
    return f"exit status {exit_code}"


def _stop_with_parent(parent_alive: int) -> None:
    os.read(parent_alive, 1)  # b"" once the parent has gone
    os.kill(os.getpid(), signal.SIGTERM)
