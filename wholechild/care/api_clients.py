"""Knowing which API client calls: the bearer token in `Authorization`, found by its hash.

Shared by the doors that take a client's token (the JSON API and FHIR). A request without the
header is anonymous; one with a token that is malformed, unknown or revoked is refused, never
taken as anonymous, so a client whose token stopped working hears so at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from .intake import hash_token
from .models import ApiClient

MAX_TOKEN = 200


@dataclass(frozen=True)
class Caller:
    """Who calls: a client, or nobody known (`client` None); `refused` when a token was sent
    that opens nothing."""

    client: ApiClient | None
    refused: bool = False


def caller(request: HttpRequest) -> Caller:
    header = request.headers.get("Authorization")
    if header is None:
        return Caller(None)
    scheme, _space, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN:
        return Caller(None, refused=True)
    found = ApiClient.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True).first()
    return Caller(found, refused=found is None)
