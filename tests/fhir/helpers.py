"""What the FHIR tests share: the contract's answer read back from its Observations (to prove
every field has its place), the worked examples' requests, and an API client to call with."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from wholechild.care import actions
from wholechild.care.models import ApiScope

EXAMPLES = Path(__file__).parent.parent / "examples"
Resource = dict[str, Any]


def example_requests() -> list[dict[str, Any]]:
    """The worked examples' requests that the engine takes (not the error cases)."""
    found = []
    for path in sorted(EXAMPLES.glob("*.json")):
        case = json.loads(path.read_text())
        if "error" not in case.get("expect", {}):
            found.append(case["input"])
    return found


def _code(concept: dict[str, Any]) -> str:
    return str(concept["coding"][0]["code"])


def _parts(observation: Resource, code: str) -> list[dict[str, Any]]:
    return [c for c in observation.get("component", []) if _code(c["code"]) == code]


def _source(part: dict[str, Any]) -> str:
    [source] = [e for e in part["extension"] if e["url"].endswith("/reason-source")]
    return str(source["valueCoding"]["code"])


def answer_from(observations: list[Resource]) -> dict[str, Any]:
    """The contract's answer, read back from the three Observations of `wholechild.fhir.answer`
    alone. Reasons and notes come back grouped by discipline."""
    by_code = {_code(o["code"]): o for o in observations}
    overall = by_code["answer"]
    answer: dict[str, Any] = {
        "overall": _code(overall["valueCodeableConcept"]),
        "urgency": _code(_parts(overall, "urgency")[0]["valueCodeableConcept"]),
        "content_version": overall["method"]["coding"][0]["version"],
        "reasons": [],
        "notes": [],
    }
    for discipline in ("pt", "ot"):
        observation = by_code[f"{discipline}-need"]
        answer[discipline] = {"level": _code(observation["valueCodeableConcept"])}
        for part in _parts(observation, "reason"):
            value = part["valueCodeableConcept"]
            answer["reasons"].append(
                {
                    "discipline": discipline,
                    "finding": _code(value),
                    "text": value["text"],
                    "source": _source(part),
                }
            )
        for part in _parts(observation, "note"):
            value = part["valueCodeableConcept"]
            answer["notes"].append(
                {"discipline": discipline, "finding": _code(value), "text": value["text"]}
            )
    for part in _parts(overall, "medical-reason"):
        value = part["valueCodeableConcept"]
        answer["reasons"].append(
            {
                "discipline": "medical",
                "finding": _code(value),
                "text": value["text"],
                "source": _source(part),
            }
        )
    answer["next_steps"] = [p["valueString"] for p in _parts(overall, "next-step")]
    answer["other_professionals"] = [
        {
            "id": _code(p["valueCodeableConcept"]),
            "because": [
                e["valueCoding"]["code"] for e in p["extension"] if e["url"].endswith("/because")
            ],
            "text": p["valueCodeableConcept"]["text"],
            "source": _source(p),
        }
        for p in _parts(overall, "other-professional")
    ]

    def months(code: str) -> Any:
        found = _parts(overall, code)
        return found[0]["valueQuantity"]["value"] if found else None

    answer["age"] = {
        "chronological_months": months("chronological-age"),
        "corrected_months": months("corrected-age"),
        "used_months": months("used-age"),
    }
    answer["check_again_at_months"] = months("check-again-at")
    return answer


def comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer with its reasons and notes in a stable order, for comparing."""
    found = dict(answer)
    for key in ("reasons", "notes"):
        found[key] = sorted(answer.get(key, []), key=lambda r: json.dumps(r, sort_keys=True))
    return found


def observations_in(bundle: Resource) -> list[Resource]:
    return [
        e["resource"]
        for e in bundle.get("entry", [])
        if e["resource"]["resourceType"] == "Observation"
    ]


def of_type(bundle: Resource, kind: str) -> list[Resource]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def one(bundle: Resource, kind: str) -> Resource:
    [found] = of_type(bundle, kind)
    return found


def codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept["coding"]]


def api_client(name: str = "Riverside EHR", *scopes: ApiScope, limit: int = 1000) -> Any:
    """A client with these scopes (every scope when none are given), and its token."""
    return actions.do_create_api_client(
        name=name, scopes=list(scopes or ApiScope), rate_limit=limit, by=None
    )


# The elements that hold words, which change with the language; everything else is the same.
WORDS = ("text", "display", "valueString", "language")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def without_words(resource: Any) -> Any:
    """A resource with its words taken out, and each random id (a urn:uuid) named by the order
    it first appears in, to compare answers given in two languages."""
    ids: dict[str, str] = {}

    def strip(found: Any) -> Any:
        if isinstance(found, list):
            return [strip(value) for value in found]
        if isinstance(found, dict):
            return {k: strip(v) for k, v in found.items() if k not in WORDS}
        if isinstance(found, str):
            return UUID.sub(lambda m: ids.setdefault(m.group(0), f"id-{len(ids)}"), found)
        return found

    return strip(resource)
