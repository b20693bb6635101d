"""The answer for a person to read, as plain text (for `wholechild screen --text`)."""

from __future__ import annotations

from .age import describe_age
from .content import get_content

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def render_text(answer: Mapping[str, Any]) -> str:
    """The answer as a short plain-text summary: the result, why, what next, and sources."""
    content = get_content()
    say = content.messages["text"]
    age = answer["age"]
    lines = [say["title"], "", say["age"].format(age=describe_age(age["chronological_months"]))]
    if age["corrected_months"] is not None:
        lines.append(say["corrected"].format(age=describe_age(age["corrected_months"])))
    overall = answer["overall"]
    urgency = answer["urgency"]
    if overall == "monitor" and urgency == "routine":
        urgency = "routine_monitor"
    lines += [
        "",
        say["overall"].format(overall=say[f"overall_{overall}"]),
        say["urgency"].format(urgency=say[urgency]),
        f"{say['pt']}: {say[answer['pt']['level']]}",
        f"{say['ot']}: {say[answer['ot']['level']]}",
    ]
    if answer["reasons"]:
        lines += ["", say["why"]]
        for reason in answer["reasons"]:
            lines.append(f"- [{say[reason['discipline']]}] {reason['text']}")
    lines += ["", say["next_steps"]]
    lines += [f"{n}. {step}" for n, step in enumerate(answer["next_steps"], start=1)]
    keys = dict.fromkeys(reason["source"] for reason in answer["reasons"])
    if keys:
        lines += ["", say["sources"]]
        lines += [f"- {content.sources[key].citation}" for key in keys]
    lines += ["", say["not_diagnosis"], say["version"].format(version=answer["content_version"])]
    return "\n".join(lines) + "\n"
