"""POST /api/v1/screenings in Spanish: Accept-Language chooses the words, Content-Language says
which, and the machine fields are those of the English answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.screening.test_spanish import machine
from wholechild.api_schemas import ScreeningAnswer
from wholechild.screening import screen

URL = "/api/v1/screenings"
REQUEST = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}, "concerns": ["feeding"]}


def post(client: Client, body: Any, accept_language: str | None = None) -> Any:
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def test_it_answers_in_spanish_when_the_client_asks_for_it(client: Client) -> None:
    response = post(client, REQUEST, "es")

    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert response.json() == screen(REQUEST, language="es")
    ScreeningAnswer.model_validate(response.json())


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en;q=0.5, es-US;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("es;q=0", "en"),
        (None, "en"),
    ],
)
def test_it_follows_the_q_values_and_falls_back_to_english(
    client: Client, header: str | None, language: str
) -> None:
    response = post(client, REQUEST, header)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response.json() == screen(REQUEST, language=language)


def test_it_says_that_the_answer_varies_with_accept_language(client: Client) -> None:
    response = post(client, REQUEST, "es")

    assert "Accept-Language" in response["Vary"]


def test_the_machine_fields_are_the_same_in_both_languages(client: Client) -> None:
    spanish = post(client, REQUEST, "es").json()
    english = post(client, REQUEST, "en").json()

    assert machine(spanish) == machine(english)
    assert spanish["reasons"] != english["reasons"]


def test_the_worked_examples_give_the_same_machine_answer_in_spanish(
    client: Client, worked_example: dict[str, Any]
) -> None:
    spanish = post(client, worked_example["input"], "es")
    english = post(client, worked_example["input"], "en")

    assert spanish.status_code == english.status_code
    if english.status_code == 200:
        assert machine(spanish.json()) == machine(english.json())
    else:
        # The engine's errors are in English, whatever was asked for, and say so.
        assert spanish.json() == english.json()
        assert spanish["Content-Language"] == "en"


def test_an_engine_error_says_its_words_are_english(client: Client) -> None:
    response = post(client, {"age_months": 20, "concerns": ["juggling"]}, "es")

    assert response.status_code == 422
    assert response["Content-Language"] == "en"


def test_the_openapi_document_describes_accept_and_content_language(client: Client) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["post"]

    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["Accept-Language"]["in"] == "header"
    assert not parameters["Accept-Language"]["required"]
    headers = operation["responses"]["200"]["headers"]
    assert headers["Content-Language"]["schema"]["enum"] == ["en", "es"]
