"""A screening as a QuestionnaireResponse and back: the same request, valid R4, and a response
that cannot be taken whole refused with every problem named; one in Spanish says so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fhir.helpers import example_requests
from tests.fhir.validation import validate
from wholechild.fhir.questionnaire import canonical
from wholechild.fhir.response import (
    Refused,
    engine_issue,
    language_of,
    request_from,
    response_for,
)
from wholechild.screening import ScreeningError, get_content, largest_request, screen


@pytest.mark.parametrize("request_", [*example_requests(), largest_request()])
def test_a_request_comes_back_from_its_response_unchanged(request_: dict[str, Any]) -> None:
    response = response_for(request_, id="r1", authored="2026-11-30")
    validate(response)

    back = request_from(response)

    expected = {key: value for key, value in request_.items() if value not in ([], {})}
    if "birth_date" in request_:
        expected["as_of"] = "2026-11-30"
    assert back == expected
    assert screen(back) == screen(expected)


def test_a_birth_date_is_counted_on_the_day_the_answers_were_given() -> None:
    response = response_for({"birth_date": "2025-01-10"}, authored="2026-09-10T09:30:00Z")

    assert request_from(response) == {"birth_date": "2025-01-10", "as_of": "2026-09-10"}


def problems(response: Any) -> list[tuple[str, str]]:
    with pytest.raises(Refused) as refused:
        request_from(response)
    return [(issue.code, issue.expression) for issue in refused.value.issues]


def test_unknown_linkids_and_answers_are_refused_each_by_name() -> None:
    response = response_for({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})
    response["item"][1]["item"].append(
        {"linkId": "juggles", "answer": [{"valueCoding": {"code": "yes"}}]}
    )
    response["item"][1]["item"][0]["answer"] = [{"valueCoding": {"code": "maybe"}}]
    response["item"].append({"linkId": "bogus-group", "item": []})
    response["item"].append(
        {
            "linkId": "red_flags",
            "item": [{"linkId": "lost-skills", "answer": [{"valueString": "yes"}]}],
        }
    )

    found = problems(response)

    milestones = "QuestionnaireResponse.item.where(linkId='milestones').item"
    assert found == [
        ("not-found", f"{milestones}.where(linkId='juggles')"),
        ("not-found", "QuestionnaireResponse.item.where(linkId='bogus-group')"),
        ("value", f"{milestones}.where(linkId='walks-alone').answer"),
        (
            "value",
            "QuestionnaireResponse.item.where(linkId='red_flags').item"
            ".where(linkId='lost-skills').answer",
        ),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"questionnaire": "http://example.org/Questionnaire/other|1"},
            [("not-supported", "QuestionnaireResponse.questionnaire")],
        ),
        ({"status": "entered-in-error"}, [("value", "QuestionnaireResponse.status")]),
        ({"item": "all of them"}, [("structure", "QuestionnaireResponse")]),
        (
            {"item": [{"linkId": "walks-alone", "answer": [{"valueCoding": {"code": "yes"}}]}]},
            [("structure", "QuestionnaireResponse.item.where(linkId='walks-alone')")],
        ),
    ],
)
def test_a_response_that_is_not_to_the_check_is_refused(
    change: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    response = {**response_for({"age_months": 20}), **change}

    assert problems(response) == expected


def test_an_answer_given_twice_or_two_answers_to_one_question_are_refused() -> None:
    response = response_for({"age_months": 20, "conditions": ["autism"]})
    group = response["item"][1]["item"]
    group.append({"linkId": "autism", "answer": [{"valueBoolean": False}]})
    response["item"][0]["item"][0]["answer"].append({"valueDecimal": 21})

    assert [code for code, _where in problems(response)] == ["invalid", "invalid"]


def test_something_that_is_not_a_questionnaire_response_is_refused() -> None:
    assert problems({"resourceType": "Patient"}) == [("structure", "")]
    assert problems(["not", "a", "resource"]) == [("structure", "")]


def test_an_age_the_engine_refuses_is_placed_on_its_item() -> None:
    request = request_from(response_for({"age_months": 300}))

    with pytest.raises(ScreeningError) as refused:
        screen(request)

    issue = engine_issue(refused.value)
    assert issue.expression == (
        "QuestionnaireResponse.item.where(linkId='child').item.where(linkId='age_months')"
    )
    assert "216" in issue.text


def test_the_response_names_the_checks_questionnaire_and_version() -> None:
    response = response_for({"age_months": 20}, version="2026.1+abc")

    assert response["questionnaire"] == f"{canonical()}|2026.1+abc"


def test_a_response_in_spanish_says_so_and_reads_back_the_same() -> None:
    request = {"age_months": 20, "milestones": {"walks-alone": "not-yet"}}
    response = response_for(request, authored="2026-11-30", language="es")
    validate(response)

    assert response["language"] == "es"
    [milestone] = response["item"][1]["item"]
    assert milestone["text"] == get_content("es").milestones["walks-alone"].label
    assert milestone["answer"][0]["valueCoding"]["display"] == "Todavía no"
    assert request_from(response) == request
    assert "language" not in response_for(request)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("es", "es"), ("es-MX", "es"), ("EN-us", "en"), ("fr", None), (None, None), (7, None)],
)
def test_the_language_a_response_was_answered_in(given: Any, expected: str | None) -> None:
    response = response_for({"age_months": 20})
    if given is not None:
        response["language"] = given

    assert language_of(response) == expected
