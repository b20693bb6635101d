"""The security headers Django and django-csp do not set themselves.

Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp cover nosniff, the referrer
policy, framing and the Content-Security-Policy (see settings). This adds the rest, to every
response, error pages included, and gives the JSON doors' answers a policy of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

API_PATH_PREFIX = "/api/"
# The doors whose answers are JSON, for programs: the API and FHIR.
JSON_PATH_PREFIXES = (API_PATH_PREFIX, "/fhir/")
# A JSON answer is never a page: nothing in it may load, run or be framed, whatever a browser
# makes of it (OWASP's REST Security Cheat Sheet gives this policy for APIs).
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, for the pages; a JSON answer of the API or FHIR gets
    `JSON_POLICY` instead. django-csp builds the pages' policy anew for every answer (twice:
    the policy and its report-only twin), which was a seventh of the largest screening's cost
    in one process, for a policy that does not fit JSON: nothing there is a script, a style or
    a form. An HTML answer on those paths (Django's 404 page) keeps the pages' policy."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(JSON_PATH_PREFIXES) and "json" in response.get(
            "Content-Type", ""
        ):
            response.headers.setdefault(HEADER, JSON_POLICY)
            return response
        return super().process_response(request, response)


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
