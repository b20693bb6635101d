"""The answer for a person to read, as plain text (for `wholechild screen --text`)."""

from __future__ import annotations

from .age import describe_age
from .content import DEFAULT_LANGUAGE, get_content

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def overall_key(answer: Mapping[str, Any]) -> str:
    """Which words say the answer in short: `monitor` with urgency leads with the doctor, and
    a `monitor` answer with something for the doctor says so rather than "keep watching"."""
    overall = str(answer["overall"])
    if overall != "monitor":
        return f"overall_{overall}"
    if answer["urgency"] != "routine":
        return "overall_doctor_first"
    doctor = any(r["discipline"] == "medical" for r in answer["reasons"])
    if doctor or answer.get("other_professionals"):
        return "overall_monitor_doctor"
    return "overall_monitor"


def urgency_key(answer: Mapping[str, Any]) -> str:
    """Which words say how soon: never "no rush" beside a recommended level (principle 3)."""
    urgency = str(answer["urgency"])
    monitor = answer["overall"] == "monitor"
    if urgency == "soon" and monitor:
        return "soon_doctor"
    if urgency != "routine":
        return urgency
    if monitor:
        return "routine_monitor"
    if "recommended" in (answer["pt"]["level"], answer["ot"]["level"]):
        return "routine_recommended"
    return "routine"


def render_text(answer: Mapping[str, Any], language: str = DEFAULT_LANGUAGE) -> str:
    """The answer as a short plain-text summary: the result, why, what next, and sources.

    Its headings are in `language`, which should be the one the answer was screened in: the
    answer's own sentences are shown as they are.
    """
    content = get_content(language)
    say = content.messages["text"]
    age = answer["age"]
    lines = [
        say["title"],
        "",
        say["age"].format(age=describe_age(age["chronological_months"], language)),
    ]
    if age["corrected_months"] is not None:
        lines.append(say["corrected"].format(age=describe_age(age["corrected_months"], language)))
    lines += [
        "",
        say["overall"].format(overall=say[overall_key(answer)]),
        say["urgency"].format(urgency=say[urgency_key(answer)]),
        f"{say['pt']}: {say[answer['pt']['level']]}",
        f"{say['ot']}: {say[answer['ot']['level']]}",
    ]
    if answer["reasons"]:
        lines += ["", say["why"]]
        for reason in answer["reasons"]:
            lines.append(f"- [{say[reason['discipline']]}] {reason['text']}")
    lines += ["", say["next_steps"]]
    lines += [f"{n}. {step}" for n, step in enumerate(answer["next_steps"], start=1)]
    others = answer.get("other_professionals") or []
    if others:
        lines += ["", say["others"]]
        lines += [f"- {other['text']}" for other in others]
    notes = answer.get("notes") or []
    if notes:
        lines += ["", say["notes"]]
        lines += [f"- {note['text']}" for note in notes]
    if "check_again_at_months" in answer:
        again = answer["check_again_at_months"]
        lines += [
            "",
            say["check_again"].format(age=describe_age(again, language))
            if again is not None
            else say["check_again_yearly"],
        ]
    keys = dict.fromkeys(
        [reason["source"] for reason in answer["reasons"]] + [other["source"] for other in others]
    )
    if keys:
        lines += ["", say["sources"]]
        lines += [f"- {content.sources[key].citation}" for key in keys if key in content.sources]
    lines += ["", say["not_diagnosis"], say["version"].format(version=answer["content_version"])]
    return "\n".join(lines) + "\n"
