"""PostgreSQL databases of a test's own, for the tests CI's second pass runs on PostgreSQL.

They sit beside the database DATABASE_URL names (as pytest-django's own test database does),
for a `wholechild` subprocess to serve, back up or restore into, and are dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

# As tests/test_database.py tells which database the suite runs on.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _server_url() -> str:
    return os.environ["DATABASE_URL"]


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of DATABASE_URL; its URL."""
    import psycopg
    from psycopg import sql

    name = f"wholechild_scratch_{secrets.token_hex(6)}"
    with psycopg.connect(_server_url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(_server_url())._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(_server_url(), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def terminate_connections(url: str) -> int:
    """End every connection to the database at `url` from another one, as a restart of
    PostgreSQL (or a failover) would; how many were ended."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_server_url(), autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(*) FROM ("
            "  SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            "  WHERE datname = %s AND pid <> pg_backend_pid()"
            ") AS ended",
            [name],
        ).fetchone()
    return int(ended[0]) if ended else 0
