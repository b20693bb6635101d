"""Pages are gzipped for browsers that take it, with Django's BREACH padding, but never an answer
that carries someone's details: one that may not be cached, or that sets a cookie."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_public_page_is_gzipped_for_a_browser_that_takes_it(client: Client) -> None:
    plain = client.get("/")
    packed = client.get("/", **GZIP)

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) < len(plain.content) / 2


def test_it_carries_djangos_padding_against_breach(client: Client) -> None:
    # Heal the Breach: a random-length file name in each gzip header.
    answers = [client.get("/", **GZIP).content for _ in range(8)]

    assert all(answer[3] & gzip.FNAME for answer in answers)
    assert len({len(answer) for answer in answers}) > 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/check/age/",  # a parent's answers: never cached, so never compressed
        "/clinic/sign-in/",  # a staff page (and it sets the CSRF cookie)
        "/api/v1/openapi.json",  # the API
    ],
)
def test_an_answer_that_may_not_be_cached_is_not_compressed(client: Client, path: str) -> None:
    answer = client.get(path, **GZIP)

    assert answer.status_code == 200
    assert "Content-Encoding" not in answer


def test_an_answer_that_sets_a_cookie_is_not_compressed() -> None:
    from django.http import HttpRequest, HttpResponse

    from wholechild.web.compression import PublicPagesGZipMiddleware

    def page(request: HttpRequest) -> HttpResponse:
        answer = HttpResponse("<p>" + "words " * 200 + "</p>")
        answer.set_cookie("seen", "yes")
        return answer

    request = HttpRequest()
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    answer = PublicPagesGZipMiddleware(page)(request)

    assert "Content-Encoding" not in answer
