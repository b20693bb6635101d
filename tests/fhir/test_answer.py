"""The answer as Observations: valid R4, and every field of the contract's answer in its place,
so that the answer read back from them is the answer the engine gave, in English or Spanish."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fhir.helpers import answer_from, comparable, example_requests, without_words
from tests.fhir.validation import validate
from wholechild.fhir.answer import answer_observations
from wholechild.screening import get_content, largest_request, screen


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


@pytest.mark.parametrize("request_", [*example_requests(), largest_request()])
def test_in_spanish_every_word_changes_and_nothing_else(request_: dict[str, Any]) -> None:
    english = observations(screen(request_))
    answer = screen(request_, language="es")
    spanish = answer_observations(
        answer,
        ids={key: f"a-{key}" for key in ("pt", "ot", "overall")},
        references={key: f"Observation/a-{key}" for key in ("pt", "ot", "overall")},
        derived_from="QuestionnaireResponse/a",
        effective="2026-11-30",
        subject={"reference": "Patient/a"},
        language="es",
    )
    for observation in spanish:
        validate(observation)

    assert [o["language"] for o in spanish] == ["es", "es", "es"]
    assert not any("language" in o for o in english)
    assert without_words(spanish) == without_words(english)
    assert comparable(answer_from(spanish)) == comparable(answer)


def test_in_spanish_the_names_are_the_spanish_contents() -> None:
    request = {"age_months": 30, "concerns": ["toe-walking"], "red_flags": ["lost-skills"]}
    answer = screen(request, language="es")
    ids = {key: f"a-{key}" for key in ("pt", "ot", "overall")}
    pt, _ot, overall = answer_observations(
        answer,
        ids=ids,
        references=ids,
        derived_from="QuestionnaireResponse/a",
        effective="2026-11-30",
        language="es",
    )
    es = get_content("es")

    assert pt["code"]["coding"][0]["display"] == "Terapia física: lo que encontró la prueba"
    sources = [
        e["valueCoding"]
        for part in pt["component"] + overall["component"]
        for e in part.get("extension", [])
        if e["url"].endswith("/reason-source")
    ]
    assert sources
    for source in sources:
        assert source.get("display") == es.sources[source["code"]].name
    [professional] = [
        part["valueCodeableConcept"]["coding"][0]
        for part in overall["component"]
        if part["code"]["coding"][0]["code"] == "other-professional"
    ]
    assert professional["display"] == es.professionals["neurology"].name == "Un neurólogo infantil"
