"""What a load balancer asks: is the process up (/healthz), and can it serve (/readyz)?

Both answer in a few bytes with nothing about anyone in them, are never cached, and are not
audited: a probe every few seconds is not a person looking at a record. `ProbeMiddleware`,
first in the middleware, answers them before the host check and the HTTPS redirect, because a
load balancer usually probes the server's own address (`Host: 10.0.0.5:8000`) over plain HTTP;
the routes in `wholechild.urls` are the same views, for anything that goes through the URLs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_KEY = "wholechild:readyz"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 while the process answers at all. It touches nothing else, so a database or cache
    outage never gets the process restarted: that is what /readyz is for."""
    return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Not ready: the database does not answer (%s)", type(error).__name__)
        return False
    return True


def migrations_applied() -> bool:
    """Every migration of this code is applied: a new release is not ready until `migrate`
    (which `wholechild serve` runs as it starts) has finished."""
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return False
    if plan:
        logger.warning("Not ready: %d migration(s) not applied", len(plan))
    return not plan


def cache_answers() -> bool:
    """Each configured cache stores and returns a value: the sessions' and, with Redis, the
    rate limit's."""
    for alias in caches.settings:
        try:
            cache = caches[alias]
            cache.set(PROBE_KEY, "ok", timeout=10)
            answered = cache.get(PROBE_KEY) == "ok"
        except Exception as error:  # whatever the backend raises when it is down
            logger.warning(
                "Not ready: the %s cache does not answer (%s)", alias, type(error).__name__
            )
            return False
        if not answered:
            return False
    return True


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database and the cache answer and the migrations are applied, else 503;
    the body names which of the three failed, and nothing more."""
    database = database_answers()
    checks = {
        "database": database,
        "migrations": database and migrations_applied(),
        "cache": cache_answers(),
    }
    ready = all(checks.values())
    body = {name: "ok" if passed else "failing" for name, passed in checks.items()}
    return _no_store(JsonResponse(body, status=200 if ready else 503))


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": healthz,
    "/readyz": readyz,
}


class ProbeMiddleware:
    """Answer GET and HEAD of the probes' two paths at once; pass everything else on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
