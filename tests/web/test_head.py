"""HEAD answers carry the headers a GET would have, and no body, whatever server runs the app.

Django's test client drops a HEAD answer's body itself, as runserver does, so these tests call
the WSGI application the way waitress does (and tests/test_cli.py asks a real `wholechild
serve` over a kept-alive connection)."""

from __future__ import annotations

from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from wholechild.wsgi import application


def call(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.update(status=status, headers=dict(headers))
        return lambda data: None

    answer = application(environ, start_response)
    try:
        body = b"".join(answer)
    finally:
        getattr(answer, "close", lambda: None)()
    return started["status"], started["headers"], body


# Not that the pages ask the database anything: a connection left open by an earlier test is
# checked for health when a request starts (CONN_HEALTH_CHECKS), and that check needs access.
pytestmark = pytest.mark.django_db


def test_head_answers_with_the_headers_of_get_and_no_body() -> None:
    status, headers, body = call("GET", "/")
    head_status, head_headers, head_body = call("HEAD", "/")

    assert status == head_status == "200 OK"
    assert len(body) > 1000
    assert head_body == b""
    assert head_headers["Content-Type"] == headers["Content-Type"]
    assert head_headers["Content-Length"] == str(len(body))


@pytest.mark.django_db
def test_head_of_a_static_file_has_no_body() -> None:
    status, headers, body = call("HEAD", "/static/wholechild.css")

    assert status == "200 OK"
    assert body == b""
    assert int(headers["Content-Length"]) > 0
