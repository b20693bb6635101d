"""The answer as Observations: valid R4, and every field of the contract's answer in its place,
so that the answer read back from them is the answer the engine gave."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fhir.helpers import answer_from, comparable, example_requests
from tests.fhir.validation import validate
from wholechild.fhir.answer import answer_observations
from wholechild.screening import largest_request, screen


def observations(answer: dict[str, Any]) -> list[dict[str, Any]]:
    ids = {key: f"a-{key}" for key in ("pt", "ot", "overall")}
    return answer_observations(
        answer,
        ids=ids,
        references={key: f"Observation/{value}" for key, value in ids.items()},
        derived_from="QuestionnaireResponse/a",
        effective="2026-11-30",
        subject={"reference": "Patient/a"},
    )


@pytest.mark.parametrize("request_", [*example_requests(), largest_request()])
def test_the_answer_comes_back_whole_from_its_observations(request_: dict[str, Any]) -> None:
    answer = screen(request_)
    found = observations(answer)
    for observation in found:
        validate(observation)

    assert comparable(answer_from(found)) == comparable(answer)


def test_each_discipline_has_its_level_the_urgency_and_its_reasons_with_sources() -> None:
    answer = screen({"age_months": 20, "milestones": {"walks-alone": "not-yet"}})
    pt, ot, overall = observations(answer)

    assert pt["code"]["coding"][0]["code"] == "pt-need"
    assert pt["valueCodeableConcept"]["coding"][0]["code"] == "recommended"
    urgency, reason, *_ = pt["component"]
    assert urgency["valueCodeableConcept"]["coding"][0]["code"] == "soon"
    assert reason["valueCodeableConcept"]["coding"][0]["code"] == "walks-alone"
    assert reason["extension"][0]["valueCoding"]["code"] == answer["reasons"][0]["source"]
    assert ot["valueCodeableConcept"]["coding"][0]["code"] == "not-indicated"
    assert overall["hasMember"] == [
        {"reference": "Observation/a-pt"},
        {"reference": "Observation/a-ot"},
    ]
    assert all(o["derivedFrom"] == [{"reference": "QuestionnaireResponse/a"}] for o in (pt, ot))
