"""The database the suite runs on is the one configured, and the migrations are in step.

CI runs this again with DATABASE_URL pointing at PostgreSQL; there it proves the run really
talks to PostgreSQL rather than quietly falling back to SQLite.
"""

import os
import secrets

import pytest
from django.core.management import call_command
from django.db import connection

from tests.scratch_postgres import ON_POSTGRES, scratch_database, terminate_connections
from tests.server import evaluation_request, request, serving


@pytest.mark.django_db
def test_it_talks_to_the_configured_database():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_the_committed_migrations_match_the_models():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.skipif(
    not ON_POSTGRES, reason="ends PostgreSQL's connections; CI's PostgreSQL pass runs it"
)
def test_no_request_fails_because_the_database_dropped_a_kept_connection(
    environment: dict[str, str],
) -> None:
    """Production keeps each thread's connection for ten minutes. After PostgreSQL restarts
    (here: every connection ended from another one), the next request on that thread must
    get a new connection, not the dead one's error."""
    headers = {"Content-Type": "application/json", "X-Forwarded-Proto": "https"}
    with scratch_database() as url:
        environment.update(
            DJANGO_ENV="production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            WHOLECHILD_TRUSTED_PROXY="127.0.0.1",
            DATABASE_URL=url,
        )
        # One process with one thread, so every request uses the one connection that is ended.
        with serving(environment, "--workers", "1", "--threads", "1") as port:
            path = "/api/v1/evaluation-requests"
            before = request(port, "POST", path, body=evaluation_request(1), headers=headers)
            ended = terminate_connections(url)
            after = request(port, "POST", path, body=evaluation_request(2), headers=headers)
            ended_again = terminate_connections(url)
            ready = request(port, "GET", "/readyz")

    assert before.status == 201, before.body
    assert ended >= 1  # the thread's kept connection was there, and was ended
    assert after.status == 201, after.body
    assert ended_again >= 1
    assert ready.status == 200, ready.body
