"""A per-address limit on the public POSTs that store something: "Send your request" and
`POST /api/v1/evaluation-requests`.

A fixed window: the clock is cut into windows of REQUEST_RATE_WINDOW_SECONDS, and each client
(an IPv4 address, or an IPv6 /64) may POST REQUEST_RATE_LIMIT times in one. The count is kept
where every app process sees it: in Redis when REDIS_URL is set (the "ratelimit" cache, INCR),
otherwise (and while Redis is down) in the database (RateCount, an atomic UPDATE). Either way
under the scope, the window and a SHA-256 of the client, so an address is never stored in the
clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from .audit import client_address
from .models import RateCount

CACHE_ALIAS = "ratelimit"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limited:
    """Over the limit: try again in `retry_after` seconds."""

    retry_after: int


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
    limit: int = settings.REQUEST_RATE_LIMIT
    length: int = settings.REQUEST_RATE_WINDOW_SECONDS
    now = time.time()
    window = int(now // length)
    key = _key(scope, window, client_address(request) or "unknown")
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
    """One row per client and window. The UPDATE takes the row's lock (PostgreSQL) or the
    database's write lock (SQLite) until the transaction ends, so the count read back is this
    POST's own, however many arrive at once."""
    expires = datetime.fromtimestamp(now, tz=UTC) + timedelta(
        seconds=settings.REQUEST_RATE_WINDOW_SECONDS + 60
    )
    with transaction.atomic():
        RateCount.objects.get_or_create(key=key, defaults={"expires_at": expires})
        RateCount.objects.filter(key=key).update(count=F("count") + 1)
        count: int = RateCount.objects.values_list("count", flat=True).get(key=key)
    RateCount.objects.filter(expires_at__lt=datetime.fromtimestamp(now, tz=UTC)).delete()
    return count


def clear() -> None:
    """Forget every count: for tests, or an operator lifting a limit early."""
    RateCount.objects.all().delete()
    if settings.REDIS_URL:
        caches[CACHE_ALIAS].clear()
