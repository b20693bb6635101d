"""HEAD answers carry headers only.

A HEAD request is answered with the headers a GET would have, and no body (RFC 9110, 9.3.2).
Django leaves that to the server: its runserver drops the body, waitress (`wholechild serve`)
sends it. A client reading a HEAD answer reads no body, so on a kept-alive connection the body
it was sent anyway is read as the start of the next answer, which is then broken.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class HeadWithoutBodyMiddleware:
    """Empty the body of every answer to HEAD, keeping its headers (Content-Length included:
    it is the length a GET would have). First in MIDDLEWARE, so that it sees the answer last."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # The closers still run (a static file's handle is closed when the answer is).
                response.streaming_content = []  # type: ignore[attr-defined]
            else:
                response.content = b""  # type: ignore[attr-defined]
        return response
