"""The rate limit on the public sends: per client, shared by every process, exact under load."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from tests.redis_server import CLOSED_REDIS, use_redis
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


@pytest.mark.django_db(transaction=True)
def test_sends_arriving_at_once_are_counted_exactly() -> None:
    """Twelve sends at the same moment, from one address, with a limit of three: exactly three
    get through, as the database counts them one after another."""
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

    assert len(results) == 12
    assert results.count(True) == 3


@pytest.mark.django_db
def test_while_redis_is_down_the_database_counts_instead(settings: Any) -> None:
    ratelimit.clear()
    use_redis(settings, CLOSED_REDIS)

    assert allowed("203.0.113.5", 4) == [True, True, True, False]
    assert RateCount.objects.count() == 1
