"""On SQLite the transactions of one process queue on a lock of their own (care/sqlite.py), so
that they hand over at once instead of sleeping in SQLite's retries; every way a transaction
ends gives the lock back."""

from __future__ import annotations

import fcntl
import os
import threading

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
