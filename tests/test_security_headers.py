"""Security headers on every response: pages, the API, its document, and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

API_ANSWER = ("post", "/api/v1/screenings", {"age_months": 20})
API_ERROR = ("post", "/api/v1/screenings", {"age_months": -1})
RESPONSES = {
    "start page": ("get", "/", None),
    "missing page": ("get", "/no-such-page/", None),
    "api answer": API_ANSWER,
    "api error": API_ERROR,
    "openapi": ("get", "/api/v1/openapi.json", None),
    "api missing": ("get", "/api/v1/no-such-thing", None),
}


def fetch(client: Client, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "post":
        return client.post(path, json.dumps(body), content_type="application/json")
    return client.get(path)


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@pytest.fixture(params=list(RESPONSES.values()), ids=list(RESPONSES))
def response(request: pytest.FixtureRequest, client: Client) -> Any:
    return fetch(client, *request.param)


def test_it_sends_a_csp_without_inline_scripts(response: Any) -> None:
    policy = directives(response["Content-Security-Policy"])

    if "json" in response["Content-Type"]:
        # A JSON answer is no page: nothing in it may load or run at all.
        assert policy == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}
        return
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/v1/openapi.json", "json"),
        ("/fhir/metadata", "json"),
        ("/", "page"),
        ("/api/v1/no-such-thing", "either"),
    ],
)
def test_the_json_doors_answers_have_a_policy_of_their_own(
    client: Client, path: str, kind: str
) -> None:
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    is_json = "json" in response["Content-Type"]
    if kind == "json":
        assert is_json
    if kind == "page":
        assert not is_json
    assert (policy == "default-src 'none'; frame-ancestors 'none'") is is_json


def test_it_denies_framing(response: Any) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_it_forbids_content_sniffing(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_keeps_the_referrer_to_itself(response: Any) -> None:
    assert response["Referrer-Policy"] == "same-origin"


def test_it_turns_off_what_no_page_needs(response: Any) -> None:
    permissions = response["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize(
    "request_", [API_ANSWER, API_ERROR, RESPONSES["openapi"]], ids=["answer", "error", "openapi"]
)
def test_it_lets_no_cache_keep_an_api_response(client: Client, request_: Any) -> None:
    assert fetch(client, *request_)["Cache-Control"] == "no-store"
