"""Redis for the tests of an outage: one that is not there, or one of our own to stop and start.

The app never needs Redis; these tests point its caches at one, as REDIS_URL would.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
REDIS_SERVER = shutil.which("redis-server")


def use_redis(settings: Any, url: str) -> None:
    """Point the session cache and the rate limit at `url`, exactly as settings.py does for
    REDIS_URL (Django's test settings signal then drops the old cache connections)."""
    redis = {
        "BACKEND": "wholechild.web.cache.SharedClientRedisCache",
        "LOCATION": url,
        "OPTIONS": settings.REDIS_OPTIONS,
    }
    settings.REDIS_URL = url
    settings.CACHES = {"default": redis, "ratelimit": {**redis, "KEY_PREFIX": "ratelimit"}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class RedisServer:
    """A redis-server of the test's own, on a port of its own, that keeps nothing on disk."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert REDIS_SERVER is not None
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as ping:
                    ping.sendall(b"PING\r\n")
                    if ping.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """As if Redis crashed or was restarted: everything in it is gone."""
        if self.process is not None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        """As if Redis stopped answering without closing anything (a hung host)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)
