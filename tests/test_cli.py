"""`wholechild screen`, `serve` and `manage`, run as a program calling them would."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.server import serving as serve_on_a_free_port
from wholechild.screening import ScreeningError, render_text, screen

REQUEST = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}


def test_it_prints_the_answer_as_json(wholechild: Any) -> None:
    result = wholechild("screen", input=json.dumps(REQUEST))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == screen(REQUEST)
    assert result.stderr == ""


def test_it_answers_the_worked_examples(wholechild: Any, worked_example: dict[str, Any]) -> None:
    result = wholechild("screen", input=json.dumps(worked_example["input"]))
    expect = worked_example["expect"]

    if expect.get("error"):
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["overall"] in expect["overall"]
        assert answer["urgency"] in expect["urgency"]
        for discipline in ("pt", "ot"):
            if discipline in expect:
                assert answer[discipline]["level"] in expect[discipline]


def test_it_reads_the_request_from_a_file(wholechild: Any, tmp_path: Path) -> None:
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(REQUEST))

    result = wholechild("screen", str(request_file))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == screen(REQUEST)


def test_it_reads_stdin_for_a_dash(wholechild: Any) -> None:
    result = wholechild("screen", "-", input=json.dumps(REQUEST))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == screen(REQUEST)


def test_it_prints_the_answer_for_a_person_with_text(wholechild: Any) -> None:
    result = wholechild("screen", "--text", input=json.dumps(REQUEST))

    assert result.returncode == 0, result.stderr
    assert result.stdout == render_text(screen(REQUEST)) + "\n"


def test_it_takes_text_before_or_after_the_file(wholechild: Any, tmp_path: Path) -> None:
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(REQUEST))
    expected = render_text(screen(REQUEST)) + "\n"

    assert wholechild("screen", "--text", str(request_file)).stdout == expected
    assert wholechild("screen", str(request_file), "--text").stdout == expected


def test_it_explains_its_usage(wholechild: Any) -> None:
    result = wholechild("screen", "--help")

    assert result.returncode == 0
    assert result.stdout.startswith(
        "usage: wholechild screen [-h] [--text] [--language LANGUAGE] [FILE]"
    )


def test_it_refuses_unknown_options_and_extra_files(wholechild: Any) -> None:
    assert wholechild("screen", "--json").returncode == 2
    assert wholechild("screen", "a.json", "b.json").returncode == 2


def test_it_says_where_the_json_is_malformed(wholechild: Any) -> None:
    result = wholechild("screen", input='{\n  "age_months": 20,\n}')

    assert result.returncode == 2
    assert result.stdout == ""
    assert "not valid JSON" in result.stderr
    assert "line 3, column 1" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("", "Expecting value at line 1, column 1"),
        ("[]", "must be a JSON object"),
        ('{"age_months": NaN}', "NaN is not a JSON number"),
        (b'{"age_months": "\xff"}', "not UTF-8"),
        # Python refuses to read a whole number of more than 4,300 digits.
        ('{"age_months": ' + "1" * 4301 + "}", "a number too long to read"),
        ('{"gestational_age_weeks": -' + "3" * 5000 + "}", "it has 5000 digits"),
    ],
    ids=["empty", "list", "nan", "not-utf8", "long-number", "long-negative-number"],
)
def test_it_refuses_what_is_not_a_json_object(
    wholechild: Any, data: str | bytes, words: str
) -> None:
    result = wholechild("screen", input=data)

    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_it_explains_a_bad_request_with_the_engines_words(wholechild: Any) -> None:
    request = {"age_months": 20, "concerns": ["juggling"]}
    with pytest.raises(ScreeningError) as raised:
        screen(request)

    result = wholechild("screen", input=json.dumps(request))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"wholechild screen: {' '.join(str(raised.value).split())}\n"


def test_it_says_when_the_file_cannot_be_read(wholechild: Any, tmp_path: Path) -> None:
    result = wholechild("screen", str(tmp_path / "missing.json"))

    assert result.returncode == 2
    assert result.stdout == ""
    assert "missing.json" in result.stderr
    assert "No such file or directory" in result.stderr


def test_it_does_not_import_django_or_pydantic_to_screen(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(REQUEST))

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wholechild", "screen", str(request_file)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "wholechild.screening" in imported  # the measure works
    heavy = {name for name in imported if name.split(".")[0] in {"django", "pydantic", "ninja"}}
    assert heavy == set()


def test_it_runs_as_the_installed_console_script(environment: dict[str, str]) -> None:
    script = Path(sys.executable).with_name("wholechild")

    result = subprocess.run(
        [str(script), "screen"],
        input=json.dumps(REQUEST),
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"] == screen(REQUEST)["overall"]


def test_it_passes_manage_through_to_django(wholechild: Any) -> None:
    result = wholechild("manage", "check")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_passes_options_after_manage_to_django(wholechild: Any) -> None:
    import django

    result = wholechild("manage", "--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == django.get_version()


def test_it_needs_a_command(wholechild: Any) -> None:
    result = wholechild()

    assert result.returncode == 2
    assert "screen" in result.stderr


@contextmanager
def serving(environment: dict[str, str]) -> Iterator[http.client.HTTPConnection]:
    """Run `wholechild serve` on a free port; a connection to it while it runs."""
    with serve_on_a_free_port(environment) as port:
        yield http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def fetch(
    connection: http.client.HTTPConnection, method: str, path: str, **options: Any
) -> http.client.HTTPResponse:
    connection.request(method, path, **options)
    response = connection.getresponse()
    response.read()
    return response


def test_it_prepares_the_database_and_serves_the_app(environment: dict[str, str]) -> None:
    data_dir = Path(environment["WHOLECHILD_DATA_DIR"])

    with serving(environment) as connection:
        connection.request(
            "POST",
            "/api/v1/screenings",
            json.dumps(REQUEST),
            {"Content-Type": "application/json"},
        )
        answer = json.load(connection.getresponse())

    assert answer == screen(REQUEST)
    assert (data_dir / "wholechild.sqlite3").stat().st_size > 0


def test_it_serves_production_behind_a_trusted_proxy(environment: dict[str, str]) -> None:
    data_dir = Path(environment["WHOLECHILD_DATA_DIR"])
    environment.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        WHOLECHILD_TRUSTED_PROXY="127.0.0.1",
        # One process: more need REDIS_URL (tests/test_serve.py serves from two).
        WHOLECHILD_WORKERS="1",
    )
    https = {"X-Forwarded-Proto": "https"}

    with serving(environment) as connection:
        plain = fetch(connection, "GET", "/api/v1/openapi.json")
        secure = fetch(connection, "GET", "/api/v1/openapi.json", headers=https)
        manifest = json.loads((data_dir / "static" / "staticfiles.json").read_text())
        first_file = next(iter(manifest["paths"].values()))
        static = fetch(connection, "GET", f"/static/{first_file}", headers=https)

    assert plain.status == 301
    assert plain.headers["Location"].startswith("https://")
    assert secure.status == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert static.status == 200


def test_it_answers_head_with_headers_only_so_the_connection_stays_usable(
    environment: dict[str, str],
) -> None:
    # A raw socket: http.client throws away what is left of a HEAD answer, hiding a body.
    head = b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    get = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    with (
        serving(environment) as connection,
        socket.create_connection((connection.host, connection.port), timeout=30) as raw,
    ):
        raw.sendall(head + get)
        received = b"".join(iter(lambda: raw.recv(65536), b""))

    head_answer, _, rest = received.partition(b"\r\n\r\n")
    assert head_answer.startswith(b"HTTP/1.1 200 OK")
    assert re.search(rb"Content-Length: \d{4,}", head_answer)
    # Right after the HEAD answer's headers comes the next answer, not a page of HTML.
    assert rest.startswith(b"HTTP/1.1 200 OK"), rest[:80]


def test_behind_a_trusted_proxy_an_unreadable_forwarded_address_falls_back_to_the_peer(
    environment: dict[str, str],
) -> None:
    import sqlite3
    from urllib.parse import urlencode

    environment["WHOLECHILD_TRUSTED_PROXY"] = "127.0.0.1"
    data_dir = Path(environment["WHOLECHILD_DATA_DIR"])

    def failed_sign_in(connection: http.client.HTTPConnection, forwarded_for: str) -> int:
        connection.request("GET", "/clinic/sign-in/", headers={"X-Forwarded-For": forwarded_for})
        page = connection.getresponse()
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, html[:500]
        body = {"username": "nobody", "password": "a guess 12345", "csrfmiddlewaretoken": token[1]}
        headers = {
            "X-Forwarded-For": forwarded_for,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
        }
        return fetch(
            connection, "POST", "/clinic/sign-in/", body=urlencode(body), headers=headers
        ).status

    with serving(environment) as connection:
        assert failed_sign_in(connection, "garbage") == 200
        assert failed_sign_in(connection, "203.0.113.7") == 200

    with sqlite3.connect(data_dir / "wholechild.sqlite3") as database:
        audited = database.execute(
            "SELECT ip_address FROM clinic_auditevent WHERE action = 'sign-in-failed' ORDER BY id"
        ).fetchall()
        attempts = database.execute("SELECT ip_address FROM axes_accessattempt").fetchall()
    assert audited == [("127.0.0.1",), ("203.0.113.7",)]
    assert sorted(attempts) == [("127.0.0.1",), ("203.0.113.7",)]
