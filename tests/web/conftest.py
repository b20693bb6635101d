"""What the tests of the web layer share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import REDIS_SERVER, RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own, to stop and start."""
    if REDIS_SERVER is None:
        pytest.skip("needs redis-server, to stop and start it")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
