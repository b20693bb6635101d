"""What storing an evaluation request costs the database: a few queries in one write
transaction, the rate limit's count among them, exact however many arrive at once.

(How fast that is, is `make bench`'s to say: bench/web.py; no test here times anything.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from tests.family.helpers import remember_existing, stored
from wholechild.care import ratelimit
from wholechild.care.models import RateCount

URL = "/api/v1/evaluation-requests"
BODY = {
    "screening": {"age_months": 20, "milestones": {"walks-alone": "not-yet"}},
    "parent_name": "Alex Example",
    "email": "alex@example.org",
    "child_first_name": "Mia",
    "child_birth_date": "2025-03-14",
    "preferred_language": "English",
    "consent": True,
}
# Two reads (whether the key was sent before, whether the new reference is taken) and, in one
# transaction, the rate limit's count, the request, its first status change, its audit entry,
# and the clinic's email and the family's (each a message, its task, the message's link to it).
MOST_QUERIES = 12


@pytest.fixture(autouse=True)
def clean_rate_limit(db: None) -> Iterator[None]:
    remember_existing()
    ratelimit.clear()
    yield
    ratelimit.clear()


class Watch:
    """Every statement the database runs, and whether it ran inside an atomic block."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.seen.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    @property
    def queries(self) -> list[str]:
        return [sql for sql, _ in self.seen if not is_transaction_control(sql)]

    @property
    def write_transactions(self) -> int:
        """Each atomic block with a write in it, and each write outside one (it commits on
        its own)."""
        count, block_writes, inside_before = 0, False, False
        for sql, inside in [*self.seen, ("", False)]:
            if inside_before and not inside:
                count += block_writes
                block_writes = False
            if is_write(sql):
                if inside:
                    block_writes = True
                else:
                    count += 1
            inside_before = inside
        return count


def is_transaction_control(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))


def is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))


def post(client: Client, body: dict[str, Any] = BODY, **extra: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_a_request_is_a_few_queries_in_one_write_transaction(client: Client) -> None:
    post(client)  # the first POST of a process sweeps the expired counts: not this one
    watch = Watch()

    with connection.execute_wrapper(watch):
        response = post(client, {**BODY, "child_first_name": "Leo"})

    assert response.status_code == 201
    assert len(watch.queries) <= MOST_QUERIES, "\n".join(watch.queries)
    assert watch.write_transactions == 1


def test_the_rate_limit_is_one_upsert_in_that_transaction(client: Client) -> None:
    post(client)
    watch = Watch()

    with connection.execute_wrapper(watch):
        post(client, {**BODY, "child_first_name": "Leo"})

    counts = [sql for sql in watch.queries if "clinic_ratecount" in sql]
    assert len(counts) == 1
    assert counts[0].lstrip().upper().startswith("INSERT")
    assert "ON CONFLICT" in counts[0].upper()
    assert RateCount.objects.get().count == 2


def test_expired_counts_are_swept_now_and_then_not_on_every_post(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = datetime.now(tz=UTC) - timedelta(days=1)
    RateCount.objects.create(key="rl:evaluation-request:1:old", count=3, expires_at=long_ago)
    monkeypatch.setattr(ratelimit, "_next_sweep", 0.0)  # a process that has not swept yet

    post(client)
    swept = not RateCount.objects.filter(key__endswith=":old").exists()
    RateCount.objects.create(key="rl:evaluation-request:2:old", count=3, expires_at=long_ago)
    watch = Watch()
    with connection.execute_wrapper(watch):
        post(client, {**BODY, "child_first_name": "Leo"})

    assert swept
    assert not [sql for sql in watch.queries if sql.lstrip().upper().startswith("DELETE")]
    assert RateCount.objects.filter(key__endswith=":old").exists()  # until the next sweep


@override_settings(REQUEST_RATE_LIMIT=1)
def test_over_the_limit_nothing_is_stored_and_the_answer_is_429(client: Client) -> None:
    assert post(client).status_code == 201

    response = post(client, {**BODY, "child_first_name": "Leo"})

    assert response.status_code == 429
    assert stored().count() == 1
    assert RateCount.objects.get().count == 1  # the refused one rolled back with the request


@override_settings(REQUEST_RATE_LIMIT=1)
def test_a_request_refused_as_invalid_is_not_counted(client: Client) -> None:
    assert post(client, {**BODY, "consent": False}).status_code == 422

    assert post(client).status_code == 201


@pytest.mark.django_db(transaction=True)
@override_settings(REQUEST_RATE_LIMIT=3)
def test_requests_arriving_at_once_are_counted_exactly() -> None:
    """Twelve families' requests from one address at the same moment, with a limit of three:
    exactly three are stored, as the count is raised in each one's own transaction."""
    remember_existing()
    answers: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def send(number: int) -> None:
        start.wait()
        try:
            status = post(Client(), {**BODY, "parent_name": f"Parent {number}"}).status_code
        finally:
            connection.close()
        with lock:
            answers.append(status)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [201] * 3 + [429] * 9
    assert stored().count() == 3
