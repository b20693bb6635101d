"""Staff sessions end after 30 minutes idle and 12 hours at most.

Only sessions of signed-in users are touched: a parent's check keeps its own, longer life. The
session lives on the server (the cache), so ending it here ends it everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase

from wholechild.care import audit
from wholechild.care.models import AuditAction

STARTED = "staff_started"
LAST_SEEN = "staff_last_seen"


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Without a session cookie there is nobody signed in, and reading request.user would
        # touch the session (and add Vary: Cookie to the API's answers).
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        user = getattr(request, "user", None) if has_session else None
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.STAFF_IDLE_SECONDS
            too_long = now - started > settings.STAFF_MAX_SESSION_SECONDS
            if idle or too_long:
                audit.record(
                    AuditAction.SESSION_EXPIRED,
                    request=request,
                    actor=user,
                    target=user.get_username(),
                    detail="idle" if idle else "maximum length",
                )
                # logout() flushes the session on the server; the flag stops the signal
                # from logging the expiry a second time as a sign-out.
                request.staff_session_expired = True  # type: ignore[attr-defined]
                logout(request)
            else:
                request.session[LAST_SEEN] = now
                request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)
