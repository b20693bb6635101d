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
        "wholechild.web.sessions",
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


# --- Reading yes-or-no and numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" ON ", True),
        ("0", False),
        ("false", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_a_yes_or_no_is_read_in_any_case(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    from wholechild.settings import env_bool

    monkeypatch.setenv("WHOLECHILD_TEST_SWITCH", value)

    assert env_bool("WHOLECHILD_TEST_SWITCH", not expected) is expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_yes_or_no_not_given_is_the_default(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    from wholechild.settings import env_bool

    if value is None:
        monkeypatch.delenv("WHOLECHILD_TEST_SWITCH", raising=False)
    else:
        monkeypatch.setenv("WHOLECHILD_TEST_SWITCH", value)

    assert env_bool("WHOLECHILD_TEST_SWITCH", True) is True
    assert env_bool("WHOLECHILD_TEST_SWITCH", False) is False


@pytest.mark.parametrize("value", ["ture", "flase", "y", "2", "enabled"])
def test_a_yes_or_no_it_cannot_read_is_refused_not_taken_as_no(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from wholechild.settings import env_bool

    monkeypatch.setenv("WHOLECHILD_TEST_SWITCH", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("WHOLECHILD_TEST_SWITCH", True)
    message = str(refused.value)
    assert message.startswith("WHOLECHILD_TEST_SWITCH must be one of ")
    assert all(word in message for word in ("true", "false", "yes", "no", "on", "off"))
    assert repr(value) in message


@pytest.mark.parametrize(("value", "expected"), [("90", 90), (" 30 ", 30), ("0", 0), ("", 7)])
def test_a_number_is_read_and_a_missing_one_is_the_default(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    from wholechild.settings import env_int

    monkeypatch.setenv("WHOLECHILD_TEST_NUMBER", value)

    assert env_int("WHOLECHILD_TEST_NUMBER", 7) == expected


@pytest.mark.parametrize("value", ["ninety", "1.5", "12h", "0x10"])
def test_a_number_it_cannot_read_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from wholechild.settings import env_int

    monkeypatch.setenv("WHOLECHILD_TEST_NUMBER", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("WHOLECHILD_TEST_NUMBER", 7)
    assert str(refused.value) == (
        f"WHOLECHILD_TEST_NUMBER must be a whole number, such as 7, not {value!r}."
    )


def test_a_typo_in_a_yes_or_no_stops_the_app_and_names_the_variable(
    environment: dict[str, str],
) -> None:
    result = django_process({**environment, "DJANGO_DEBUG": "ture"})

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG must be one of" in result.stderr
    assert "'ture'" in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "WHOLECHILD_LOCKOUT_FAILURES",
        "WHOLECHILD_LOCKOUT_MINUTES",
        "WHOLECHILD_STAFF_IDLE_MINUTES",
        "WHOLECHILD_STAFF_MAX_HOURS",
        "WHOLECHILD_RETENTION_DAYS",
        "WHOLECHILD_REQUEST_RATE_LIMIT",
    ],
)
def test_a_number_setting_that_is_not_a_number_stops_the_app_and_names_it(
    environment: dict[str, str], name: str
) -> None:
    result = django_process({**environment, name: "lots"})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be a whole number" in result.stderr


def test_the_command_says_which_number_it_cannot_read(
    wholechild: Any, environment: dict[str, str]
) -> None:
    result = wholechild(
        "manage", "check", env={**environment, "WHOLECHILD_RETENTION_DAYS": "3 months"}
    )

    assert result.returncode == 1
    assert result.stderr.startswith("wholechild: WHOLECHILD_RETENTION_DAYS must be a whole number")
    assert "Traceback" not in result.stderr


def test_the_data_is_kept_in_var_in_the_working_directory_by_default(
    environment: dict[str, str], tmp_path: Any
) -> None:
    # Not beside the code: after a plain `pip install` that is inside site-packages.
    del environment["WHOLECHILD_DATA_DIR"]
    result = subprocess.run(
        [sys.executable, "-c", SHOW_DATA_DIR],
        capture_output=True,
        text=True,
        env={**environment, "DJANGO_SETTINGS_MODULE": "wholechild.settings"},
        cwd=tmp_path,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    data_dir, database = result.stdout.split()
    assert data_dir == str(tmp_path / "var")
    assert database == str(tmp_path / "var" / "wholechild.sqlite3")


SHOW_DATA_DIR = """
import django
django.setup()
from django.conf import settings
print(settings.DATA_DIR, settings.DATABASES["default"]["NAME"])
"""
