"""A per-address limit on the public POSTs that store something: "Send your request" and
`POST /api/v1/evaluation-requests`; and a per-client limit on every call an API client makes
with its token (`hit_api_client`, the number an hour its administrator set).

A fixed window: the clock is cut into windows of REQUEST_RATE_WINDOW_SECONDS, and each client
(an IPv4 address, or an IPv6 /64) may POST REQUEST_RATE_LIMIT times in one. The count is kept
where every app process sees it: in Redis when REDIS_URL is set (the "ratelimit" cache, one
INCR in a script that also sets the window's expiry), otherwise (and while Redis is down) in
the database (RateCount, one upsert). Either way under the scope, the window and a SHA-256 of
the client, so an address is never stored in the clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest

from .audit import client_address
from .models import ApiClient, RateCount

CACHE_ALIAS = "ratelimit"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limited:
    """Over the limit: try again in `retry_after` seconds."""

    retry_after: int


class OverTheLimit(Exception):
    """Raised before or in the transaction that would store a request, so that nothing is
    stored: the client has had its share for this window (`SendCount`)."""

    def __init__(self, limited: Limited) -> None:
        super().__init__(f"Over the rate limit: try again in {limited.retry_after} seconds.")
        self.retry_after = limited.retry_after


def client_of(address: str) -> str:
    """Who is counted: an IPv4 address, or an IPv6 address's /64, since one home or phone has a
    whole /64 to itself and could otherwise send from a new address every time."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(scope: str, window: int, address: str) -> str:
    hashed = hashlib.sha256(client_of(address).encode()).hexdigest()
    return f"rl:{scope}:{window}:{hashed}"


def hit(scope: str, request: HttpRequest) -> Limited | None:
    """Count one POST from this request's address; Limited when it is one too many."""
    return _hit(settings.REQUEST_RATE_LIMIT, _address_keys(scope, request))


def hit_api_client(client: ApiClient) -> Limited | None:
    """Count one call by a known API client, against its own limit an hour (whatever its
    address: a clinic's website sends for many families); Limited when it is one too many."""
    return _hit(client.rate_limit, _client_keys(client))


def _address_keys(scope: str, request: HttpRequest) -> Callable[[int], str]:
    address = client_address(request) or "unknown"
    return lambda window: _key(scope, window, address)


def _client_keys(client: ApiClient) -> Callable[[int], str]:
    return lambda window: f"rl:api-client:{window}:{client.pk}"


def _hit(limit: int, key_for: Callable[[int], str]) -> Limited | None:
    now = time.time()
    window = _window(now)
    key = key_for(window)
    count = _count_in_redis(key, now) if settings.REDIS_URL else _count_in_db(key, now)
    return _over(limit, count, window, now)


def _window(now: float) -> int:
    return int(now // settings.REQUEST_RATE_WINDOW_SECONDS)


def _over(limit: int, count: int, window: int, now: float) -> Limited | None:
    if count > limit:
        length: int = settings.REQUEST_RATE_WINDOW_SECONDS
        return Limited(max(1, int((window + 1) * length - now)))
    return None


class SendCount:
    """One send's count, for `actions.do_submit_request`, made where it holds the transaction
    that stores the send least.

    With Redis, before that transaction (`before_the_transaction`): Redis takes no part in it
    either way, so a send refused later (a conflict) stays counted as it always did, and a
    round trip inside it kept SQLite's one write lock for as long. Without Redis, or while it
    is down, in the database inside that transaction (`in_the_transaction`): the count and the
    send are one write, and a send that is not stored is not counted. Over the limit, either
    raises OverTheLimit. Counted once, whichever counts.
    """

    def __init__(self, limit: int, key_for: Callable[[int], str]) -> None:
        self.limit = limit
        self.key_for = key_for
        self.counted = False

    @classmethod
    def from_address(cls, scope: str, request: HttpRequest) -> SendCount:
        return cls(settings.REQUEST_RATE_LIMIT, _address_keys(scope, request))

    @classmethod
    def by_client(cls, client: ApiClient) -> SendCount:
        return cls(client.rate_limit, _client_keys(client))

    def before_the_transaction(self) -> None:
        if self.counted or not settings.REDIS_URL:
            return
        now = time.time()
        window = _window(now)
        count = _redis_count(self.key_for(window))
        if count is not None:
            self._counted(count, window, now)

    def in_the_transaction(self) -> bool:
        """Count in the database, unless it was counted before; whether it counted now."""
        if self.counted:
            return False
        now = time.time()
        window = _window(now)
        self._counted(_count_in_db(self.key_for(window), now), window, now)
        return True

    def _counted(self, count: int, window: int, now: float) -> None:
        self.counted = True
        limited = _over(self.limit, count, window, now)
        if limited:
            raise OverTheLimit(limited)


def _count_in_redis(key: str, now: float) -> int:
    """Counted atomically in Redis: every process counts together, exactly. While Redis is
    down the database counts instead, so a send is neither refused nor let through uncounted;
    a client may get up to one extra window's worth across the switch, and no more."""
    count = _redis_count(key)
    return _count_in_db(key, now) if count is None else count


def _redis_count(key: str) -> int | None:
    """The count after this one, in Redis; None while Redis is down (the database counts)."""
    cache = caches[CACHE_ALIAS]
    # The count outlives its window a little, so a clock at the edge never resets it early.
    timeout = settings.REQUEST_RATE_WINDOW_SECONDS + 60
    try:
        if isinstance(cache, RedisCache):
            return _incr_in_redis(cache, key, timeout)
        cache.add(key, 0, timeout=timeout)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr: this is the window's first POST
            cache.add(key, 1, timeout=timeout)
            return 1
    except Exception as error:  # whatever the cache raises when it is down
        logger.warning(
            "Rate limit counted in the database: Redis failed (%s)", type(error).__name__
        )
        return None


# INCR, and the window's first count given its expiry, as one step of Redis's own: one round
# trip where Django's cache.add and cache.incr took three (SET NX, EXISTS, INCR), and no moment
# between them in which the count could expire and be made again without one.
COUNT_SCRIPT = (
    "local count = redis.call('INCR', KEYS[1]) "
    "if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return count"
)
COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()


def _incr_in_redis(cache: RedisCache, key: str, timeout: int) -> int:
    """The count under the key the cache itself would use (its prefix and version), so that
    `clear()` and a count made by `cache.incr` before still meet it."""
    from redis.exceptions import NoScriptError

    name = cache.make_and_validate_key(key)
    django: Any = cache  # the cache's client, which Django's type stubs leave out
    client = django._cache.get_client(name, write=True)
    try:
        return int(client.evalsha(COUNT_SCRIPT_SHA, 1, name, timeout))
    except NoScriptError:  # a Redis that has not run it since it started: EVAL sends it whole
        return int(client.eval(COUNT_SCRIPT, 1, name, timeout))


def _count_in_db(key: str, now: float) -> int:
    """One row per client and window, raised by one upsert (INSERT … ON CONFLICT DO UPDATE …
    RETURNING): it takes the row's lock (PostgreSQL) or the database's write lock (SQLite)
    until the transaction ends, so the count it returns is this POST's own, however many
    arrive at once. Inside the transaction that stores the request (the API's), it adds no
    write transaction of its own. Expired counts are swept now and then (`_sweep`)."""
    expires = datetime.fromtimestamp(now, tz=UTC) + timedelta(
        seconds=settings.REQUEST_RATE_WINDOW_SECONDS + 60
    )
    quote = connection.ops.quote_name
    table, key_column, count_column, expires_column = (
        quote(name) for name in (RateCount._meta.db_table, "key", "count", "expires_at")
    )
    upsert = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) "  # noqa: S608
        f"VALUES (%s, 1, %s) ON CONFLICT ({key_column}) "
        f"DO UPDATE SET {count_column} = {table}.{count_column} + 1"
    )
    params = [key, connection.ops.adapt_datetimefield_value(expires)]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{upsert} RETURNING {count_column}", params)
        else:  # SQLite before 3.35: the count read back in the same transaction
            cursor.execute(upsert, params)
            cursor.execute(
                f"SELECT {count_column} FROM {table} WHERE {key_column} = %s",  # noqa: S608
                [key],
            )
        count = int(cursor.fetchone()[0])
        _sweep(now)
    return count


# When this process next deletes the counts whose window is over: not on every POST (it was a
# DELETE each time), but often enough that the table holds about one window's worth.
SWEEP_SECONDS = 10 * 60
_next_sweep = 0.0


def _sweep(now: float) -> None:
    global _next_sweep
    if now < _next_sweep:
        return
    _next_sweep = now + SWEEP_SECONDS
    RateCount.objects.filter(expires_at__lt=datetime.fromtimestamp(now, tz=UTC)).delete()


def clear() -> None:
    """Forget every count: for tests, or an operator lifting a limit early."""
    RateCount.objects.all().delete()
    if settings.REDIS_URL:
        caches[CACHE_ALIAS].clear()
