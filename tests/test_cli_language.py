"""`wholechild screen --language es`: the answer in Spanish, its machine fields as in English."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.screening.test_spanish import machine
from wholechild.screening import ScreeningError, render_text, screen

REQUEST = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}


@pytest.mark.parametrize("option", [["--language", "es"], ["--language=es"]])
def test_it_prints_the_answer_in_spanish(wholechild: Any, option: list[str]) -> None:
    result = wholechild("screen", *option, input=json.dumps(REQUEST))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == screen(REQUEST, language="es")
    assert "La mayoría de los niños caminan solos" in result.stdout


def test_it_prints_the_text_for_a_person_in_spanish(wholechild: Any, tmp_path: Path) -> None:
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(REQUEST))

    result = wholechild("screen", str(request_file), "--text", "--language", "es")

    assert result.returncode == 0, result.stderr
    assert result.stdout == render_text(screen(REQUEST, language="es"), "es") + "\n"
    assert "Qué hacer ahora" in result.stdout


def test_english_is_the_default_and_can_be_asked_for(wholechild: Any) -> None:
    plain = wholechild("screen", input=json.dumps(REQUEST))
    english = wholechild("screen", "--language", "en", input=json.dumps(REQUEST))

    assert english.returncode == 0, english.stderr
    assert english.stdout == plain.stdout


def test_the_worked_examples_give_the_same_machine_answer_in_spanish(
    wholechild: Any, worked_example: dict[str, Any]
) -> None:
    result = wholechild("screen", "--language", "es", input=json.dumps(worked_example["input"]))

    if worked_example["expect"].get("error"):
        assert result.returncode == 2
        with pytest.raises(ScreeningError) as raised:
            screen(worked_example["input"])
        assert result.stderr == f"wholechild screen: {raised.value}\n"
    else:
        assert result.returncode == 0, result.stderr
        assert machine(json.loads(result.stdout)) == machine(screen(worked_example["input"]))


@pytest.mark.parametrize("option", [["--language", "fr"], ["--language=klingon"]])
def test_an_unknown_language_is_refused_with_status_2(wholechild: Any, option: list[str]) -> None:
    result = wholechild("screen", *option, input=json.dumps(REQUEST))

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "is not a language the check speaks; give one of en, es." in result.stderr


def test_an_unknown_language_is_refused_before_the_request_is_read(wholechild: Any) -> None:
    result = wholechild("screen", "--language", "fr", input="not json at all")

    assert result.returncode == 2
    assert "language: 'fr'" in result.stderr


def test_a_language_option_without_a_language_is_refused_with_status_2(wholechild: Any) -> None:
    result = wholechild("screen", "--language", input=json.dumps(REQUEST))

    assert result.returncode == 2
    assert "--language" in result.stderr


def test_the_help_names_the_languages(wholechild: Any) -> None:
    result = wholechild("screen", "--help")

    assert result.returncode == 0
    assert "--language LANGUAGE" in result.stdout
    assert "en (default) or es" in " ".join(result.stdout.split())
