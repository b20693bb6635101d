"""The rules: from the parent's answers to PT, OT, both or keep watching, with the reasons.

Every rule below follows a numbered principle of SCREENING_CONTRACT.md and names a source key
of EVIDENCE.md. The sentences come from the content files; this module decides which to say.
"""

from __future__ import annotations

from .age import Age, check_again_months, child_age, describe_age, describe_months
from .content import DEFAULT_LANGUAGE, DISCIPLINES, LEVELS, URGENCIES, get_content
from .errors import MISSING, ScreeningError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping
    from typing import Any

    from .content import Content, Discipline, Milestone

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
# The AAP's developmental screening is at 9, 18 and 30 months (autism at 18 and 24): the next
# steps name those ages for a child under 3.
SCREENING_AGES_UNTIL_MONTHS = 36
SEVERAL = 2  # missed milestones in one area that make an evaluation recommended, not optional

_CONSIDER, _RECOMMENDED = 1, 2
_SOON, _URGENT = 1, 2


def _ids(request: Mapping[str, Any], field: str, known: Mapping[str, object]) -> list[str]:
    """A list of known ids, each once, in the order given."""
    if field not in request:  # absent is "none"; null is not a list (the contract has no nulls)
        return []
    value = request[field]
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
    if "milestones" not in request:
        return {}
    value = request["milestones"]
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
        if request[key] is None:
            # The contract has no nulls: a field not given is left out, never sent as null.
            raise ScreeningError(key, None, "leave the field out when there is nothing to give")
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
    """What the answers add up to, as it is worked out.

    Besides the levels, the urgency and the reasons, it keeps what the next steps and notes
    depend on: which disciplines have a finding that makes the urgency soon (principle 14),
    the urgency of the doctor's own findings, and which doors the needs go through (16).
    """

    __slots__ = (
        "developmental",
        "doctor_first",
        "doctors_reasons",
        "emergency",
        "feeding",
        "injury",
        "levels",
        "medical_urgency",
        "notes",
        "others",
        "steps",
        "therapy_reasons",
        "therapy_urgency",
        "urgency",
        "worried",
    )

    def __init__(self) -> None:
        self.levels: dict[str, int] = {"pt": 0, "ot": 0}
        self.urgency = 0
        self.medical_urgency = -1  # no reason for the doctor yet
        self.therapy_urgency = 0
        self.worried: set[str] = set()  # disciplines with a finding that makes it soon or more
        # Medicine first in the answer: the doctor's reasons and the others are kept apart, each
        # in the order found, so that the answer needs no sort to put the doctor's first.
        self.doctors_reasons: list[dict[str, str]] = []
        self.therapy_reasons: list[dict[str, str]] = []
        self.notes: list[tuple[bool, dict[str, str]]] = []  # (reassuring, note)
        self.steps: list[str] = []
        self.others: dict[str, dict[str, Any]] = {}
        self.feeding = False
        self.emergency = False
        self.developmental = False
        self.injury = False
        self.doctor_first = False  # a concern the doctor looks at before PT or OT

    def add(
        self,
        discipline: str,
        finding: str,
        text: str,
        source: str,
        level: int = 0,
        urgency: int = 0,
        *,
        concerns: Discipline | None = None,
        hurries_therapy: bool = True,
    ) -> None:
        """A reason. `concerns` is the discipline a `medical` reason's finding belongs to;
        `hurries_therapy` is false where the doctor looks first and the therapy waits."""
        reason = {"discipline": discipline, "finding": finding, "text": text, "source": source}
        levels = self.levels
        owner: str | None = concerns
        if discipline in levels:
            owner = discipline
            if level > levels[discipline]:
                levels[discipline] = level
        if discipline == "medical":
            self.doctors_reasons.append(reason)
            if urgency > self.medical_urgency:  # -1 until the first: even routine counts
                self.medical_urgency = urgency
        else:
            self.therapy_reasons.append(reason)
        # Most reasons are routine, and routine raises nothing: every urgency starts there.
        if urgency:
            if urgency > self.urgency:
                self.urgency = urgency
            if owner is not None:
                if hurries_therapy and urgency > self.therapy_urgency:
                    self.therapy_urgency = urgency
                if urgency >= _SOON:
                    self.worried.add(owner)

    def note(self, discipline: str, finding: str, text: str, *, reassuring: bool) -> None:
        if text and all(text != note["text"] for _, note in self.notes):
            self.notes.append(
                (reassuring, {"discipline": discipline, "finding": finding, "text": text})
            )

    def step(self, text: str) -> None:
        if text and text not in self.steps:
            self.steps.append(text)

    def other(self, professional: str, because: str, source: str) -> None:
        entry = self.others.get(professional)
        if entry is None:
            self.others[professional] = {"because": [because], "source": source}
        elif because not in entry["because"]:
            entry["because"].append(because)

    def door(self, door: str) -> None:
        """A PT or OT finding, and the door it goes through (principle 16)."""
        if door == "injury":
            self.injury = True
        else:
            self.developmental = True

    def kept_notes(self, red_flags: list[str]) -> list[dict[str, str]]:
        """Principle 14: no reassurance beside worry, and none at all beside a red flag."""
        if red_flags:
            return []
        return [
            note
            for reassuring, note in self.notes
            if not reassuring
            or (
                self.levels[note["discipline"]] < _RECOMMENDED
                and note["discipline"] not in self.worried
            )
        ]


def _judge_milestones(
    answers: dict[str, str], age: Age, content: Content, found: _Findings
) -> None:
    """Principles 2, 3, 4, 5 and 15: what a "not yet" means depends on the (corrected) age."""
    if not answers:
        return  # nothing answered, nothing to say
    say = content.messages["milestone"]
    sentences = _milestone_sentences(content)
    used = age.used_months
    # The child's age reads the same in every sentence about a milestone: worded once here,
    # not once per reason (the largest request says it in some thirty).
    child = _age_words(age, content)
    missed: dict[Discipline, list[str]] = {"pt": [], "ot": []}
    ahead: dict[Discipline, list[str]] = {"pt": [], "ot": []}
    unsure: dict[Discipline, list[str]] = {"pt": [], "ot": []}
    for milestone in content.milestones.values():
        answer = answers.get(milestone.id)
        if answer is None or answer == "yes":
            continue
        discipline = milestone.discipline
        if answer == "unsure":
            unsure[discipline].append(milestone.id)
            continue
        if milestone.optional:
            found.note(discipline, milestone.id, say["crawling"], reassuring=True)
            continue
        window = milestone.who_window
        if milestone.id == "walks-alone" and used >= WALKING_BY_MONTHS:
            text = say["not_walking"].format(age=child)
            found.add(discipline, milestone.id, text, "aap-2013-motor", _RECOMMENDED, _SOON)
        elif window is not None and used > window[1]:
            text = _age_beside(age, window[1], child, content).join(
                sentences[milestone.id].past_window
            )
            found.add(discipline, milestone.id, text, "who-2006", _RECOMMENDED, _SOON)
        elif milestone.cdc_months is not None and used >= milestone.cdc_months:
            text = child.join(sentences[milestone.id].missed)
            if milestone.one_sided:
                # A difference between the two sides: the doctor looks soon (principle 2).
                found.add(
                    "medical",
                    milestone.id,
                    sentences[milestone.id].one_sided,
                    "aap-2013-motor",
                    0,
                    _SOON,
                    concerns=discipline,
                )
            found.add(discipline, milestone.id, text, "cdc-2022", _CONSIDER)
            missed[discipline].append(milestone.id)
        else:
            ahead[discipline].append(milestone.id)
            continue
        found.door("development")
    for discipline, ids in missed.items():
        if len(ids) >= SEVERAL:
            # CDC set its ages at 75% so that a miss prompts action, not waiting (principle 3).
            found.add(discipline, ids[-1], say["missed_several"], "cdc-2022", _RECOMMENDED, _SOON)
    for discipline in DISCIPLINES:
        if ahead[discipline]:
            text = say["still_ahead"].format(age=child)
            found.note(discipline, ahead[discipline][0], text, reassuring=True)
        if unsure[discipline]:
            labels = _join([content.milestones[m].label for m in unsure[discipline]])
            text = say["unsure"].format(labels=labels)
            found.note(discipline, unsure[discipline][0], text, reassuring=False)


def _judge_concerns(concerns: list[str], age: Age, content: Content, found: _Findings) -> None:
    """Principles 1, 8, 9, 10 and 13: each concern as its rule for the child's age says."""
    for concern_id in concerns:
        concern = content.concerns[concern_id]
        rule = concern.rule_at(age.used_months)
        urgency = URGENCIES.index(rule.urgency)
        raises = concern.discipline is not None and rule.level != "not-indicated"
        if rule.medical:
            # The doctor looks first (a late head tilt, a flat spot from 6 months, an uneven
            # back): the therapy is booked once the doctor has seen the child.
            found.doctor_first = found.doctor_first or raises
            found.add(
                "medical",
                concern.id,
                rule.medical,
                rule.source,
                0,
                urgency,
                concerns=concern.discipline,
                hurries_therapy=False,
            )
        if raises and concern.discipline is not None:
            found.add(
                concern.discipline,
                concern.id,
                rule.reason,
                rule.source,
                LEVELS.index(rule.level),
                0 if rule.medical else urgency,
            )
            found.door(concern.door)
        if rule.note and concern.note_discipline is not None:
            found.note(concern.note_discipline, concern.id, rule.note, reassuring=True)
        found.step(rule.step)
        for professional in rule.others:
            found.other(professional, concern.id, rule.source)
        found.feeding = found.feeding or concern.feeding


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
                found.door("development")


def _judge_red_flags(red_flags: list[str], age: Age, content: Content, found: _Findings) -> None:
    """Principle 7: red flags put medicine first, and raise only the disciplines they name."""
    for flag_id in red_flags:
        flag = content.red_flags[flag_id]
        below = flag.urgent_below_months
        if below is not None and age.used_months < below:
            urgency, text, source = _URGENT, flag.urgent_reason, flag.urgent_source
        else:
            urgency, text, source = URGENCIES.index(flag.urgency), flag.reason, flag.source
        first = next(iter(flag.reasons), None)
        found.add("medical", flag.id, text, source, 0, urgency, concerns=first)
        if urgency == _URGENT and flag.emergency:
            found.emergency = True
        for discipline, reason in flag.reasons.items():
            found.add(discipline, flag.id, reason, flag.reason_sources[discipline], _CONSIDER)
            found.door("development")
        for professional in flag.others:
            found.other(professional, flag.id, flag.others_source)
        found.feeding = found.feeding or flag.feeding


def _next_steps(
    age: Age, content: Content, found: _Findings, overall: str, check_again: float | None
) -> list[str]:
    """Principles 12, 13 and 16: actions only, the doctor once and first when it is urgent."""
    say = content.messages["next_steps"]
    steps: list[str] = []
    if found.urgency == _URGENT:
        unreachable = say["urgent_emergency"] if found.emergency else say["urgent_unreachable"]
        steps.append(f"{say['urgent']} {unreachable}")
    elif found.medical_urgency == _SOON:
        steps.append(say["soon_medical"])
    if found.feeding:
        steps.append(say["feeding_emergency"])
    steps.extend(found.steps)
    if overall != "monitor":
        therapists = {"pt": say["a_pt"], "ot": say["an_ot"], "both": say["both"]}[overall]
        if found.urgency == _URGENT:
            steps.append(say["after_doctor"].format(therapists=therapists))
        elif found.therapy_urgency == _SOON:
            steps.append(say["soon"].format(therapists=therapists))
        elif found.doctor_first:
            steps.append(say["after_doctor"].format(therapists=therapists))
        else:
            steps.append(say["routine"].format(therapists=therapists))
        if found.developmental:
            if age.chronological_months < EARLY_INTERVENTION_UNTIL_MONTHS:
                steps.append(say["early_intervention"])
            else:
                steps.append(say["school"])
        if found.injury:
            steps.append(say["injury"])
    if overall != "monitor" or found.medical_urgency >= 0:
        steps.append(say["share"])
    # Principle 13, once in every answer; the AAP's screening ages while they are still ahead.
    young = age.chronological_months < SCREENING_AGES_UNTIL_MONTHS
    steps.append(say["beyond"] if young else say["beyond_older"])
    if overall == "monitor":
        when = (
            say["next_checklist"].format(age=describe_age(check_again, content.language))
            if check_again is not None
            else say["next_yearly"]
        )
        steps.append(say["monitor"].format(next=when))
    return steps


def _other_professionals(found: _Findings, content: Content) -> list[dict[str, Any]]:
    return [
        {
            "id": professional,
            "because": list(entry["because"]),
            "text": content.professionals[professional].text,
            "source": entry["source"],
        }
        for professional, entry in found.others.items()
    ]


def screen(
    request: Mapping[str, Any],
    *,
    today: datetime.date | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """Screen one child: the contract's request in, the contract's answer out.

    Raises ScreeningError, naming the field, the value and what is allowed, for any request
    the contract does not allow; nothing is worked out until the whole request is valid.
    `today` stands in for the current date when a birth date is given (for tests and replays).
    `language` ("en" or "es") chooses the words of the answer, and nothing else: its ids,
    levels, urgency, sources, ages and version are the same in every language. An unknown
    language raises ScreeningError too, before the request is read.
    """
    content = get_content(language)
    age, milestones, concerns, conditions, red_flags = _validated(request, content, today)
    found = _Findings()
    _judge_red_flags(red_flags, age, content, found)
    _judge_milestones(milestones, age, content, found)
    _judge_concerns(concerns, age, content, found)
    _judge_conditions(conditions, content, found)

    pt, ot = found.levels["pt"], found.levels["ot"]
    overall = "both" if pt and ot else "pt" if pt else "ot" if ot else "monitor"
    check_again = check_again_months(age)
    # Medicine first: the doctor's reasons lead, each group in the order it was found.
    reasons = found.doctors_reasons + found.therapy_reasons
    return {
        "age": age.as_dict(),
        "pt": {"level": LEVELS[pt]},
        "ot": {"level": LEVELS[ot]},
        "overall": overall,
        "urgency": URGENCIES[found.urgency],
        "reasons": reasons,
        "next_steps": _next_steps(age, content, found, overall, check_again),
        "notes": found.kept_notes(red_flags),
        "other_professionals": _other_professionals(found, content),
        "check_again_at_months": check_again,
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


def focus_areas(
    answer: Mapping[str, Any], language: str = DEFAULT_LANGUAGE
) -> dict[Discipline, list[str]]:
    """What PT and OT would work on for this child, from the findings behind the answer, in
    `language`.

    A discipline that is not indicated gets nothing; one that is, but whose findings name no
    particular skill, gets the first few things it focuses on in general.
    """
    content = get_content(language)
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


def home_activities(
    answer: Mapping[str, Any], language: str = DEFAULT_LANGUAGE
) -> list[dict[str, str]]:
    """One everyday thing to do at home for each PT or OT finding of the answer, while the
    family waits for an evaluation: `{"discipline", "finding", "text", "source"}`, in the order
    of the reasons, each activity once. None for an urgent answer: the doctor comes first, and
    nothing should read as something to try instead. The words are in `language`."""
    content = get_content(language)
    if answer["urgency"] == "urgent":
        return []
    used = float(answer["age"]["used_months"])
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for reason in answer["reasons"]:
        if reason["discipline"] not in DISCIPLINES:
            continue
        activity = content.activity_for(reason["finding"], used)
        if activity is None or activity.id in seen:
            continue
        seen.add(activity.id)
        found.append(
            {
                "discipline": reason["discipline"],
                "finding": reason["finding"],
                "text": activity.text,
                "source": activity.source,
            }
        )
    return found


def _age_words(age: Age, content: Content, words: str | None = None) -> str:
    words = describe_age(age.used_months, content.language) if words is None else words
    if age.corrected_months is not None:
        return content.messages["age"]["corrected"].format(age=words)
    return words


def _age_beside(age: Age, limit: float, words: str, content: Content) -> str:
    """The child's age beside a limit given to one decimal (principle 15): to one decimal too,
    unless the whole months alone are past the limit, so it never reads as under it. `words`
    is the child's age as `_age_words` gives it, for that case."""
    if int(age.used_months) > limit:
        return words
    return _age_words(age, content, describe_months(age.used_months, content.language))


# Most of a milestone's sentence is the same for every child: the milestone, and its age limit
# in one language's words. The content never changes once loaded, so that much is worded once
# per language and kept, cut where the child's age goes; an answer joins the pieces around the
# child's age, which costs far less than `str.format` with its three blanks, thirty times over.
_CHILD_AGE = "\x00"  # marks where the child's age goes: no sentence of the content holds it


class _MilestoneSentences:
    """One milestone's sentences in one language, all but the child's age: `missed` (its CDC
    age has passed) and `past_window` (its WHO window has), as the pieces the age goes
    between, and `one_sided` whole."""

    __slots__ = ("missed", "one_sided", "past_window")

    def __init__(self, milestone: Milestone, content: Content) -> None:
        say = content.messages["milestone"]
        label = milestone.label
        self.one_sided = say["one_sided"].format(label=label)
        self.missed: list[str] = []
        self.past_window: list[str] = []
        if milestone.cdc_months is not None:
            limit = describe_age(milestone.cdc_months, content.language)
            self.missed = _cut(say["missed"], label=label, limit=limit)
        if milestone.who_window is not None:
            months = _number(milestone.who_window[1])
            self.past_window = _cut(say["past_window"], label=label, months=months)


def _cut(sentence: str, **blanks: str) -> list[str]:
    """The sentence with its blanks filled in but the child's age: the pieces it goes between,
    so that `age.join(pieces)` is `sentence.format(age=age, **blanks)`."""
    return sentence.format(age=_CHILD_AGE, **blanks).split(_CHILD_AGE)


_worded: dict[str, tuple[Content, dict[str, _MilestoneSentences]]] = {}


def _milestone_sentences(content: Content) -> dict[str, _MilestoneSentences]:
    """Each milestone's sentences in the content's language, by id, worded on first use (and
    again only for other content in that language, which only a test would load)."""
    kept = _worded.get(content.language)
    if kept is None or kept[0] is not content:
        words = {m.id: _MilestoneSentences(m, content) for m in content.milestones.values()}
        kept = _worded[content.language] = (content, words)
    return kept[1]


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _join(labels: list[str]) -> str:
    quoted = [f"“{label}”" for label in labels]
    return "; ".join(quoted)
