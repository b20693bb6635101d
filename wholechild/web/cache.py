"""Django's Redis cache, with one redis-py client kept for each connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call, and a
new client fills its table of some 170 reply callbacks each time: about 90 µs, nearly half of
a session's read on a page. A client is safe to share between threads (its pool hands each
call a connection of its own), so this keeps the one it made for each pool and gives it again.
Everything else (the pools, the serializer, the options, what happens when Redis is down) is
Django's. `CACHES` in settings.py names it where REDIS_URL is set.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's own helpers, which its type stubs leave out
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Two threads may both make one at first; the second kept is as good as the first.
            pool = django._get_connection_pool(write)
            client = self._clients[index] = django._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
