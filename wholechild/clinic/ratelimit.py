"""A per-address limit on the public POSTs that store something: "Send your request" and
`POST /api/v1/evaluation-requests`.

A fixed window: the clock is cut into windows of REQUEST_RATE_WINDOW_SECONDS, and each address
may POST REQUEST_RATE_LIMIT times in one. The count lives in the "ratelimit" cache (Redis when
there is one, else a database table), under the scope, the window and a SHA-256 of the address,
so the cache never holds an address in the clear. `cache.add` starts a window's count and
`cache.incr` adds to it, both atomic on Redis.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

CACHE_ALIAS = "ratelimit"


@dataclass(frozen=True)
class Limited:
    """Over the limit: try again in `retry_after` seconds."""

    retry_after: int


def _key(scope: str, window: int, address: str) -> str:
    hashed = hashlib.sha256(address.encode()).hexdigest()
    return f"rl:{scope}:{window}:{hashed}"


def hit(scope: str, request: HttpRequest) -> Limited | None:
    """Count one POST from this request's address; Limited when it is one too many."""
    limit: int = settings.REQUEST_RATE_LIMIT
    length: int = settings.REQUEST_RATE_WINDOW_SECONDS
    now = time.time()
    window = int(now // length)
    key = _key(scope, window, request.META.get("REMOTE_ADDR") or "unknown")
    cache = caches[CACHE_ALIAS]
    # The count outlives its window a little, so a clock at the edge never resets it early.
    cache.add(key, 0, timeout=length + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first POST
        cache.add(key, 1, timeout=length + 60)
        count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * length - now))
        return Limited(retry_after)
    return None
