"""Pages drawn once and given again.

A page whose HTML depends only on the language, its own address and a key the view names (the
start page; the results page for one set of answers, one day and one clinic) is drawn once in
each process and given again, as long as nothing else could change it:

- no message is waiting for the visitor ("Your answers were cleared"): that page is drawn
  afresh, with the message, and the message is used up as usual;
- not with DEBUG, where templates are read again as they change.

The CSRF token is the one thing on such a page that differs from one visitor to the next. The
page is drawn with a placeholder in its place (random for each process, so no page's words can
hold it), and each visitor's own token is put in on the way out: a remembered page never
carries another visitor's token, and asking for it sets the CSRF cookie as drawing it would.
The token is Django's, masked as Django masks it (a new mask each time, against BREACH), with
the mask's 32 characters drawn from one read of the system's randomness rather than from 32:
that one step was a fifth of a remembered page's cost. A visitor who has a CSRF cookie is not
sent it again (`visitor_token` says why).

Each process keeps the last `REMEMBERED` pages (a few kB each; they hold no one's details: the
results page's answers are in the visitor's session anyway). docs/decisions.md, "Pages drawn
once".
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation

REMEMBERED = 512

_HOLE = f"csrf-{secrets.token_hex(16)}"
_pages: OrderedDict[Hashable, str] = OrderedDict()
_lock = threading.Lock()


def forget(**_kwargs: Any) -> None:
    """Draw every page afresh (a setting changed: the tests' override_settings)."""
    with _lock:
        _pages.clear()


setting_changed.connect(forget, dispatch_uid="wholechild-drawn-pages")


_CHARS: str = CSRF_ALLOWED_CHARS
_INDEX = {char: number for number, char in enumerate(_CHARS)}
# Bytes under this are each one of the 62 characters with the same chance; the rest are dropped.
_FAIR = 256 - 256 % len(_CHARS)


def _mask() -> str:
    """CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, each as likely as the others."""
    found: list[str] = []
    while len(found) < CSRF_SECRET_LENGTH:
        found += [_CHARS[b % len(_CHARS)] for b in os.urandom(2 * CSRF_SECRET_LENGTH) if b < _FAIR]
    return "".join(found[:CSRF_SECRET_LENGTH])


def visitor_token(request: HttpRequest) -> str:
    """`get_token(request)`: the visitor's CSRF secret, masked anew. Django's own steps where
    the visitor has no secret yet, which set their CSRF cookie on the way out.

    Django's `get_token` also sends a visitor's cookie again on every page that asks for a
    token, to start its year (CSRF_COOKIE_AGE) again; this does not, which was a twelfth of a
    remembered page's cost. The cookie keeps the secret it has, and a visitor whose cookie ends
    after a year is given a new one on the next page, as any new visitor is."""
    # CsrfViewMiddleware put the secret there from the visitor's cookie, having checked that
    # it is CSRF_SECRET_LENGTH of CSRF_ALLOWED_CHARS (else it put a new one).
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    mask = _mask()
    cipher = "".join(
        _CHARS[(_INDEX[s] + _INDEX[m]) % len(_CHARS)] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _messages_waiting(request: HttpRequest) -> bool:
    """Whether a message is waiting to be shown, read without using it up."""
    if not hasattr(request, "_messages"):
        return False
    return len(get_messages(request)) > 0


def render_remembered(
    request: HttpRequest,
    template: str,
    key: Hashable = (),
    context: Callable[[], dict[str, Any]] = dict,
) -> HttpResponse:
    """`render(request, template, context())`, drawn once for each `key`, language and
    address (`context` is called only when it is drawn)."""
    if settings.DEBUG or _messages_waiting(request):
        return render(request, template, context())
    found = (
        template,
        translation.get_language(),
        get_script_prefix(),
        request.get_full_path(),
        key,
    )
    with _lock:
        html = _pages.get(found)
        if html is not None:
            _pages.move_to_end(found)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": _HOLE}, request)
        with _lock:
            _pages[found] = html
            while len(_pages) > REMEMBERED:
                _pages.popitem(last=False)
    if _HOLE in html:
        html = html.replace(_HOLE, visitor_token(request))
    return HttpResponse(html)
