"""Django's never_cache with its headers written out (wholechild.web.nocache): the same
headers as Django's decorator, and Django's merging where an answer already has one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.views.decorators.cache import never_cache as djangos_never_cache

from wholechild.web.nocache import never_cache


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("A page")


def public(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("A page")
    response["Cache-Control"] = "public, max-age=600"
    return response


def dated(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("A page")
    response["Expires"] = "Tue, 01 Dec 2026 00:00:00 GMT"
    return response


def test_it_writes_the_same_headers_as_djangos_never_cache() -> None:
    request = RequestFactory().get("/")
    ours, djangos = never_cache(plain)(request), djangos_never_cache(plain)(request)
    assert ours["Cache-Control"] == djangos["Cache-Control"]
    assert ours["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert ours.has_header("Expires")
    assert list(ours.headers) == list(djangos.headers)


def test_an_answer_with_its_own_cache_headers_is_merged_as_django_merges() -> None:
    request = RequestFactory().get("/")
    for view in (public, dated):
        ours, djangos = never_cache(view)(request), djangos_never_cache(view)(request)
        assert ours["Cache-Control"] == djangos["Cache-Control"]
        assert ours["Expires"] == djangos["Expires"]
    assert "no-store" in never_cache(public)(request)["Cache-Control"]
    assert never_cache(dated)(request)["Expires"] == "Tue, 01 Dec 2026 00:00:00 GMT"


def test_the_checks_pages_are_never_cached(client: object) -> None:
    from django.test import Client

    response = Client().get("/check/age/")
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response.has_header("Expires")
