"""A per-address limit on the public POSTs that store something: "Send your request" and
`POST /api/v1/evaluation-requests`; and a per-client limit on every call an API client makes
with its token (`hit_api_client`, the number an hour its administrator set).

A fixed window: the clock is cut into windows of REQUEST_RATE_WINDOW_SECONDS, and each client
(an IPv4 address, or an IPv6 /64) may POST REQUEST_RATE_LIMIT times in one. The count is kept
where every app process sees it: in Redis when REDIS_URL is set (the "ratelimit" cache, INCR),
otherwise (and while Redis is down) in the database (RateCount, one upsert). Either way
under the scope, the window and a SHA-256 of the client, so an address is never stored in the
clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
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
    """Raised in the transaction that would store a request, so that nothing is stored: the
    client has had its share for this window (`actions.do_submit_request`'s `count`)."""

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
    address = client_address(request) or "unknown"
    return _hit(settings.REQUEST_RATE_LIMIT, lambda window: _key(scope, window, address))


def hit_api_client(client: ApiClient) -> Limited | None:
    """Count one call by a known API client, against its own limit an hour (whatever its
    address: a clinic's website sends for many families); Limited when it is one too many."""
    return _hit(client.rate_limit, lambda window: f"rl:api-client:{window}:{client.pk}")


def _hit(limit: int, key_for: Callable[[int], str]) -> Limited | None:
    length: int = settings.REQUEST_RATE_WINDOW_SECONDS
    now = time.time()
    window = int(now // length)
    key = key_for(window)
    # The count outlives its window a little, so a clock at the edge never resets it early.
    count = _count_in_redis(key, length + 60, now) if settings.REDIS_URL else _count_in_db(key, now)
    if count > limit:
        retry_after = max(1, int((window + 1) * length - now))
        return Limited(retry_after)
    return None


def _count_in_redis(key: str, timeout: int, now: float) -> int:
    """INCR is atomic in Redis: every process counts together, exactly. While Redis is down the
    database counts instead, so a send is neither refused nor let through uncounted; a client
    may get up to one extra window's worth across the switch, and no more."""
    cache = caches[CACHE_ALIAS]
    try:
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
        return _count_in_db(key, now)


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
