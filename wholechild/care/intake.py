"""Receiving a family's request: one transaction, one request however often it is sent.

The web form and the API both call `actions.do_submit_request` with details they have already
checked. Each send carries a submission key: the web form's one-time token, or the API client's
Idempotency-Key (or a fresh random key when it sends none). Its hash is unique, so a second send
with the same key finds the first request instead of making another. The status token is derived
from the key and the body with the server's secret, so a true replay gets the same status link
back without the link itself ever being stored: only its hash is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from base64 import urlsafe_b64encode
from typing import Any

from django.conf import settings
from django.urls import reverse

from .models import ApiClient, EvaluationRequest, Source

# Crockford's base32 without the letters people misread (I, L, O, U): a reference is read out
# over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DETAIL_FIELDS = (
    "parent_name",
    "email",
    "phone",
    "child_first_name",
    "child_birth_date",
    "preferred_language",
    "best_time_to_call",
)


class IdempotencyConflict(Exception):
    """The same submission key came with a different request: not a replay."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def hash_token(token: str) -> str:
    return digest(token)


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


API_TOKEN_PREFIX = "wcapi_"  # noqa: S105 - what every token starts with


def new_api_token() -> str:
    """An API client's bearer token: 256 random bits, with a prefix that tells a person (and a
    secret scanner) what it is."""
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_reference() -> str:
    """Like "K7M-3QXP": 32^8 possibilities, short enough to read out. One random byte for each
    character, taken modulo 32: 256 is a multiple of 32, so every character is as likely as
    `secrets.choice` made it, from one read of the system's randomness rather than eight."""
    chars = "".join(REFERENCE_ALPHABET[byte % 32] for byte in secrets.token_bytes(8))
    return f"{chars[:4]}-{chars[4:]}"


def status_token(submission_key: str, body_digest: str) -> str:
    mac = hmac.new(
        settings.SECRET_KEY.encode(),
        f"status-link:{submission_key}:{body_digest}".encode(),
        hashlib.sha256,
    ).digest()
    return urlsafe_b64encode(mac).decode().rstrip("=")


def body_digest(details: dict[str, Any], screening: dict[str, Any]) -> str:
    body = {"screening": screening, **{k: details.get(k) for k in DETAIL_FIELDS}}
    return digest(json.dumps(body, sort_keys=True, default=str))


def status_url(token: str) -> str:
    return reverse("family:status", args=[token])


def find_by_token(token: str) -> EvaluationRequest | None:
    """The request a status link points to, or None for a wrong, tampered or deleted one."""
    if not token or len(token) > 100:
        return None
    return EvaluationRequest.objects.filter(status_token_hash=hash_token(token)).first()


def key_scope(source: Source, client: ApiClient | None = None) -> str:
    """Where a submission key belongs: its source, and for the API the client that sent it, so
    that two clients' keys never meet (and an anonymous caller's meet neither)."""
    return f"{source}-client-{client.pk}" if client is not None else str(source)


def submission_key_hash(
    submission_key: str, source: Source, client: ApiClient | None = None
) -> str:
    """Keys are hashed with their source (and client): the web form's and the API's never
    meet."""
    return digest(f"{key_scope(source, client)}:{submission_key}")


def already_stored(submission_key: str, source: Source, client: ApiClient | None = None) -> bool:
    """Whether a send with this key has been stored (a retry, or a conflict)."""
    key_hash = submission_key_hash(submission_key, source, client)
    return EvaluationRequest.objects.filter(submission_key_hash=key_hash).exists()
