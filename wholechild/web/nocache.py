"""Django's `never_cache`, with its two headers written out rather than worked out.

Django's decorator parses and rebuilds Cache-Control for every answer (`patch_cache_control`),
which cost as much as anything else the results page still does. This one writes the same
headers, in the same words, on an answer that has neither yet, and leaves an answer that has
one of them to Django's own `add_never_cache_headers`, which merges.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

# What Django's add_never_cache_headers writes on an answer without a Cache-Control.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"

View = Callable[..., HttpResponseBase]


def never_cache(view: View) -> View:
    @wraps(view)
    def never_cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.has_header("Cache-Control") or response.has_header("Expires"):
            add_never_cache_headers(response)
        else:
            response.headers["Expires"] = http_date(time.time())
            response.headers["Cache-Control"] = NEVER_CACHE
        return response

    return never_cached
