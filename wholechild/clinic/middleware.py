"""Staff sessions end after 30 minutes idle and 12 hours at most, and the audit log says so.

Only sessions of signed-in users are touched: a parent's check keeps its own, longer life. The
session lives on the server (the cache), so ending it here ends it everywhere.

An idle session is dropped by the cache (and its cookie by the browser) at the very moment it
goes idle, so no request ever finds it idle. Each staff answer therefore also carries a small
signed cookie, `wholechild_staff_seen` (the user's id, when the session started and when it was
last used), that outlives the session: the next request from that browser finds the cookie
without a session, and the expiry is audited then. See docs/staff-accounts.md, "Sessions".
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.core import signing
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from wholechild.care import audit
from wholechild.care.models import AuditAction

STARTED = "staff_started"
LAST_SEEN = "staff_last_seen"
SEEN_COOKIE = "wholechild_staff_seen"
SEEN_SALT = "wholechild.clinic.middleware.seen"
# Where the staff pages are (wholechild/urls.py).
STAFF_PATH = "/clinic/"
SEEN_PATH = STAFF_PATH


class ClinicInEnglishMiddleware:
    """The staff pages are in English, whatever the browser asks for or the language switch
    chose: the clinic works in English, and a record shows the family's Spanish beside its
    English (docs/decisions.md). Runs just after Django's LocaleMiddleware, which chose the
    language for the family's pages, and says Content-Language: en on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith(STAFF_PATH):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Without a session cookie there is nobody signed in, and reading request.user would
        # touch the session (and add Vary: Cookie to the API's answers).
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        user = getattr(request, "user", None) if has_session else None
        seen = _seen(request)
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
                seen = (user.pk, started, now)
        elif seen is not None:
            _audit_ended_while_away(request, *seen)
        response = self.get_response(request)
        still_signed_in = user is not None and request.user.is_authenticated
        if still_signed_in and seen is not None:
            response.set_cookie(
                SEEN_COOKIE,
                signing.dumps(list(seen), salt=SEEN_SALT),
                max_age=settings.STAFF_MAX_SESSION_SECONDS,
                path=SEEN_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif SEEN_COOKIE in request.COOKIES:
            # Signed out, expired here, or already audited: nothing left to notice.
            response.delete_cookie(SEEN_COOKIE, path=SEEN_PATH, samesite="Lax")
        return response


def _seen(request: HttpRequest) -> tuple[int, int, int] | None:
    """The user id, start and last use of the staff session this browser had, if any."""
    value = request.COOKIES.get(SEEN_COOKIE)
    if not value:
        return None
    try:
        user_id, started, last_seen = signing.loads(
            value, salt=SEEN_SALT, max_age=settings.STAFF_MAX_SESSION_SECONDS
        )
        return int(user_id), int(started), int(last_seen)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _audit_ended_while_away(request: HttpRequest, user_id: int, started: int, last: int) -> None:
    """The browser is back without its session: audit the expiry, when it was one (a session
    that ended otherwise was audited then, or ended with the server, as a restart does)."""
    now = int(time.time())
    if now - last > settings.STAFF_IDLE_SECONDS:
        why = "idle"
    elif now - started > settings.STAFF_MAX_SESSION_SECONDS:
        why = "maximum length"
    else:
        return
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        audit.record(
            AuditAction.SESSION_EXPIRED,
            request=request,
            actor=user,
            target=user.get_username(),
            detail=why,
        )
