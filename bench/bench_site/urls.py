"""The app's URLs and, in front of them, the floors its pages are measured against: a Django
hello-world view, through the same middleware on the same server, and the screening API with
the engine taken out (the same body read and checked, the same answer sent, worked out once),
which says how much of the API's time is the engine's."""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from wholechild.json_request import load_request
from wholechild.screening import largest_request, screen
from wholechild.urls import handler500
from wholechild.urls import urlpatterns as app_urlpatterns

__all__ = ["handler500", "urlpatterns"]

LARGEST_ANSWER = screen(largest_request())


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


@csrf_exempt
def screened_already(request: HttpRequest) -> HttpResponse:
    load_request(request.body)
    return HttpResponse(orjson.dumps(LARGEST_ANSWER), content_type="application/json")


urlpatterns = [
    path("bench/hello", hello),
    # Under /api/, so that it passes the same middleware as the API (wholechild.web.doors).
    path("api/bench/screened-already", screened_already),
    *app_urlpatterns,
]
