"""SQLite's writers queued, and woken as soon as the one before has committed.

SQLite lets one transaction write at a time (BEGIN IMMEDIATE takes its write lock, settings).
The others, told to wait for it (the `timeout` option), sleep and try again, for 1, 2, 5, 10,
then 25 and more milliseconds at a go: under load they woke long after the lock was free, and
that sleeping was most of a request's p99. So each transaction first queues for two locks of
our own, which hand over at once: one for the threads of its process, then one for the
processes (`wholechild serve` runs one per core), a flock() on a file beside the database
("<database>-writers"). Without the second, a process's threads handed SQLite's lock to each
other so quickly that a writer of the other process, asleep in SQLite's retries, found it
taken at nearly every try, for a second at times. SQLite's own waiting is left to other
programs that write to the database (the sqlite3 shell, a restore).

Django's SQLite connection is told through `connection_created` (connected in apps.py): each
transaction takes the locks before its BEGIN and gives them back after its COMMIT or ROLLBACK,
or when the connection closes. The thread's lock waits no longer than SQLite itself would, then
lets SQLite decide. The processes' lock waits for the transaction that holds it, however long,
as a PostgreSQL transaction waits for the row lock another holds: a transaction ends, and the
kernel lets go of a process's flock when the process ends, however it ends. (Where there is no
flock(), on Windows, there is one process only.)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

try:
    import fcntl
except ImportError:  # Windows: one process, and the threads' lock is enough
    fcntl = None  # type: ignore[assignment]

_writers = threading.Lock()
# Each process's open file for each database's flock, by process id: a file opened before a
# fork is shared with the child, and a flock is the open file's, so each process opens its own.
_lock_files: dict[tuple[int, str], int] = {}
_lock_files_lock = threading.Lock()


def queue_writers(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    _queue(connection)


def lock_file(database: str) -> int:
    """This process's open file for the flock of the SQLite database at `database`."""
    key = (os.getpid(), database)
    found = _lock_files.get(key)
    if found is None:
        with _lock_files_lock:
            found = _lock_files.get(key)
            if found is None:
                flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                found = _lock_files[key] = os.open(f"{database}-writers", flags, 0o600)
    return found


def _flocked(database: str) -> bool:
    """Wait for the processes' lock; False (SQLite decides) where its file cannot be opened."""
    try:
        fd = lock_file(database)
    except OSError:
        return False
    fcntl.flock(fd, fcntl.LOCK_EX)
    return True


def _queue(connection: Any) -> None:
    if connection.vendor != "sqlite" or getattr(connection, "_queued_writer", None) is not None:
        return
    timeout = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    database = str(connection.settings_dict["NAME"])
    # Between processes: only a database in a file can be shared by them.
    between_processes = fcntl is not None and not connection.is_in_memory_db()
    connection._queued_writer = False
    connection._queued_flock = False

    def release() -> None:
        if connection._queued_writer:
            connection._queued_writer = False
            try:
                if connection._queued_flock:
                    connection._queued_flock = False
                    fcntl.flock(lock_file(database), fcntl.LOCK_UN)
            finally:
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
            if connection._queued_writer and between_processes:
                connection._queued_flock = _flocked(database)
            begin()
        except BaseException:
            release()
            raise

    connection._start_transaction_under_autocommit = queued_begin
    connection._commit = then_release(connection._commit)
    connection._rollback = then_release(connection._rollback)
    connection._close = then_release(connection._close)
