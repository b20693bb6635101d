"""The database the suite runs on is the one configured, and the migrations are in step.

CI runs this again with DATABASE_URL pointing at PostgreSQL; there it proves the run really
talks to PostgreSQL rather than quietly falling back to SQLite.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection


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
