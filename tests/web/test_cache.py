"""The Redis cache keeps one client per connection pool, and still reads, writes and comes
back after Redis restarts (wholechild.web.cache)."""

from __future__ import annotations

import pytest
import redis

from tests.redis_server import RedisServer
from wholechild.web.cache import SharedClientRedisCache


def cache_at(url: str) -> SharedClientRedisCache:
    return SharedClientRedisCache(url, {"OPTIONS": {"socket_timeout": 2}})


def test_every_call_to_one_pool_is_given_the_same_client(redis_server: RedisServer) -> None:
    cache = cache_at(redis_server.url)

    first = cache._cache.get_client("a")
    again = cache._cache.get_client("b")

    assert first is again
    assert first.connection_pool is cache._cache._get_connection_pool(write=False)


def test_the_shared_client_writes_and_reads_back(redis_server: RedisServer) -> None:
    cache = cache_at(redis_server.url)

    cache.set("answers", {"age_months": 20}, 60)

    assert cache.get("answers") == {"age_months": 20}
    assert cache_at(redis_server.url).get("answers") == {"age_months": 20}


def test_the_shared_client_answers_again_once_redis_is_back(redis_server: RedisServer) -> None:
    cache = cache_at(redis_server.url)
    cache.set("before", 1, 60)

    redis_server.stop()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("before")
    redis_server.start()

    cache.set("after", 2, 60)
    assert cache.get("after") == 2


def test_a_thread_reads_on_a_connection_of_its_own_taken_once(redis_server: RedisServer) -> None:
    import threading

    cache = cache_at(redis_server.url)
    cache.set("answers", {"age_months": 20}, 60)
    pool = cache._cache._get_connection_pool(write=False)

    reads = [cache.get("answers") for _ in range(5)]
    mine = cache._cache._threads.owned[id(pool)][1]
    others: list[object] = []

    def read_elsewhere() -> None:
        cache.get("answers")
        others.append(cache._cache._threads.owned[id(pool)][1])

    thread = threading.Thread(target=read_elsewhere)
    thread.start()
    thread.join()

    assert reads == [{"age_months": 20}] * 5
    assert cache.get("nothing here", "default") == "default"
    assert others and others[0] is not mine  # each thread its own
    assert mine in pool._in_use_connections  # taken from the pool once, and kept


def test_a_read_after_redis_restarts_connects_again(redis_server: RedisServer) -> None:
    cache = cache_at(redis_server.url)
    cache.set("before", 1, 60)
    assert cache.get("before") == 1
    pool = cache._cache._get_connection_pool(write=False)

    redis_server.stop()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("before")  # Django's error, as the client raises it
    assert id(pool) not in cache._cache._threads.owned  # the broken connection dropped
    redis_server.start()

    cache.set("after", 2, 60)
    assert cache.get("after") == 2  # on a connection made again (given back, then taken)
    assert id(pool) in cache._cache._threads.owned


def test_a_connection_from_before_a_fork_is_not_used_after_it(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    cache = cache_at(redis_server.url)
    cache.set("answers", 1, 60)
    cache.get("answers")
    pool = cache._cache._get_connection_pool(write=False)
    parents = cache._cache._threads.owned[id(pool)][1]
    child = os.getpid() + 1
    monkeypatch.setattr(os, "getpid", lambda: child)  # as a forked process sees it

    assert cache.get("answers") == 1
    assert cache._cache._threads.owned[id(pool)][1] is not parents
