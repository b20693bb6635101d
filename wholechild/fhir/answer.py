"""The contract's answer as Observations: one per discipline (its level, the urgency, the
reasons with their sources, the notes) and one for the whole answer (overall, urgency, the
reasons for the child's doctor, next steps, who else may help, the ages, when to check again),
which has the two as members.

Every field of the answer has its place, so an EHR reads the same answer the parent saw (docs/
fhir.md has the table). The codes are the contract's words in our code systems; each reason's
source is its key in the evidence table, in the `reason-source` extension.

In a language (`$screen` answering in Spanish), every word is in it: the answer's own (reasons,
notes, steps: the engine's), the sources' and professionals' names (that language's content),
the codes' displays (the catalogue); each Observation says its `language`. The codes, levels and
ids are the same in every language.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from wholechild.screening import Content, get_content

from .base import (
    OBSERVATION_CATEGORY,
    UCUM,
    Resource,
    code_system,
    coding,
    concept,
    extension_url,
)

DISCIPLINES = ("pt", "ot")


def level_words() -> dict[str, str]:
    return {
        "recommended": _("Recommended"),
        "consider": _("Worth considering"),
        "not-indicated": _("Not needed now"),
    }


def overall_words() -> dict[str, str]:
    return {
        "both": _("Physical and occupational therapy"),
        "pt": _("Physical therapy"),
        "ot": _("Occupational therapy"),
        "monitor": _("Neither for now"),
    }


def urgency_words() -> dict[str, str]:
    return {
        "urgent": _("Urgent: talk to the child's doctor now"),
        "soon": _("Soon: book an evaluation now rather than wait"),
        "routine": _("Routine"),
    }


def _screening_code(code: str, display: str) -> dict[str, Any]:
    return concept(code_system("screening"), code, display)


def _part(code: str, display: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": _screening_code(code, display), **value}


def _source(key: str, content: Content) -> dict[str, Any]:
    sources = content.sources
    name = sources[key].name if key in sources else None
    return {
        "url": extension_url("reason-source"),
        "valueCoding": coding(code_system("evidence"), key, name),
    }


def _finding(finding: str, text: str) -> dict[str, Any]:
    return {"valueCodeableConcept": concept(code_system("finding"), finding, None, text)}


def _urgency(answer: dict[str, Any]) -> dict[str, Any]:
    urgency = answer["urgency"]
    value = concept(code_system("urgency"), urgency, urgency_words()[urgency])
    return _part("urgency", _("Urgency"), {"valueCodeableConcept": value})


def _months(code: str, display: str, months: float) -> dict[str, Any]:
    quantity = {"value": months, "unit": "months", "system": UCUM, "code": "mo"}
    return _part(code, display, {"valueQuantity": quantity})


def _method(answer: dict[str, Any]) -> dict[str, Any]:
    method = coding(code_system("screening"), "wholechild-check", _("The WholeChild check"))
    method["version"] = answer["content_version"]
    return {"coding": [method]}


def answer_observations(
    answer: dict[str, Any],
    *,
    ids: dict[str, str],
    references: dict[str, str],
    derived_from: str,
    effective: str,
    subject: dict[str, Any] | None = None,
    language: str | None = None,
) -> list[Resource]:
    """The answer's three Observations. `ids` and `references` give each ("pt", "ot",
    "overall") its id and how the others refer to it; `derived_from` is the reference of the
    QuestionnaireResponse it was worked out from; `effective` when. `language` is the one the
    answer's words are in (`screen(request, language=...)`): the Observations say it, and
    their other words are in it too; without it, as the active language has them, unsaid."""
    content = get_content(language) if language else get_content()
    with translation.override(language or translation.get_language()):
        return _observations(
            answer,
            content,
            language,
            ids=ids,
            references=references,
            derived_from=derived_from,
            effective=effective,
            subject=subject,
        )


def _observations(
    answer: dict[str, Any],
    content: Content,
    language: str | None,
    *,
    ids: dict[str, str],
    references: dict[str, str],
    derived_from: str,
    effective: str,
    subject: dict[str, Any] | None,
) -> list[Resource]:
    def common(key: str, code: str, display: str) -> Resource:
        found: Resource = {"resourceType": "Observation", "id": ids[key]}
        if language is not None:
            found["language"] = language
        found |= {
            "status": "final",
            "category": [
                {"coding": [coding(OBSERVATION_CATEGORY, "survey", "Survey")]},
            ],
            "code": _screening_code(code, display),
        }
        if subject is not None:
            found["subject"] = subject
        found["effectiveDateTime"] = effective
        found["method"] = _method(answer)
        found["derivedFrom"] = [{"reference": derived_from}]
        return found

    names = {"pt": _("Physical therapy"), "ot": _("Occupational therapy")}
    levels = level_words()
    found: list[Resource] = []
    for discipline in DISCIPLINES:
        observation = common(
            discipline,
            f"{discipline}-need",
            _("%(discipline)s: what the check found") % {"discipline": names[discipline]},
        )
        level = answer[discipline]["level"]
        observation["valueCodeableConcept"] = concept(code_system("level"), level, levels[level])
        parts = [_urgency(answer)]
        for reason in answer["reasons"]:
            if reason["discipline"] == discipline:
                part = _part("reason", _("Reason"), _finding(reason["finding"], reason["text"]))
                part["extension"] = [_source(reason["source"], content)]
                parts.append(part)
        for note in answer.get("notes", []):
            if note["discipline"] == discipline:
                parts.append(_part("note", _("Note"), _finding(note["finding"], note["text"])))
        observation["component"] = parts
        found.append(observation)

    overall = common("overall", "answer", _("The check's answer"))
    code = answer["overall"]
    overall["valueCodeableConcept"] = concept(code_system("overall"), code, overall_words()[code])
    parts = [_urgency(answer)]
    for reason in answer["reasons"]:
        if reason["discipline"] == "medical":
            part = _part(
                "medical-reason",
                _("Reason for the child's doctor"),
                _finding(reason["finding"], reason["text"]),
            )
            part["extension"] = [_source(reason["source"], content)]
            parts.append(part)
    for step in answer["next_steps"]:
        parts.append(_part("next-step", _("Next step"), {"valueString": step}))
    professionals = content.professionals
    for other in answer.get("other_professionals", []):
        name = professionals[other["id"]].name if other["id"] in professionals else None
        value = concept(code_system("professional"), other["id"], name, other["text"])
        part = _part("other-professional", _("Who else may help"), {"valueCodeableConcept": value})
        part["extension"] = [_source(other["source"], content)] + [
            {
                "url": extension_url("because"),
                "valueCoding": coding(code_system("finding"), because),
            }
            for because in other["because"]
        ]
        parts.append(part)
    age = answer["age"]
    parts.append(_months("chronological-age", _("Age"), age["chronological_months"]))
    if age["corrected_months"] is not None:
        parts.append(_months("corrected-age", _("Corrected age"), age["corrected_months"]))
    parts.append(_months("used-age", _("Age the milestones were judged at"), age["used_months"]))
    if answer.get("check_again_at_months") is not None:
        parts.append(
            _months(
                "check-again-at", _("Check again at the age of"), answer["check_again_at_months"]
            )
        )
    overall["component"] = parts
    overall["hasMember"] = [{"reference": references[d]} for d in DISCIPLINES]
    found.append(overall)
    return found
