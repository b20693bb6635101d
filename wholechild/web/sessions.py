"""Sessions in the cache, and what a page says when the cache is down.

The parent's answers and the staff's sign-in live in the session, and the session in the cache
(Redis, with several app processes). Django's cache sessions take a cache that does not answer
for an empty session: the parent is sent back to the start, their cookie is deleted (so the
answers kept in Redis are lost even once it is back), and the next save fails with a 500.

This store says instead that it cannot reach the cache (`StoreUnavailable`), and `server_error`,
the project's 500 handler, turns that into a 503 page: "We cannot save your answers right now".
The cookie stays, nothing else is touched, and when Redis answers again (redis-py reconnects by
itself) the parent carries on where they were. Pages that need no session keep working
throughout: the start page, the family's status page, the whole JSON API (whose rate limit
counts in the database meanwhile: wholechild.care.ratelimit).
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# What a cache that is down raises: redis-py's errors (refused, timed out, loading, read-only
# after a failover), or the socket's own.
try:
    from redis.exceptions import RedisError

    CACHE_DOWN: tuple[type[Exception], ...] = (RedisError, OSError)
except ImportError:  # without the redis extra there is no shared cache to lose
    CACHE_DOWN = (OSError,)

RETRY_AFTER_SECONDS = 120


class StoreUnavailable(Exception):
    """The session's cache did not answer: nothing was read or saved."""


class SessionStore(CacheSessionStore):
    _cache: BaseCache  # set by Django's store, whose type stubs leave it out

    def load(self) -> dict[str, Any]:
        try:
            data = self._cache.get(self.cache_key)
        except CACHE_DOWN as error:
            raise StoreUnavailable from error
        except Exception:  # an invalid key, as Django's own store allows (#17810)
            data = None
        if data is not None:
            loaded: dict[str, Any] = data
            return loaded
        self._session_key = None
        return {}

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create)
        except CACHE_DOWN as error:
            raise StoreUnavailable from error

    def exists(self, session_key: str) -> bool:
        try:
            return super().exists(session_key)
        except CACHE_DOWN as error:
            raise StoreUnavailable from error

    def delete(self, session_key: str | None = None) -> None:
        try:
            super().delete(session_key)
        except CACHE_DOWN as error:
            raise StoreUnavailable from error


def _store_was_down(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, StoreUnavailable):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500 handler. Django calls it while handling the exception, wherever it was
    raised (a view, a template, the session middleware saving the session), so a cache outage
    gets its own page and status, and anything else Django's plain 500 page. With DEBUG on,
    Django shows its debugging page instead, as for any error."""
    if not _store_was_down(sys.exc_info()[1]):
        return defaults.server_error(request)
    # Rendered without the request, as Django renders 500.html: a context processor reading
    # the session (the signed-in user, say) would only fail again.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
