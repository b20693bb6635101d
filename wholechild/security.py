"""The security headers Django and django-csp do not set themselves.

Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp cover nosniff, the referrer
policy, framing and the Content-Security-Policy (see settings). This adds the rest, to every
response, error pages included.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

API_PATH_PREFIX = "/api/"


class SecurityHeadersMiddleware:
    """Add Permissions-Policy everywhere, and Cache-Control: no-store to the API.

    The pages never need a camera, a microphone or a location, so the browser is told to refuse
    them even if a script ever asked. API answers describe a child: no cache along the way, nor
    the client's, may keep a copy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy: str = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if request.path_info.startswith(API_PATH_PREFIX):
            response.headers["Cache-Control"] = "no-store"
        return response
