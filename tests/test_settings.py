"""Settings from the environment: safe by default locally, strict in production.

Settings are read once per process, so each case runs in a fresh one.
"""

from __future__ import annotations

import secrets
import string
import subprocess
import sys
from typing import Any

import pytest

SHOW_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(settings.DEBUG, settings.DATABASES["default"]["ENGINE"], settings.SESSION_ENGINE)
"""


def django_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "wholechild.settings"},
        check=False,
    )


def production(environment: dict[str, str], **overrides: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return {
        **environment,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        **overrides,
    }


def test_it_runs_locally_with_nothing_set(environment: dict[str, str]) -> None:
    result = django_process(environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.contrib.sessions.backends.cache",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECRET_KEY", None),
        ("DJANGO_SECRET_KEY", "too-short"),
        ("DJANGO_ALLOWED_HOSTS", None),
    ],
    ids=["no secret key", "short secret key", "no allowed hosts"],
)
def test_it_refuses_production_without_what_it_needs(
    environment: dict[str, str], name: str, value: str | None
) -> None:
    env = production(environment)
    if value is None:
        del env[name]
    else:
        env[name] = value

    result = django_process(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


@pytest.mark.parametrize("value", ["prod", "staging", "Production"])
def test_it_refuses_an_environment_it_does_not_know(
    environment: dict[str, str], value: str
) -> None:
    result = django_process(production(environment, DJANGO_ENV=value))

    assert result.returncode != 0
    assert "DJANGO_ENV must be 'local' or 'production'" in result.stderr


def test_it_turns_debug_off_in_production(environment: dict[str, str]) -> None:
    result = django_process(production(environment, DJANGO_DEBUG="true"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_it_passes_the_deploy_check_in_production(
    wholechild: Any, environment: dict[str, str]
) -> None:
    result = wholechild(
        "manage", "check", "--deploy", "--fail-level", "WARNING", env=production(environment)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_command_says_what_production_is_missing(
    wholechild: Any, environment: dict[str, str]
) -> None:
    env = production(environment)
    del env["DJANGO_SECRET_KEY"]

    result = wholechild("manage", "check", env=env)

    assert result.returncode == 1
    assert result.stderr.startswith("wholechild: DJANGO_SECRET_KEY")
    assert "Traceback" not in result.stderr
