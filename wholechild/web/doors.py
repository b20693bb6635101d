"""The middleware only the pages need, passed by the JSON API.

The API (`/api/`) has no sessions, no CSRF token, no one signed in and no messages: a client
sends a body and gets an answer (wholechild.api). Sessions, CSRF, authentication, two-factor,
the staff's session rules, messages and the sign-in lockout are for the pages, and cost a
fifth of a small API answer's time for nothing. `PageMiddleware`, in settings.MIDDLEWARE, runs
the list in `settings.PAGE_MIDDLEWARE` around everything after it, as if that list stood in
its place, for every request but the API's, which goes straight on.

What every answer needs stays in MIDDLEWARE, outside it, for the API too: the security
headers, the Content-Security-Policy, X-Frame-Options, the language, compression, HEAD.

Each inner middleware's `process_view`, `process_template_response` and `process_exception` is
called where Django would call it (CSRF's check is a `process_view`): in the list's order for
the first, the reverse for the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string

API_PATH_PREFIX = "/api/"  # wholechild.api, mounted in wholechild/urls.py
Handler = Callable[[HttpRequest], HttpResponseBase]


def for_pages(request: HttpRequest) -> bool:
    return not request.path_info.startswith(API_PATH_PREFIX)


class PageMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.views: list[Callable[..., HttpResponseBase | None]] = []
        self.templates: list[Callable[..., Any]] = []
        self.exceptions: list[Callable[..., HttpResponseBase | None]] = []
        handler: Handler = get_response
        # As Django's BaseHandler.load_middleware builds its own chain.
        for path in reversed(settings.PAGE_MIDDLEWARE):
            try:
                middleware = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(middleware, "process_view"):
                self.views.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self.templates.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self.exceptions.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)  # type: ignore[assignment]
        self.pages = handler

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if for_pages(request):
            return self.pages(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if for_pages(request):
            for hook in self.views:
                response = hook(request, view, args, kwargs)
                if response is not None:
                    return response
        return None

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        if for_pages(request):
            for hook in self.templates:
                response = hook(request, response)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if for_pages(request):
            for hook in self.exceptions:
                response = hook(request, exception)
                if response is not None:
                    return response
        return None
