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
