"""/healthz and /readyz: what a load balancer asks, answered in a few bytes about no one."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from tests.redis_server import CLOSED_REDIS, use_redis
from wholechild.care.models import AuditEvent


def test_healthz_says_the_process_is_up_without_touching_the_database(client: Client) -> None:
    # No `db` fixture: pytest-django refuses any query, so this fails if the probe makes one.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_readyz_says_ready_when_the_database_cache_and_migrations_are(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "cache": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_is_never_stored_never_audited_and_sets_no_cookie(
    client: Client, path: str
) -> None:
    before = AuditEvent.objects.count()

    response = client.get(path)

    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert AuditEvent.objects.count() == before
    assert len(response.content) < 100


@pytest.mark.django_db
def test_readyz_is_not_ready_until_every_migration_is_applied(client: Client) -> None:
    # As if a new release's newest migration had not run yet.
    ((app, newest),) = MigrationLoader(connection).graph.leaf_nodes("clinic")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, newest])

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["migrations"] == "failing"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_redis_does_not_answer(client: Client, settings: Any) -> None:
    use_redis(settings, CLOSED_REDIS)

    ready = client.get("/readyz")
    alive = client.get("/healthz")

    assert ready.status_code == 503
    assert ready.json() == {"database": "ok", "migrations": "ok", "cache": "failing"}
    assert alive.status_code == 200


def test_readyz_is_not_ready_when_the_database_does_not_answer(
    environment: dict[str, str],
) -> None:
    # A fresh process, since the database is chosen once: a SQLite file in a folder that is
    # not there cannot be opened.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "for path in ('/readyz', '/healthz'):\n"
        "    response = client.get(path)\n"
        "    print(response.status_code, response.content.decode().strip())\n"
    )
    environment.update(
        DJANGO_SETTINGS_MODULE="wholechild.settings",
        DATABASE_URL="sqlite:////nonexistent-folder/wholechild.sqlite3",
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    ready, alive = result.stdout.splitlines()
    status, body = ready.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"database": "failing", "migrations": "failing", "cache": "ok"}
    assert alive == "200 ok"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_over_http_to_the_servers_own_address_is_answered_in_production(
    settings: Any, path: str
) -> None:
    """A load balancer probes the server's address over plain HTTP: neither the HTTPS
    redirect nor the check of the Host header may turn it away."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["check.example.org"]
    client = Client()

    response = client.get(path, HTTP_HOST="10.0.0.5:8000")
    page = client.get("/", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert page.status_code == 400  # everything else is still refused, as before


@pytest.mark.django_db
def test_a_probe_refuses_what_is_not_a_read(client: Client) -> None:
    assert client.post("/readyz").status_code == 405
    assert client.head("/readyz").status_code == 200
