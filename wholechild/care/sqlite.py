"""SQLite's writers queued in each process, and woken as soon as the one before has committed.

SQLite lets one transaction write at a time (BEGIN IMMEDIATE takes its write lock, settings).
The others, told to wait for it (the `timeout` option), sleep and try again, for 1, 2, 5, 10,
then 25 and more milliseconds at a go: under load they woke long after the lock was free, and
that sleeping was most of a request's p99. So each process first queues its own transactions
on a lock of its own, which hands over at once; SQLite's sleeping is left to the few processes
(one per core) and other programs that meet at the database itself.

Django's SQLite connection is told through `connection_created` (connected in apps.py): each
transaction takes the lock before its BEGIN and gives it back after its COMMIT or ROLLBACK, or
when the connection closes. It waits no longer than SQLite itself would, then lets SQLite decide.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

_writers = threading.Lock()


def queue_writers(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    _queue(connection)


def _queue(connection: Any) -> None:
    if connection.vendor != "sqlite" or getattr(connection, "_queued_writer", None) is not None:
        return
    timeout = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    connection._queued_writer = False

    def release() -> None:
        if connection._queued_writer:
            connection._queued_writer = False
            _writers.release()

    def then_release(step: Callable[[], Any]) -> Callable[[], Any]:
        def released_after() -> Any:
            try:
                return step()
            finally:
                release()

        return released_after

    begin = connection._start_transaction_under_autocommit

    def queued_begin() -> None:
        connection._queued_writer = _writers.acquire(timeout=timeout)
        try:
            begin()
        except BaseException:
            release()
            raise

    connection._start_transaction_under_autocommit = queued_begin
    connection._commit = then_release(connection._commit)
    connection._rollback = then_release(connection._rollback)
    connection._close = then_release(connection._close)
