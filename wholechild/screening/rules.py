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
    from collections.abc import Iterable, Mapping
    from typing import Any

    from .content import Concern, Content, Discipline, Milestone

    # The judges' tables (`_Tables`), one tuple per milestone, concern, condition or red flag:
    # place in the content's order, id, discipline, optional, is walking, WHO limit, CDC age,
    # one-sided, sentences
    _MilestoneRow = tuple[
        int, str, Discipline, bool, bool, float, float, bool, "_MilestoneSentences"
    ]
    # plain (raises a level and does nothing else), raises a level, level, reason, doctor's
    # reason, urgency, note's discipline (None for no note), note, step, other professionals,
    # source
    _ConcernRule = tuple[
        bool, bool, int, str, str, int, Discipline | None, str, str, tuple[str, ...], str
    ]
    # discipline, injury door, feeding, the age the first rule stops at, the first rule, and
    # (the age it stops at, the rule) for each later rule
    _ConcernRow = tuple[
        Discipline | None, bool, bool, float, _ConcernRule, tuple[tuple[float, _ConcernRule], ...]
    ]
    # discipline, reason, source, level
    _ConditionReason = tuple[Discipline, str, str, int]
    # urgent below (months), (urgency, text, source) below it and otherwise, first discipline,
    # emergency, (discipline, reason, source) for each, other professionals, their source,
    # feeding
    _Said = tuple[int, str, str]
    _RedFlagRow = tuple[
        float | None,
        _Said,
        _Said,
        Discipline | None,
        bool,
        tuple[tuple[Discipline, str, str], ...],
        tuple[str, ...],
        str,
        bool,
    ]

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

    The judges add their reasons to it directly, not through a method: the largest request
    gives 88, and a call with keywords for each, and another for its door, were about a fifth
    of the engine's time under cProfile. Each reason does what that method did: it raises its
    discipline's level (PT or OT) to its own, goes with the doctor's reasons or the others,
    and an urgency above routine raises the answer's and, where it belongs to PT or OT, that
    discipline's (`worried`) and, unless the doctor looks first, the therapy's.
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
        "note_texts",
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
        self.note_texts: list[str] = []  # each note's text, to say each once
        self.steps: list[str] = []
        self.others: dict[str, dict[str, Any]] = {}
        self.feeding = False
        self.emergency = False
        self.developmental = False  # a PT or OT finding through the developmental door (16)
        self.injury = False  # one through the injury door
        self.doctor_first = False  # a concern the doctor looks at before PT or OT

    def soon(self, urgency: int, owner: str | None, *, hurries_therapy: bool = True) -> None:
        """An urgency above routine, of a finding that belongs to `owner` (PT, OT or none)."""
        if urgency > self.urgency:
            self.urgency = urgency
        if owner is not None:
            if hurries_therapy and urgency > self.therapy_urgency:
                self.therapy_urgency = urgency
            self.worried.add(owner)

    def other(self, professional: str, because: str, source: str) -> None:
        """Another professional, once, with each finding that names them once."""
        entry = self.others.get(professional)
        if entry is None:
            self.others[professional] = {"because": [because], "source": source}
        elif because not in entry["because"]:
            entry["because"].append(because)

    def note(self, discipline: str, finding: str, text: str, *, reassuring: bool) -> None:
        if text and text not in self.note_texts:
            self.note_texts.append(text)
            self.notes.append(
                (reassuring, {"discipline": discipline, "finding": finding, "text": text})
            )

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
    answers: dict[str, str], age: Age, content: Content, tables: _Tables, found: _Findings
) -> None:
    """Principles 2, 3, 4, 5 and 15: what a "not yet" means depends on the (corrected) age."""
    if not answers:
        return  # nothing answered, nothing to say
    say = content.messages["milestone"]
    used = age.used_months
    # The child's age reads the same in every sentence about a milestone: worded once here,
    # not once per reason (the largest request says it in some thirty).
    child = _age_words(age, content)
    # Principle 15: beside a WHO limit given to one decimal, the child's age to one decimal
    # too, unless the whole months alone are past the limit, so it never reads as under it.
    # Worded when first needed, once.
    whole_months = int(used)
    decimal: str | None = None
    levels = found.levels
    therapy = found.therapy_reasons
    worried = found.worried
    soon = False  # a finding that makes the urgency soon
    developmental = False  # a finding through the developmental door (principle 16)
    missed: dict[Discipline, list[str]] = {"pt": [], "ot": []}
    ahead: dict[Discipline, str] = {}  # the first milestone still ahead, by discipline
    unsure: dict[Discipline, list[str]] = {}
    # In the content's order (by age), as the reasons and notes are.
    if 2 * len(answers) > len(tables.milestone_rows):
        rows: Iterable[_MilestoneRow] = tables.milestone_rows  # most answered: each in turn
    else:  # a few: those, sorted by their place (first in each row, and never the same)
        rows = sorted(map(tables.milestones.__getitem__, answers))
    for _, mid, discipline, optional, walking, who_limit, cdc_months, one_sided, sentences in rows:
        answer = answers.get(mid)
        if answer is None or answer == "yes":
            continue
        if answer == "unsure":
            if discipline in unsure:
                unsure[discipline].append(mid)
            else:
                unsure[discipline] = [mid]
            continue
        if optional:
            found.note(discipline, mid, say["crawling"], reassuring=True)
            continue
        if walking and used >= WALKING_BY_MONTHS:
            text = say["not_walking"].format(age=child)
            therapy.append(
                {"discipline": discipline, "finding": mid, "text": text, "source": "aap-2013-motor"}
            )
            levels[discipline] = _RECOMMENDED  # the highest level there is
            soon = True
            worried.add(discipline)
        elif used > who_limit:
            if whole_months > who_limit:
                words = child
            else:
                if decimal is None:
                    decimal = _age_words(age, content, describe_months(used, content.language))
                words = decimal
            text = words.join(sentences.past_window)
            therapy.append(
                {"discipline": discipline, "finding": mid, "text": text, "source": "who-2006"}
            )
            levels[discipline] = _RECOMMENDED
            soon = True
            worried.add(discipline)
        elif used >= cdc_months:
            if one_sided:
                # A difference between the two sides: the doctor looks soon (principle 2).
                found.doctors_reasons.append(
                    {
                        "discipline": "medical",
                        "finding": mid,
                        "text": sentences.one_sided,
                        "source": "aap-2013-motor",
                    }
                )
                if found.medical_urgency < _SOON:
                    found.medical_urgency = _SOON
                soon = True
                worried.add(discipline)
            text = child.join(sentences.missed)
            therapy.append(
                {"discipline": discipline, "finding": mid, "text": text, "source": "cdc-2022"}
            )
            missed[discipline].append(mid)  # which raises the level to consider, below
        else:
            if discipline not in ahead:
                ahead[discipline] = mid
            continue
        developmental = True
    if developmental:
        found.developmental = True
    for discipline, ids in missed.items():
        if ids and levels[discipline] < _CONSIDER:
            levels[discipline] = _CONSIDER
        if len(ids) >= SEVERAL:
            # CDC set its ages at 75% so that a miss prompts action, not waiting (principle 3).
            therapy.append(
                {
                    "discipline": discipline,
                    "finding": ids[-1],
                    "text": say["missed_several"],
                    "source": "cdc-2022",
                }
            )
            levels[discipline] = _RECOMMENDED
            soon = True
            worried.add(discipline)
    if soon:  # each finding's discipline is in `worried` already
        if found.urgency < _SOON:
            found.urgency = _SOON
        if found.therapy_urgency < _SOON:
            found.therapy_urgency = _SOON
    for discipline in DISCIPLINES:
        if discipline in ahead:
            text = say["still_ahead"].format(age=child)
            found.note(discipline, ahead[discipline], text, reassuring=True)
        if discipline in unsure:
            ids = unsure[discipline]
            labels = "; ".join(map(tables.quoted_labels.__getitem__, ids))
            text = say["unsure"].format(labels=labels)
            found.note(discipline, ids[0], text, reassuring=False)


def _judge_concerns(concerns: list[str], age: Age, tables: _Tables, found: _Findings) -> None:
    """Principles 1, 8, 9, 10 and 13: each concern as its rule for the child's age says."""
    used = age.used_months
    levels = found.levels
    therapy = found.therapy_reasons
    steps = found.steps
    developmental = False
    rows = tables.concerns
    for concern_id in concerns:
        discipline, injury, feeding, until, rule, later = rows[concern_id]
        if used >= until:  # most concerns have one rule, for every age
            rule = next(later_rule for stop, later_rule in later if used < stop)
        (
            plain,
            raises,
            level,
            reason,
            medical,
            urgency,
            note_discipline,
            note,
            step,
            others,
            source,
        ) = rule
        if plain and discipline is not None:  # most: a reason for PT or OT, and nothing else
            therapy.append(
                {"discipline": discipline, "finding": concern_id, "text": reason, "source": source}
            )
            if level > levels[discipline]:
                levels[discipline] = level
            if injury:
                found.injury = True
            else:
                developmental = True
            continue
        if medical:
            # The doctor looks first (a late head tilt, a flat spot from 6 months, an uneven
            # back): the therapy is booked once the doctor has seen the child.
            found.doctor_first = found.doctor_first or raises
            found.doctors_reasons.append(
                {"discipline": "medical", "finding": concern_id, "text": medical, "source": source}
            )
            if urgency > found.medical_urgency:
                found.medical_urgency = urgency
            if urgency:
                found.soon(urgency, discipline, hurries_therapy=False)
        if raises and discipline is not None:
            therapy.append(
                {"discipline": discipline, "finding": concern_id, "text": reason, "source": source}
            )
            if level > levels[discipline]:
                levels[discipline] = level
            if urgency and not medical:  # with a doctor's reason, the urgency went with it
                found.soon(urgency, discipline)
            if injury:
                found.injury = True
            else:
                developmental = True
        if note_discipline is not None:
            found.note(note_discipline, concern_id, note, reassuring=True)
        if step and step not in steps:
            steps.append(step)
        for professional in others:
            found.other(professional, concern_id, source)
        if feeding:
            found.feeding = True
    if developmental:
        found.developmental = True


def _judge_conditions(conditions: list[str], tables: _Tables, found: _Findings) -> None:
    """Principle 6: a condition the child has sets a floor for each discipline."""
    levels = found.levels
    therapy = found.therapy_reasons
    developmental = False
    rows = tables.conditions
    for condition_id in conditions:
        for discipline, reason, source, level in rows[condition_id]:
            therapy.append(
                {
                    "discipline": discipline,
                    "finding": condition_id,
                    "text": reason,
                    "source": source,
                }
            )
            if level > levels[discipline]:
                levels[discipline] = level
            developmental = True
    if developmental:
        found.developmental = True


def _judge_red_flags(red_flags: list[str], age: Age, tables: _Tables, found: _Findings) -> None:
    """Principle 7: red flags put medicine first, and raise only the disciplines they name."""
    used = age.used_months
    levels = found.levels
    therapy = found.therapy_reasons
    worried = found.worried
    rows = tables.red_flags
    for flag_id in red_flags:
        below, urgently, usually, first, emergency, reasons, others, others_source, feeding = rows[
            flag_id
        ]
        urgency, text, source = urgently if below is not None and used < below else usually
        found.doctors_reasons.append(
            {"discipline": "medical", "finding": flag_id, "text": text, "source": source}
        )
        if urgency > found.medical_urgency:
            found.medical_urgency = urgency
        if urgency:  # as `_Findings.soon`, inline
            if urgency > found.urgency:
                found.urgency = urgency
            if first is not None:
                if urgency > found.therapy_urgency:
                    found.therapy_urgency = urgency
                worried.add(first)
        if urgency == _URGENT and emergency:
            found.emergency = True
        for discipline, reason, reason_source in reasons:
            therapy.append(
                {
                    "discipline": discipline,
                    "finding": flag_id,
                    "text": reason,
                    "source": reason_source,
                }
            )
            if levels[discipline] < _CONSIDER:
                levels[discipline] = _CONSIDER
            found.developmental = True
        for professional in others:
            found.other(professional, flag_id, others_source)
        if feeding:
            found.feeding = True


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
    tables = _tables_for(content)
    found = _Findings()
    _judge_red_flags(red_flags, age, tables, found)
    _judge_milestones(milestones, age, content, tables, found)
    _judge_concerns(concerns, age, tables, found)
    _judge_conditions(conditions, tables, found)

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


# An age no child reaches (every age is checked to be a number from 0 to 216 months): the limit
# of a milestone without a WHO window or a CDC age, and the end of a concern's last rule.
_NEVER = float("inf")


class _Tables:
    """What the judges read of one content, in its language, laid out for their loops: each
    milestone, concern, condition and red flag as a tuple of the fields they use, with its
    levels and urgencies as the numbers the answer compares, and the sentences already worded.

    All of it comes from the content, which never changes once loaded, and none of it from any
    answer: it is built once per language, on first use (and again only for other content in
    that language, which only a test would load). The judges then read each one's fields in
    one unpacking, not attribute by attribute on the content's records, and compare numbers
    without a `LEVELS.index` for each reason.
    """

    __slots__ = (
        "concerns",
        "conditions",
        "content",
        "milestone_rows",
        "milestones",
        "quoted_labels",
        "red_flags",
        "sentences",
    )

    def __init__(self, content: Content) -> None:
        self.content = content
        self.sentences = {
            m.id: _MilestoneSentences(m, content) for m in content.milestones.values()
        }
        # Each label quoted, as the note on the milestones the parent was unsure of lists them.
        self.quoted_labels = {m.id: _quoted(m.label) for m in content.milestones.values()}
        self.milestones: dict[str, _MilestoneRow] = {
            m.id: (
                place,
                m.id,
                m.discipline,
                m.optional,
                m.id == "walks-alone",
                m.who_window[1] if m.who_window is not None else _NEVER,
                m.cdc_months if m.cdc_months is not None else _NEVER,
                m.one_sided,
                self.sentences[m.id],
            )
            for place, m in enumerate(content.milestones.values())
        }
        self.milestone_rows = tuple(self.milestones.values())  # in the content's order
        self.concerns = {c.id: _concern_row(c) for c in content.concerns.values()}
        self.conditions: dict[str, tuple[_ConditionReason, ...]] = {
            c.id: tuple(
                (discipline, c.reasons[discipline], c.source, LEVELS.index(level))
                for discipline, level in zip(DISCIPLINES, (c.pt, c.ot), strict=True)
                if level != "not-indicated"
            )
            for c in content.conditions.values()
        }
        self.red_flags: dict[str, _RedFlagRow] = {
            f.id: (
                f.urgent_below_months,
                (_URGENT, f.urgent_reason, f.urgent_source),
                (URGENCIES.index(f.urgency), f.reason, f.source),
                next(iter(f.reasons), None),
                f.emergency,
                tuple((d, reason, f.reason_sources[d]) for d, reason in f.reasons.items()),
                f.others,
                f.others_source,
                f.feeding,
            )
            for f in content.red_flags.values()
        }


def _concern_row(concern: Concern) -> _ConcernRow:
    """A concern's row of `_Tables.concerns`: its rules as the numbers and words the judge
    uses, each with the age it stops at, the first apart (most concerns have only that one)."""
    rules = tuple(
        (
            _NEVER if rule.until_months is None else rule.until_months,
            (
                concern.discipline is not None
                and rule.level != "not-indicated"
                and not (rule.medical or rule.urgency != "routine" or rule.note or rule.step)
                and not (rule.others or concern.feeding),
                concern.discipline is not None and rule.level != "not-indicated",
                LEVELS.index(rule.level),
                rule.reason,
                rule.medical,
                URGENCIES.index(rule.urgency),
                concern.note_discipline if rule.note else None,
                rule.note,
                rule.step,
                rule.others,
                rule.source,
            ),
        )
        for rule in concern.rules
    )
    (until, first), later = rules[0], rules[1:]
    return (concern.discipline, concern.door == "injury", concern.feeding, until, first, later)


_tables: dict[str, _Tables] = {}


def _tables_for(content: Content) -> _Tables:
    """The judges' tables of the content, by its language."""
    kept = _tables.get(content.language)
    if kept is None or kept.content is not content:
        kept = _tables[content.language] = _Tables(content)
    return kept


def _milestone_sentences(content: Content) -> dict[str, _MilestoneSentences]:
    """Each milestone's sentences in the content's language, by id."""
    return _tables_for(content).sentences


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _quoted(label: str) -> str:
    return f"“{label}”"
