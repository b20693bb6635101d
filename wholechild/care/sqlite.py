"""SQLite's writers queued, each holding the lock only while it talks to SQLite, and the log's
checkpoints made outside it.

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

Every writer waits while one holds the locks, so they are taken as late as can be: not when
`transaction.atomic()` opens, but just before the transaction's first statement reaches SQLite
(its BEGIN is sent then, ahead of it). The Python that comes before it, such as the ORM
building that statement from a model's forty fields, runs while another writer writes. Nothing
is sent to SQLite in between, so the transaction is the same one; a block that sends nothing
takes no lock at all.

SQLite checkpoints its log (copies its pages into the database file, and waits for the disk
twice) inside the COMMIT that leaves it longer than `wal_autocheckpoint` pages, with the locks
held: one commit in forty held every writer for 5 to 70 ms. Here every connection's threshold
is set far above what the log reaches (`BACKSTOP_PAGES`), and each process checkpoints itself:
after every `CHECKPOINT_EVERY` commits, the thread that made the last one runs a PASSIVE
checkpoint once it has given the locks back, beside the other writers (PASSIVE waits for no
reader and no writer). But a log starts again from its beginning only when a writer begins
with every frame of it copied, which under steady load never happens by itself: writers
commit while the checkpoint runs. So once a checkpoint finds the log `RESTART_PAGES` long, it
takes the writers' locks and copies what was committed meanwhile (a few commits' pages), and
the next writer starts the log again. The log stays bounded, at about RESTART_PAGES plus what
the processes commit between two checkpoints, instead of growing until the load stops.

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
import sqlite3
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

# A process checkpoints after this many of its commits: one evaluation request writes about 22
# pages to the log, so about 700 pages for each process's checkpoint.
CHECKPOINT_EVERY = 32
# A checkpoint that finds the log at least this long (in pages) makes it start again.
RESTART_PAGES = 1000
# SQLite's own checkpoint in the COMMIT, kept for what ours do not see (writes outside a
# transaction, one transaction of thousands of pages, a log that a reader holds on to): in
# pages, ten times the default. Our checkpoints keep the log far shorter than that.
BACKSTOP_PAGES = 10_000
# This process's commits since its last checkpoint, counted under the threads' lock.
_commits = 0
# Held by the thread checkpointing: one at a time in a process (a second would only be told
# SQLite is busy, and would make the first one's catch-up find it busy too).
_checkpointing = threading.Lock()


def queue_writers(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    # Each new connection (not only the first of this wrapper) gets the threshold.
    connection.connection.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
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


def checkpoint(connection: Any) -> tuple[int, int, int]:
    """A PASSIVE checkpoint on `connection`'s database: (busy, pages in the log, pages copied),
    as `PRAGMA wal_checkpoint` answers; busy is 1 when another checkpoint was under way."""
    row = connection.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _queue(connection: Any) -> None:
    if getattr(connection, "_queued_writer", None) is not None:
        return
    timeout = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    database = str(connection.settings_dict["NAME"])
    # Between processes: only a database in a file can be shared by them.
    between_processes = fcntl is not None and not connection.is_in_memory_db()
    connection._queued_writer = False
    connection._queued_flock = False
    connection._begin_pending = False

    def acquire() -> None:
        connection._queued_writer = _writers.acquire(timeout=timeout)
        if connection._queued_writer and between_processes:
            connection._queued_flock = _flocked(database)

    def release() -> None:
        if connection._queued_writer:
            connection._queued_writer = False
            try:
                if connection._queued_flock:
                    connection._queued_flock = False
                    fcntl.flock(lock_file(database), fcntl.LOCK_UN)
            finally:
                _writers.release()

    def restart_the_log() -> None:
        """Copy, with the writers held, what they committed while the checkpoint ran: the
        next transaction then finds the whole log copied and writes it from its start."""
        acquire()
        try:
            checkpoint(connection)
        finally:
            release()

    def checkpoint_if_due(due: bool) -> None:
        if not due or connection.connection is None or connection.connection.in_transaction:
            return
        if not _checkpointing.acquire(blocking=False):
            return  # the one under way copies these pages too
        try:
            busy, log, _copied = checkpoint(connection)
            if not busy and log >= RESTART_PAGES:
                restart_the_log()
        except sqlite3.Error:
            pass  # the commit stands; the next checkpoint (or SQLite's own) copies the log
        finally:
            _checkpointing.release()

    def ended(step: Callable[[], Any], *, committed: bool) -> Callable[[], Any]:
        def released_after() -> Any:
            global _commits
            connection._begin_pending = False
            due = False
            try:
                result = step()
                if committed and connection._queued_writer:
                    _commits += 1
                    if _commits >= CHECKPOINT_EVERY:
                        _commits, due = 0, True
                return result
            finally:
                release()
                checkpoint_if_due(due)

        return released_after

    # Django's own BEGIN (its _start_transaction_under_autocommit), sent on the connection
    # itself rather than through a cursor: it is not a query of the request's, and the tests
    # and the bench that count the queries a page makes count none for it.
    begin_sql = f"BEGIN {connection.transaction_mode or ''}".strip()

    def queued_begin() -> None:
        try:
            acquire()
            with connection.wrap_database_errors:
                connection.connection.execute(begin_sql)
        except BaseException:
            release()
            raise

    def deferred_begin() -> None:
        connection._begin_pending = True

    def begin_first(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        """The transaction's BEGIN, and the locks before it, ahead of its first statement."""
        if connection._begin_pending:
            connection._begin_pending = False
            queued_begin()
        return execute(sql, *args)

    connection._start_transaction_under_autocommit = deferred_begin
    # First in the list is outermost: any wrapper added later (a test's, the bench's) sees the
    # BEGIN before the statement it came ahead of.
    connection.execute_wrappers.insert(0, begin_first)
    connection._commit = ended(connection._commit, committed=True)
    connection._rollback = ended(connection._rollback, committed=False)
    connection._close = ended(connection._close, committed=False)
