"""On SQLite the transactions of one process queue on a lock of their own (care/sqlite.py), so
that they hand over at once instead of sleeping in SQLite's retries; every way a transaction
ends gives the lock back."""

from __future__ import annotations

import fcntl
import itertools
import os
import sqlite3
import threading
from typing import Any

import pytest
from django.db import connection, transaction

from wholechild.care import sqlite
from wholechild.care.models import RateCount

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's writers; PostgreSQL has row locks"
    ),
]


def test_a_transaction_holds_the_lock_until_it_commits() -> None:
    with transaction.atomic():
        RateCount.objects.create(key="held", expires_at="2030-01-01T00:00Z")
        held = sqlite._writers.locked()

    assert held
    assert not sqlite._writers.locked()


def test_a_transaction_that_fails_gives_it_back() -> None:
    def fail() -> None:
        with transaction.atomic():
            RateCount.objects.create(key="failed", expires_at="2030-01-01T00:00Z")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()

    assert not sqlite._writers.locked()
    assert not RateCount.objects.filter(key="failed").exists()


def test_closing_the_connection_mid_transaction_gives_it_back() -> None:
    seen: list[bool] = []

    def close_mid_transaction() -> None:  # on a thread of its own: its own connection
        block = transaction.atomic()
        block.__enter__()
        RateCount.objects.create(key="mid", expires_at="2030-01-01T00:00Z")
        seen.append(sqlite._writers.locked())
        connection.close()  # as the end of a request does with a connection past its age
        seen.append(sqlite._writers.locked())

    thread = threading.Thread(target=close_mid_transaction)
    thread.start()
    thread.join()

    assert seen == [True, False]


def test_writers_in_many_threads_all_get_their_turn() -> None:
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        start.wait()
        try:
            for step in range(10):
                with transaction.atomic():
                    RateCount.objects.create(
                        key=f"thread-{number}-{step}", expires_at="2030-01-01T00:00Z"
                    )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert RateCount.objects.filter(key__startswith="thread-").count() == 80
    assert not sqlite._writers.locked()


# --- Between processes: a flock() on a file beside the database --------------------------------


def lock_path() -> str:
    return f"{connection.settings_dict['NAME']}-writers"


def taken_elsewhere() -> bool:
    """Whether another process could take the processes' lock now (a file opened anew is
    another holder, to flock(), as another process's would be)."""
    descriptor = os.open(lock_path(), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


def test_a_transaction_holds_the_processes_lock_until_it_ends() -> None:
    with transaction.atomic():
        RateCount.objects.create(key="flocked", expires_at="2030-01-01T00:00Z")
        held = taken_elsewhere()
    after_commit = taken_elsewhere()

    def fail() -> None:
        with transaction.atomic():
            RateCount.objects.create(key="rolled back", expires_at="2030-01-01T00:00Z")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()

    assert held
    assert not after_commit
    assert not taken_elsewhere()


def test_a_writer_waits_for_the_one_another_process_holds() -> None:
    order: list[str] = []
    other = os.open(lock_path(), os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)  # as another server process in its transaction

    def write() -> None:
        try:
            with transaction.atomic():
                RateCount.objects.create(key="after the other", expires_at="2030-01-01T00:00Z")
            order.append("written")
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=0.5)
    order.append("the other committed")
    fcntl.flock(other, fcntl.LOCK_UN)
    os.close(other)
    writer.join()

    assert order == ["the other committed", "written"]
    assert RateCount.objects.filter(key="after the other").exists()


# --- Taken as late as can be: at the transaction's first statement -----------------------------


def test_the_locks_are_taken_at_the_first_statement_not_when_the_block_opens() -> None:
    seen: list[str] = []

    def watch(execute: Any, sql: str, *args: Any) -> Any:
        seen.append(sql.split()[0].upper())
        return execute(sql, *args)

    with connection.execute_wrapper(watch), transaction.atomic():
        before = (sqlite._writers.locked(), taken_elsewhere())
        began = connection.connection.in_transaction
        RateCount.objects.create(key="late", expires_at="2030-01-01T00:00Z")
        after = (sqlite._writers.locked(), taken_elsewhere())
        within = connection.connection.in_transaction

    assert before == (False, False)  # what runs before the first statement holds no one up
    assert after == (True, True)
    # Its BEGIN went ahead of it, on the connection (no query of the block's), and the INSERT
    # is in that transaction.
    assert (began, within) == (False, True)
    assert seen == ["INSERT"]
    assert not sqlite._writers.locked()


def test_a_block_that_sends_nothing_takes_no_lock() -> None:
    with transaction.atomic():
        held = sqlite._writers.locked()
    with transaction.atomic():
        RateCount.objects.create(key="after nothing", expires_at="2030-01-01T00:00Z")

    assert not held
    assert not sqlite._writers.locked()
    assert RateCount.objects.filter(key="after nothing").exists()


def test_a_rolled_back_block_stores_nothing_it_wrote_after_its_late_begin() -> None:
    def fail() -> None:
        with transaction.atomic():
            RateCount.objects.create(key="late and undone", expires_at="2030-01-01T00:00Z")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()

    assert not RateCount.objects.filter(key="late and undone").exists()
    assert not sqlite._writers.locked()


# --- The log's checkpoints, outside the locks ----------------------------------------------------


def write(key: str) -> None:
    with transaction.atomic():
        RateCount.objects.create(key=key, expires_at="2030-01-01T00:00Z")


REAL_CHECKPOINT = sqlite.checkpoint


def log_pages() -> int:
    """How many pages the log holds now (a PASSIVE checkpoint's answer)."""
    return REAL_CHECKPOINT(connection)[1]


def start_the_log_afresh() -> None:
    connection.ensure_connection()
    connection.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_sqlite_does_not_checkpoint_inside_our_commits() -> None:
    def threshold() -> int:  # a new connection, on a thread of its own
        try:
            connection.ensure_connection()
            return int(connection.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        finally:
            connection.close()

    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(threshold()))
    thread.start()
    thread.join()

    assert found == [sqlite.BACKSTOP_PAGES]
    assert sqlite.BACKSTOP_PAGES >= 5 * sqlite.RESTART_PAGES


def test_a_process_checkpoints_every_so_many_commits_once_the_locks_are_given_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[bool, bool]] = []
    real = sqlite.checkpoint

    def watched(on: Any) -> tuple[int, int, int]:
        calls.append((sqlite._writers.locked(), taken_elsewhere()))
        return real(on)

    monkeypatch.setattr(sqlite, "checkpoint", watched)
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 3)
    monkeypatch.setattr(sqlite, "RESTART_PAGES", 10**6)  # no restart: the checkpoint alone
    monkeypatch.setattr(sqlite, "_commits", 0)

    for number in range(7):
        write(f"counted-{number}")

    assert calls == [(False, False), (False, False)]  # after the 3rd and the 6th, unlocked


def write_and_close(key: str) -> None:
    try:
        write(key)
    finally:
        connection.close()


READERS: list[sqlite3.Connection] = []


@pytest.fixture(autouse=True)
def close_readers() -> Any:
    yield
    while READERS:
        READERS.pop().close()


def overtaken_checkpoint(calls: list[tuple[bool, bool]], found: list[tuple[int, int, int]]) -> Any:
    """sqlite.checkpoint as it goes under load: another writer commits while it copies the
    log, so it copies only what was there when it began (a reader of that moment pins it
    there, as the time the copying takes does)."""

    def checkpoint(on: Any) -> tuple[int, int, int]:
        calls.append((sqlite._writers.locked(), taken_elsewhere()))
        if len(calls) > 1:
            return REAL_CHECKPOINT(on)
        reader = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        READERS.append(reader)  # closed after the test: the last to close checkpoints
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM clinic_ratecount").fetchone()
            other = threading.Thread(target=write_and_close, args=("meanwhile",))
            other.start()
            other.join()
            found.append(REAL_CHECKPOINT(on))
            return found[-1]
        finally:
            reader.execute("COMMIT")

    return checkpoint


def a_long_log_then_a_due_checkpoint(
    monkeypatch: pytest.MonkeyPatch, restart_pages: int
) -> tuple[list[tuple[bool, bool]], tuple[int, int, int]]:
    """20 writes, the checkpoint due after the 21st overtaken by another writer, then one more
    write: the checkpoint's locks, and what it found (busy, pages in the log, pages copied)."""
    calls: list[tuple[bool, bool]] = []
    found: list[tuple[int, int, int]] = []
    monkeypatch.setattr(sqlite, "checkpoint", overtaken_checkpoint(calls, found))
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 10**6)  # none due during the 20
    start_the_log_afresh()
    for number in range(20):
        write(f"before-{number}")
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 1)
    monkeypatch.setattr(sqlite, "RESTART_PAGES", restart_pages)
    monkeypatch.setattr(sqlite, "_commits", 0)
    write("due")  # its checkpoint is overtaken
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 10**6)
    write("the next")
    return calls, found[0]


def test_a_long_log_starts_again_though_writers_committed_while_it_was_copied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checkpoint outside the locks leaves what other writers committed meanwhile; the
    catch-up, with the locks held, copies that, so the next write starts the log again."""
    calls, (_busy, log, copied) = a_long_log_then_a_due_checkpoint(monkeypatch, restart_pages=1)

    assert calls == [(False, False), (True, True)]  # outside the locks, then the catch-up
    assert 20 <= copied < log  # it was overtaken
    assert log_pages() < log / 4  # the last transaction's pages, not all of them


def test_without_the_catch_up_the_log_would_not_start_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the test above guards against: a checkpoint that other writers overtook."""
    calls, (_busy, log, copied) = a_long_log_then_a_due_checkpoint(monkeypatch, restart_pages=10**6)

    assert calls == [(False, False)]
    assert 20 <= copied < log
    assert log_pages() > log  # it grew on


WRITES_EACH = 500


def test_under_steady_load_the_log_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight threads writing without a pause: the log never grows past a few checkpoints'
    worth, though they write many times that."""
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 8)
    monkeypatch.setattr(sqlite, "RESTART_PAGES", 50)
    monkeypatch.setattr(sqlite, "_commits", 0)
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 10**6)
    start_the_log_afresh()
    for number in range(20):
        write(f"measure-{number}")
    pages_each = log_pages() / 20  # what one of these commits adds to the log
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 8)
    start_the_log_afresh()
    longest: list[int] = []
    real = sqlite.checkpoint

    def watched(on: Any) -> tuple[int, int, int]:
        found = real(on)
        longest.append(found[1])
        return found

    monkeypatch.setattr(sqlite, "checkpoint", watched)
    start = threading.Barrier(8)

    def writer(number: int) -> None:
        start.wait()
        try:
            for step in range(WRITES_EACH):
                write(f"load-{number}-{step}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wal = os.path.getsize(f"{connection.settings_dict['NAME']}-wal")
    page = connection.cursor().execute("PRAGMA page_size").fetchone()[0]

    written = 8 * WRITES_EACH * pages_each  # what a log that never started over would hold

    assert RateCount.objects.filter(key__startswith="load-").count() == 8 * WRITES_EACH
    assert pages_each >= 1
    assert longest, "no checkpoint ran"
    started_over = sum(later < earlier for earlier, later in itertools.pairwise(longest))
    assert started_over >= 3
    assert max(longest) < written / 3
    # The file never held more than that: the log started over again and again.
    assert wal < written / 3 * (page + 24) + 32
