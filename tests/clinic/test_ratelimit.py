"""The rate limit on the public sends: per client, shared by every process, exact under load."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory

from tests.redis_server import CLOSED_REDIS, REDIS_SERVER, RedisServer, use_redis
from wholechild.care import ratelimit
from wholechild.care.audit import PEER_ADDRESS
from wholechild.care.models import RateCount


@pytest.fixture(autouse=True)
def limit_of_three(settings: Any) -> None:
    settings.REQUEST_RATE_LIMIT = 3


def post_from(address: str) -> Any:
    return RequestFactory().post("/", REMOTE_ADDR=address)


def allowed(address: str, times: int) -> list[bool]:
    return [ratelimit.hit("test", post_from(address)) is None for _ in range(times)]


@pytest.mark.django_db
def test_a_client_gets_the_limit_and_then_a_wait() -> None:
    assert allowed("203.0.113.5", 4) == [True, True, True, False]
    limited = ratelimit.hit("test", post_from("203.0.113.5"))
    assert limited is not None and 1 <= limited.retry_after <= 3600


@pytest.mark.django_db
def test_each_ipv4_address_has_its_own_count() -> None:
    allowed("203.0.113.5", 3)
    assert allowed("203.0.113.6", 1) == [True]


@pytest.mark.django_db
def test_addresses_in_one_ipv6_64_share_a_count() -> None:
    results = [ratelimit.hit("test", post_from(f"2001:db8:1:2::{n:x}")) is None for n in range(5)]
    assert results == [True, True, True, False, False]
    assert allowed("2001:db8:1:3::1", 1) == [True]


@pytest.mark.django_db
def test_a_forwarded_address_that_is_not_one_counts_as_the_peers() -> None:
    # Behind a trusted proxy REMOTE_ADDR is what X-Forwarded-For said (wholechild.cli).
    def forwarded(said: str, peer: str) -> Any:
        return RequestFactory().post("/", REMOTE_ADDR=said, **{PEER_ADDRESS: peer})

    results = [ratelimit.hit("test", forwarded(f"garbage-{n}", "10.0.0.2")) for n in range(4)]
    assert [result is None for result in results] == [True, True, True, False]
    assert ratelimit.hit("test", forwarded("garbage", "10.0.0.3")) is None


@pytest.mark.django_db
def test_the_count_holds_a_hash_never_the_address() -> None:
    allowed("203.0.113.5", 1)
    (key,) = RateCount.objects.values_list("key", flat=True)
    assert "203.0.113" not in key


@pytest.mark.django_db
def test_clearing_forgets_every_count() -> None:
    allowed("203.0.113.5", 3)
    ratelimit.clear()
    assert allowed("203.0.113.5", 1) == [True]


def twelve_sends_at_once() -> list[bool]:
    """Twelve sends from one address at the same moment, each in a thread of its own: which
    got through."""
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def send() -> None:
        start.wait()
        try:
            outcome = ratelimit.hit("race", post_from("198.51.100.7")) is None
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_sends_arriving_at_once_are_counted_exactly() -> None:
    """Twelve sends at the same moment, from one address, with a limit of three: exactly three
    get through, as the database counts them one after another."""
    results = twelve_sends_at_once()

    assert len(results) == 12
    assert results.count(True) == 3


@pytest.mark.django_db
def test_while_redis_is_down_the_database_counts_instead(settings: Any) -> None:
    ratelimit.clear()
    use_redis(settings, CLOSED_REDIS)

    assert allowed("203.0.113.5", 4) == [True, True, True, False]
    assert RateCount.objects.count() == 1


# --- In Redis: one round trip, exact, and gone with its window ---------------------------------


@pytest.fixture
def redis_server(tmp_path: Path, settings: Any) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("needs redis-server")
    server = RedisServer(tmp_path)
    server.start()
    use_redis(settings, server.url)
    ratelimit.clear()
    yield server
    server.stop()


def keys_in(server: RedisServer) -> dict[str, int]:
    """Each count's key in Redis, and the seconds it has left."""
    client = redis.Redis.from_url(server.url)
    return {key.decode(): int(client.ttl(key)) for key in client.keys("*")}


@pytest.mark.django_db
def test_in_redis_a_client_gets_the_limit_and_then_a_wait(redis_server: RedisServer) -> None:
    assert allowed("203.0.113.5", 4) == [True, True, True, False]
    assert allowed("203.0.113.6", 1) == [True]
    assert not RateCount.objects.exists()


@pytest.mark.django_db
def test_in_redis_each_count_is_one_command_under_the_caches_own_key(
    redis_server: RedisServer, settings: Any
) -> None:
    sent: list[tuple[Any, ...]] = []
    client = caches[ratelimit.CACHE_ALIAS]._cache.get_client(write=True)
    real = client.execute_command

    def watched(*args: Any, **options: Any) -> Any:
        sent.append(args)
        return real(*args, **options)

    client.execute_command = watched
    try:
        allowed("203.0.113.5", 2)
    finally:
        del client.execute_command

    # One command each: the first asks Redis for the script by its hash, and sends it whole when
    # this Redis has not run it yet; from then on Redis knows it.
    assert [str(args[0]).upper() for args in sent] == ["EVALSHA", "EVAL", "EVALSHA"]
    (key, seconds), *others = keys_in(redis_server).items()
    assert others == []
    assert key.startswith("ratelimit:1:rl:test:") and "203.0.113" not in key
    window = settings.REQUEST_RATE_WINDOW_SECONDS
    assert window < seconds <= window + 60  # it outlives its window a little, then goes


@pytest.mark.django_db
def test_in_redis_a_count_made_before_is_counted_on(
    redis_server: RedisServer, settings: Any
) -> None:
    # As the cache's own add and incr kept it, before the count was one command.
    window = int(time.time() // settings.REQUEST_RATE_WINDOW_SECONDS)
    key = ratelimit._key("test", window, "203.0.113.5")
    caches[ratelimit.CACHE_ALIAS].set(key, 2, timeout=60)

    assert allowed("203.0.113.5", 2) == [True, False]


@pytest.mark.django_db
def test_in_redis_a_restarted_redis_counts_afresh(redis_server: RedisServer) -> None:
    allowed("203.0.113.5", 2)
    redis_server.stop()
    redis_server.start()  # nothing kept: no count, and no script

    assert allowed("203.0.113.5", 4) == [True, True, True, False]


@pytest.mark.django_db
def test_in_redis_clearing_forgets_every_count(redis_server: RedisServer) -> None:
    allowed("203.0.113.5", 3)
    ratelimit.clear()
    assert allowed("203.0.113.5", 1) == [True]


@pytest.mark.django_db(transaction=True)
def test_in_redis_sends_arriving_at_once_are_counted_exactly(redis_server: RedisServer) -> None:
    results = twelve_sends_at_once()

    assert sorted(results) == [False] * 9 + [True] * 3


# --- A stored send's count (ratelimit.SendCount): in Redis before its transaction, else inside --


def a_send() -> ratelimit.SendCount:
    return ratelimit.SendCount.from_address("send", post_from("203.0.113.5"))


def counted(count: ratelimit.SendCount) -> None:
    """As `actions.do_submit_request` counts a send: before its transaction, then in it."""
    count.before_the_transaction()
    count.in_the_transaction()


@pytest.mark.django_db
def test_with_redis_a_send_is_counted_before_its_transaction_and_once(
    redis_server: RedisServer, settings: Any
) -> None:
    count = a_send()

    count.before_the_transaction()
    counted_inside = count.in_the_transaction()

    assert count.counted and not counted_inside
    assert not RateCount.objects.exists()
    assert len(keys_in(redis_server)) == 1


@pytest.mark.django_db
def test_with_redis_down_a_send_is_counted_in_its_transaction(settings: Any) -> None:
    ratelimit.clear()
    use_redis(settings, CLOSED_REDIS)
    count = a_send()

    count.before_the_transaction()
    uncounted_before = not count.counted
    counted_inside = count.in_the_transaction()

    assert uncounted_before and counted_inside
    assert RateCount.objects.get().count == 1


@pytest.mark.django_db
def test_without_redis_a_send_is_counted_only_in_its_transaction(settings: Any) -> None:
    count = a_send()

    count.before_the_transaction()
    uncounted_before = not RateCount.objects.exists() and not count.counted
    count.in_the_transaction()

    assert uncounted_before
    assert RateCount.objects.get().count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("with_redis", [True, False])
def test_a_send_over_the_limit_is_refused_where_it_is_counted(
    request: pytest.FixtureRequest, settings: Any, with_redis: bool
) -> None:
    if with_redis:
        request.getfixturevalue("redis_server")
    for _ in range(3):
        counted(a_send())

    with pytest.raises(ratelimit.OverTheLimit) as refused:
        counted(a_send())

    assert 1 <= refused.value.retry_after <= 3600


@pytest.mark.django_db(transaction=True)  # the test's own transaction would hide the request's
def test_the_apis_count_in_redis_holds_no_transaction_open(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside: list[bool] = []
    real = ratelimit._incr_in_redis

    def watched(*args: Any) -> int:
        inside.append(connection.in_atomic_block)
        return real(*args)

    monkeypatch.setattr(ratelimit, "_incr_in_redis", watched)
    body = {
        "screening": {"age_months": 20},
        "parent_name": "Alex Example",
        "email": "alex@example.org",
        "child_first_name": "Mia",
        "child_birth_date": "2025-03-14",
        "consent": True,
    }
    response = Client().post(
        "/api/v1/evaluation-requests", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201
    assert inside == [False]
    assert not RateCount.objects.exists()
