"""The rules: from the parent's answers to PT, OT, both or keep watching, with the reasons.

Every rule below follows a numbered principle of SCREENING_CONTRACT.md and names a source key
of EVIDENCE.md. The sentences come from the content files; this module decides which to say.
"""

from __future__ import annotations

from .age import Age, child_age, describe_age, next_checklist_age
from .content import DISCIPLINES, LEVELS, URGENCIES, get_content
from .errors import MISSING, ScreeningError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping
    from typing import Any

    from .content import Content, Discipline

FIELDS = (
    "age_months",
    "birth_date",
    "as_of",
    "gestational_age_weeks",
    "milestones",
    "concerns",
    "conditions",
    "red_flags",
)
ANSWERS = ("yes", "not-yet", "unsure")
WALKING_BY_MONTHS = 18  # AAP Developmental Health Watch: cannot walk by 18 months
EARLY_INTERVENTION_UNTIL_MONTHS = 36  # IDEA Part C, birth to 3
SEVERAL = 2  # missed milestones in one area that make an evaluation recommended, not optional

_CONSIDER, _RECOMMENDED = 1, 2
_SOON, _URGENT = 1, 2


def _ids(request: Mapping[str, Any], field: str, known: Mapping[str, object]) -> list[str]:
    """A list of known ids, each once, in the order given."""
    value = request.get(field)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ScreeningError(field, value, f'give a list of ids, like ["{next(iter(known))}"]')
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str) or item not in known:
            raise ScreeningError(
                field, item, "the known ids are " + ", ".join(known), "is not a known id"
            )
        seen[item] = None
    return list(seen)


def _milestone_answers(request: Mapping[str, Any], content: Content) -> dict[str, str]:
    value = request.get("milestones")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ScreeningError(
            "milestones", value, 'give an object of milestone id to answer, like {"runs": "yes"}'
        )
    for key, answer in value.items():
        if not isinstance(key, str) or key not in content.milestones:
            raise ScreeningError(
                "milestones",
                key,
                "the known milestone ids are " + ", ".join(content.milestones),
                "is not a known milestone id",
            )
        if not isinstance(answer, str) or answer not in ANSWERS:
            raise ScreeningError(f"milestones.{key}", answer, 'answer "yes", "not-yet" or "unsure"')
    return value


def _validated(
    request: Any, content: Content, today: datetime.date | None
) -> tuple[Age, dict[str, str], list[str], list[str], list[str]]:
    """Check the whole request before anything is worked out: nothing is half-evaluated."""
    if not isinstance(request, dict):
        raise ScreeningError(
            "request",
            request,
            "send a JSON object with the fields of the screening contract",
            "is not an object",
        )
    for key in request:
        if key not in FIELDS:
            raise ScreeningError(
                key if isinstance(key, str) and key else repr(key),
                request[key],
                "the fields are " + ", ".join(FIELDS),
                "is in an unknown field",
            )
    age = child_age(
        age_months=request.get("age_months", MISSING),
        birth_date=request.get("birth_date", MISSING),
        as_of=request.get("as_of", MISSING),
        gestational_age_weeks=request.get("gestational_age_weeks", MISSING),
        today=today,
    )
    return (
        age,
        _milestone_answers(request, content),
        _ids(request, "concerns", content.concerns),
        _ids(request, "conditions", content.conditions),
        _ids(request, "red_flags", content.red_flags),
    )


class _Findings:
    """What the answers add up to, as it is worked out."""

    __slots__ = ("levels", "notes", "reasons", "urgency")

    def __init__(self) -> None:
        self.levels: dict[str, int] = {"pt": 0, "ot": 0}
        self.urgency = 0
        self.reasons: list[dict[str, str]] = []
        self.notes: list[str] = []

    def add(
        self,
        discipline: str,
        finding: str,
        text: str,
        source: str,
        level: int = 0,
        urgency: int = 0,
    ) -> None:
        if discipline in self.levels and level > self.levels[discipline]:
            self.levels[discipline] = level
        if urgency > self.urgency:
            self.urgency = urgency
        self.reasons.append(
            {"discipline": discipline, "finding": finding, "text": text, "source": source}
        )

    def note(self, text: str) -> None:
        if text and text not in self.notes:
            self.notes.append(text)


def _judge_milestones(
    answers: dict[str, str], age: Age, content: Content, found: _Findings
) -> None:
    """Principles 2, 3, 4 and 5: what a "not yet" means depends on the (corrected) age."""
    say = content.messages["milestone"]
    used = age.used_months
    age_words = _age_words(age, content)
    missed: dict[str, list[str]] = {"pt": [], "ot": []}
    unsure: list[str] = []
    still_ahead = False
    for milestone in content.milestones.values():
        answer = answers.get(milestone.id)
        if answer is None or answer == "yes":
            continue
        if answer == "unsure":
            unsure.append(milestone.label)
            continue
        if milestone.optional:
            found.note(say["crawling"])
            continue
        window = milestone.who_window
        if milestone.id == "walks-alone" and used >= WALKING_BY_MONTHS:
            text = say["not_walking"].format(age=age_words)
            found.add(milestone.discipline, milestone.id, text, "aap-2013-motor", 2, 1)
        elif window is not None and used > window[1]:
            text = say["past_window"].format(
                label=milestone.label, months=_number(window[1]), age=age_words
            )
            found.add(milestone.discipline, milestone.id, text, "who-2006", 2, 1)
        elif milestone.cdc_months is not None and used >= milestone.cdc_months:
            text = say["missed"].format(
                label=milestone.label, months=milestone.cdc_months, age=age_words
            )
            found.add(milestone.discipline, milestone.id, text, "cdc-2022", _CONSIDER)
            missed[milestone.discipline].append(milestone.id)
        else:
            still_ahead = True
    for discipline, ids in missed.items():
        if len(ids) >= SEVERAL:
            found.add(discipline, ids[-1], say["missed_several"], "aap-2013-motor", _RECOMMENDED)
    if still_ahead:
        found.note(say["still_ahead"].format(age=age_words))
    if unsure:
        found.note(say["unsure"].format(labels=_join(unsure)))


def _judge_concerns(concerns: list[str], age: Age, content: Content, found: _Findings) -> None:
    """Principles 1, 8, 9 and 10: each concern to the discipline the article places it under."""
    used = age.used_months
    for concern_id in concerns:
        concern = content.concerns[concern_id]
        if concern.discipline is None:
            # In-toeing: usually normal; the child's doctor is the right first stop.
            found.note(concern.reason)
            continue
        if concern.from_months is not None and used < concern.from_months:
            found.note(concern.too_young)
            continue
        infant = concern.infant
        if infant is not None and used < infant.months:
            found.add(
                concern.discipline,
                concern.id,
                infant.reason,
                concern.source,
                LEVELS.index(infant.level),
                URGENCIES.index(infant.urgency),
            )
        else:
            found.add(concern.discipline, concern.id, concern.reason, concern.source, _CONSIDER)
        found.note(concern.doctor_note)


def _judge_conditions(conditions: list[str], content: Content, found: _Findings) -> None:
    """Principle 6: a condition the child has sets a floor for each discipline."""
    for condition_id in conditions:
        condition = content.conditions[condition_id]
        for discipline in DISCIPLINES:
            level = condition.pt if discipline == "pt" else condition.ot
            if level != "not-indicated":
                found.add(
                    discipline,
                    condition.id,
                    condition.reasons[discipline],
                    condition.source,
                    LEVELS.index(level),
                )


def _judge_red_flags(red_flags: list[str], content: Content, found: _Findings) -> None:
    """Principle 7: red flags put medicine first, and PT (and OT for the hands) alongside."""
    for flag_id in red_flags:
        flag = content.red_flags[flag_id]
        found.add("medical", flag.id, flag.reason, flag.source, 0, URGENCIES.index(flag.urgency))
        for discipline, text in flag.reasons.items():
            found.add(discipline, flag.id, text, flag.source, _CONSIDER)


def _next_steps(
    age: Age, red_flags: list[str], content: Content, found: _Findings, overall: str
) -> list[str]:
    say = content.messages["next_steps"]
    steps: list[str] = []
    if found.urgency == _URGENT:
        steps.append(say["urgent"])
    if any(content.red_flags[f].urgency == "soon" for f in red_flags):
        steps.append(say["soon_medical"])
    if overall != "monitor":
        therapists = {"pt": say["a_pt"], "ot": say["an_ot"], "both": say["both"]}[overall]
        if found.urgency == _URGENT:
            steps.append(say["after_doctor"].format(therapists=therapists))
        elif found.urgency == _SOON:
            steps.append(say["soon"].format(therapists=therapists))
        else:
            steps.append(say["routine"].format(therapists=therapists))
        if age.chronological_months < EARLY_INTERVENTION_UNTIL_MONTHS:
            steps.append(say["early_intervention"])
        else:
            steps.append(say["school"])
        steps.append(say["share"])
    steps.extend(found.notes)
    if overall == "monitor":
        next_age = next_checklist_age(age.used_months)
        when = (
            say["next_checklist"].format(age=describe_age(next_age))
            if next_age is not None
            else say["next_yearly"]
        )
        steps.append(say["monitor"].format(next=when))
    return steps


def screen(request: Mapping[str, Any], *, today: datetime.date | None = None) -> dict[str, Any]:
    """Screen one child: the contract's request in, the contract's answer out.

    Raises ScreeningError, naming the field, the value and what is allowed, for any request
    the contract does not allow; nothing is worked out until the whole request is valid.
    `today` stands in for the current date when a birth date is given (for tests and replays).
    """
    content = get_content()
    age, milestones, concerns, conditions, red_flags = _validated(request, content, today)
    found = _Findings()
    _judge_red_flags(red_flags, content, found)
    _judge_milestones(milestones, age, content, found)
    _judge_concerns(concerns, age, content, found)
    _judge_conditions(conditions, content, found)

    pt, ot = found.levels["pt"], found.levels["ot"]
    overall = "both" if pt and ot else "pt" if pt else "ot" if ot else "monitor"
    return {
        "age": age.as_dict(),
        "pt": {"level": LEVELS[pt]},
        "ot": {"level": LEVELS[ot]},
        "overall": overall,
        "urgency": URGENCIES[found.urgency],
        "reasons": found.reasons,
        "next_steps": _next_steps(age, red_flags, content, found, overall),
        "content_version": content.version,
    }


def largest_request() -> dict[str, Any]:
    """The biggest request the contract allows: every id, every milestone not yet done.

    For the benchmark and for checking documented schemas against the real vocabulary.
    """
    content = get_content()
    return {
        "age_months": 20,
        "gestational_age_weeks": 30,
        "milestones": dict.fromkeys(content.milestones, "not-yet"),
        "concerns": list(content.concerns),
        "conditions": list(content.conditions),
        "red_flags": list(content.red_flags),
    }


def focus_areas(answer: Mapping[str, Any]) -> dict[Discipline, list[str]]:
    """What PT and OT would work on for this child, from the findings behind the answer.

    A discipline that is not indicated gets nothing; one that is, but whose findings name no
    particular skill, gets the first few things it focuses on in general.
    """
    content = get_content()
    areas: dict[Discipline, list[str]] = {"pt": [], "ot": []}
    for reason in answer["reasons"]:
        discipline = reason["discipline"]
        if discipline not in areas:
            continue
        finding = reason["finding"]
        work = ""
        if finding in content.milestones:
            work = content.milestones[finding].works_on
        elif finding in content.concerns:
            work = content.concerns[finding].works_on
        elif finding in content.conditions:
            work = content.conditions[finding].works_on.get(discipline, "")
        elif finding in content.red_flags:
            work = content.red_flags[finding].works_on
        if work and work not in areas[discipline]:
            areas[discipline].append(work)
    for discipline in DISCIPLINES:
        if answer[discipline]["level"] == "not-indicated":
            areas[discipline] = []
        elif not areas[discipline]:
            areas[discipline] = list(content.disciplines[discipline].focus[:3])
    return areas


def _age_words(age: Age, content: Content) -> str:
    words = describe_age(age.used_months)
    if age.corrected_months is not None:
        return content.messages["age"]["corrected"].format(age=words)
    return words


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _join(labels: list[str]) -> str:
    quoted = [f"“{label}”" for label in labels]
    return "; ".join(quoted)
