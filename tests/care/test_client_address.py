"""The client's address the audit log, the rate limit and django-axes use: what a trusted proxy
forwarded, when it is an address, and otherwise the peer's own."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from wholechild.care.audit import PEER_ADDRESS, client_address


@pytest.mark.parametrize(
    ("remote", "peer", "expected"),
    [
        ("203.0.113.7", "127.0.0.1", "203.0.113.7"),
        ("2001:db8::1", "", "2001:db8::1"),
        ("garbage", "127.0.0.1", "127.0.0.1"),
        ("203.0.113.7, 10.0.0.1", "10.0.0.2", "10.0.0.2"),
        ("fe80::1%eth0", "127.0.0.1", "127.0.0.1"),
        ("", "127.0.0.1", "127.0.0.1"),
        ("garbage", "", None),
    ],
    ids=["forwarded", "ipv6", "garbage", "a list", "ipv6 zone", "none", "nothing usable"],
)
def test_it_is_the_forwarded_address_or_else_the_peers(
    remote: str, peer: str, expected: str | None
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **{PEER_ADDRESS: peer})

    assert client_address(request) == expected


def test_there_is_none_without_a_request() -> None:
    assert client_address(None) is None
