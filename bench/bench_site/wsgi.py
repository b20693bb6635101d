"""For the servers `make bench` compares: the app (with the hello view), and a bare WSGI app,
the floor of each server (what it costs to answer at all)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_site.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()


def bare(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    body = b"Hello, world"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
