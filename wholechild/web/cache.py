"""Django's Redis cache, with one redis-py client kept for each connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call, and a
new client fills its table of some 170 reply callbacks each time: about 90 µs, nearly half of
a session's read on a page. A client is safe to share between threads (its pool hands each
call a connection of its own), so this keeps the one it made for each pool and gives it again.
Everything else (the pools, the serializer, the options, what happens when Redis is down) is
Django's. `CACHES` in settings.py names it where REDIS_URL is set.

A read (`get`, which every page with a session makes once) goes further: each thread keeps a
connection of the pool's for itself and sends its GET on it straight, without the client's
round of taking a connection from the pool, timing and counting it for its metrics, and giving
it back (23 µs of CPU of a read's 53). A reply of Redis's own (an error) is raised as the client
would raise it; a connection that fails is dropped, and the read is made again the client's way,
which connects afresh or raises as Django's does. A connection is the thread's while the thread
lives (waitress's threads live as long as the server), and is never one from before a fork.
Keys are not checked for memcached: Redis takes any key (`validate_key`).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    CONNECTION_FAILED: tuple[type[Exception], ...] = (
        RedisConnectionError,
        RedisTimeoutError,
        OSError,
    )
except ImportError:  # without the redis extra, this cache is never used
    CONNECTION_FAILED = (OSError,)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._threads = threading.local()

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's own helpers, which its type stubs leave out
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Two threads may both make one at first; the second kept is as good as the first.
            pool = django._get_connection_pool(write)
            client = self._clients[index] = django._client(connection_pool=pool)
        return client

    def _own_connection(self, client: Any) -> Any:
        """This thread's connection of `client`'s pool, taken from it once."""
        pid = os.getpid()
        owned: dict[int, tuple[int, Any]] = self._threads.__dict__.setdefault("owned", {})
        pool = client.connection_pool
        found = owned.get(id(pool))
        if found is None or found[0] != pid:  # none yet, or the parent's before a fork
            found = owned[id(pool)] = (pid, pool.get_connection())
        return found[1]

    def _forget_connection(self, client: Any, connection: Any) -> None:
        self._threads.__dict__.get("owned", {}).pop(id(client.connection_pool), None)
        try:
            connection.disconnect()
        finally:
            client.connection_pool.release(connection)

    def get(self, key: Any, default: Any) -> Any:
        client = self.get_client(key)
        connection = self._own_connection(client)
        try:
            connection.send_command("GET", key)
            value = connection.read_response()
        except CONNECTION_FAILED:
            self._forget_connection(client, connection)
            value = client.get(key)  # the client's way: a new connection, or Django's error
        django: Any = self
        return default if value is None else django._serializer.loads(value)


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def validate_key(self, key: str) -> None:
        """Nothing to check: Django warns of keys memcached would refuse, and this is Redis."""
