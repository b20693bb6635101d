"""The screening content: milestones, concerns, conditions, red flags, sources and sentences.

The words and ages live in TOML files beside this module, not in code, so that a clinician can
read and review them and a translator can work on them. They are loaded and checked once, on
first use; every answer records the version it was computed with.

Each language other than English is a parallel set of files in `content/<language>/`, holding
only the words, keyed by id (docs/screening-rules.md, "Languages"): the ages, levels, sources
and every other machine field are the English files' own, so an answer differs between
languages only in its words.
"""

from __future__ import annotations

import json
import os

from .errors import ScreeningError

# `typing` is imported for the type checker only: at run time it would cost the command line
# a noticeable share of its start-up (docs/decisions.md). mypy reads this block as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    Discipline = Literal["pt", "ot"]
    Level = Literal["recommended", "consider", "not-indicated"]
    Urgency = Literal["urgent", "soon", "routine"]

LEVELS: tuple[Level, ...] = ("not-indicated", "consider", "recommended")
URGENCIES: tuple[Urgency, ...] = ("routine", "soon", "urgent")
DISCIPLINES: tuple[Discipline, ...] = ("pt", "ot")
# CDC checklist ages in months; between two, the younger checklist applies.
CHECKLIST_AGES: tuple[int, ...] = (2, 4, 6, 9, 12, 15, 18, 24, 30, 36, 48, 60)
# The CDC checklists stop at 5 years; from 6 the check asks no milestone questions.
MILESTONES_UNTIL_MONTHS = 72
MAX_MONTHS = 216  # 18 years, the oldest child the contract takes
# Who else the child's doctor may involve: the contract's `other_professionals` ids.
PROFESSIONALS: tuple[str, ...] = (
    "speech-language-therapy",
    "hearing-test",
    "eye-check",
    "orthopedics",
    "neurology",
    "developmental-pediatrics",
)

# The languages the engine speaks; the first is the one every other is translated from.
LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"

CONTENT_DIR = os.path.join(os.path.dirname(__file__), "content")
# The TOML files are what people edit and review; compiled.json is the same data, checked and
# stamped with a version, which the engine reads because parsing TOML at every start of
# `wholechild screen` would cost more than the whole screening. A test keeps the two in step.
COMPILED = os.path.join(CONTENT_DIR, "compiled.json")
FILES = (
    "sources.toml",
    "disciplines.toml",
    "milestones.toml",
    "concerns.toml",
    "conditions.toml",
    "red_flags.toml",
    "professionals.toml",
    "messages.toml",
    "activities.toml",
)


class _Record:
    """A small immutable value with typed fields, set once by keyword.

    Not a dataclass or a NamedTuple: both cost milliseconds to import or to create, and the
    command line must start fast (see docs/decisions.md).
    """

    __slots__: tuple[str, ...] = ()

    def __init__(self, **fields: Any) -> None:
        for name in self.__slots__:
            object.__setattr__(self, name, fields.pop(name))
        if fields:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(fields))!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, self.__slots__[0])))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({getattr(self, self.__slots__[0])!r})"


class ContentError(Exception):
    """The content files break one of their own rules; a bug to fix before release."""


class Source(_Record):
    __slots__ = ("key", "name", "citation")
    key: str
    name: str
    citation: str


class DisciplineInfo(_Record):
    __slots__ = ("id", "name", "short", "therapist", "theme", "summary", "focus")
    id: Discipline
    name: str
    short: str
    therapist: str
    theme: str
    summary: str
    focus: tuple[str, ...]


class Milestone(_Record):
    __slots__ = (
        "id",
        "label",
        "discipline",
        "cdc_months",
        "who_window",
        "optional",
        "one_sided",
        "works_on",
    )
    id: str
    label: str
    discipline: Discipline
    cdc_months: int | None
    who_window: tuple[float, float] | None
    optional: bool
    one_sided: bool
    works_on: str

    @property
    def source(self) -> str:
        return "cdc-2022" if self.cdc_months is not None else "who-2006"


class ConcernRule(_Record):
    """What a concern means up to an age: its level, urgency, reasons, note, step and others.

    `medical` is a reason for the child's doctor, put first and carrying the urgency; without
    it, the urgency goes with the discipline's reason.
    """

    __slots__ = (
        "until_months",
        "level",
        "urgency",
        "reason",
        "medical",
        "note",
        "step",
        "others",
        "source",
    )
    until_months: int | None
    level: Level
    urgency: Urgency
    reason: str
    medical: str
    note: str
    step: str
    others: tuple[str, ...]
    source: str


class Concern(_Record):
    __slots__ = (
        "id",
        "group",
        "discipline",
        "label",
        "hint",
        "works_on",
        "source",
        "asked",
        "door",
        "feeding",
        "note_discipline",
        "rules",
    )
    id: str
    group: Literal["moving", "doing", "other"]
    discipline: Discipline | None
    label: str
    hint: str
    works_on: str
    source: str
    asked: tuple[int, int]
    door: Literal["development", "injury"]
    feeding: bool
    note_discipline: Discipline | None
    rules: tuple[ConcernRule, ...]

    def rule_at(self, used_months: float) -> ConcernRule:
        """The rule for a child of this (corrected) age."""
        for rule in self.rules:
            if rule.until_months is None or used_months < rule.until_months:
                return rule
        return self.rules[-1]  # the content check makes the last rule open-ended

    def is_asked_at(self, chronological_months: float) -> bool:
        """Whether the pages offer this concern at this age (principle 17)."""
        low, high = self.asked
        return low <= chronological_months <= high


class Condition(_Record):
    __slots__ = ("id", "label", "hint", "pt", "ot", "reasons", "works_on", "source")
    id: str
    label: str
    hint: str
    pt: Level
    ot: Level
    reasons: dict[Discipline, str]
    works_on: dict[Discipline, str]
    source: str


class RedFlag(_Record):
    __slots__ = (
        "id",
        "label",
        "hint",
        "urgency",
        "reason",
        "source",
        "urgent_below_months",
        "urgent_reason",
        "urgent_source",
        "emergency",
        "feeding",
        "reasons",
        "reason_sources",
        "works_on",
        "others",
        "others_source",
    )
    id: str
    label: str
    hint: str
    urgency: Urgency
    reason: str
    source: str
    urgent_below_months: float | None
    urgent_reason: str
    urgent_source: str
    emergency: bool
    feeding: bool
    reasons: dict[Discipline, str]
    reason_sources: dict[Discipline, str]
    works_on: str
    others: tuple[str, ...]
    others_source: str


class Professional(_Record):
    __slots__ = ("id", "name", "text")
    id: str
    name: str
    text: str


class Activity(_Record):
    """One everyday thing a family can do at home for a finding, at the ages it fits (the used
    age, from `from_months` and before `until_months`)."""

    __slots__ = ("id", "findings", "from_months", "until_months", "text", "source")
    id: str
    findings: tuple[str, ...]
    from_months: float
    until_months: float | None
    text: str
    source: str

    def fits(self, used_months: float) -> bool:
        return self.from_months <= used_months and (
            self.until_months is None or used_months < self.until_months
        )


class Content(_Record):
    __slots__ = (
        "version",
        "language",
        "sources",
        "disciplines",
        "milestones",
        "concerns",
        "conditions",
        "red_flags",
        "professionals",
        "messages",
        "activities",
    )
    version: str
    language: str
    sources: dict[str, Source]
    disciplines: dict[Discipline, DisciplineInfo]
    milestones: dict[str, Milestone]
    concerns: dict[str, Concern]
    conditions: dict[str, Condition]
    red_flags: dict[str, RedFlag]
    professionals: dict[str, Professional]
    messages: dict[str, dict[str, str]]
    activities: tuple[Activity, ...]

    def message(self, section: str, key: str) -> str:
        return self.messages[section][key]

    def concerns_asked_at(self, chronological_months: float) -> list[Concern]:
        """The concerns the pages offer a parent of a child this old (principle 17)."""
        return [c for c in self.concerns.values() if c.is_asked_at(chronological_months)]

    def activity_for(self, finding: str, used_months: float) -> Activity | None:
        """The activity at home for a finding at this (used) age, if the content has one."""
        for activity in self.activities:
            if finding in activity.findings and activity.fits(used_months):
                return activity
        return None


def _need(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ContentError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def _one_of(value: Any, allowed: tuple[str | None, ...], where: str) -> Any:
    if value not in allowed:
        raise ContentError(f"{where}: {value!r} is not one of {allowed}")
    return value


def _others(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    others = entry.get("others", [])
    for other in others:
        _one_of(other, PROFESSIONALS, where)
    return tuple(others)


def _concern_rules(
    entry: dict[str, Any], cid: str, discipline: Discipline | None, source: str
) -> tuple[ConcernRule, ...]:
    """A concern's rules, checked: ages that rise, the last open-ended, a reason for a level."""
    raw_rules = entry.get("rule") or [{}]
    rules = []
    last_until = -1
    for number, raw in enumerate(raw_rules, start=1):
        where = f"{cid} rule {number}"
        until = raw.get("until_months")
        if (until is None) != (number == len(raw_rules)):
            raise ContentError(f"{where}: only the last rule, and it always, has no until_months")
        if until is not None and until <= last_until:
            raise ContentError(f"{where}: until_months must rise from rule to rule")
        last_until = until if until is not None else last_until
        default_level = "consider" if discipline else "not-indicated"
        level = _one_of(raw.get("level", default_level), LEVELS, where)
        if level != "not-indicated" and discipline is None:
            raise ContentError(f"{where}: a concern with no discipline raises no level")
        reason = str(raw.get("reason", entry.get("reason", "")))
        if level != "not-indicated" and not reason.strip():
            raise ContentError(f"{where}: a level needs a reason")
        medical = str(raw.get("medical", ""))
        urgency = _one_of(raw.get("urgency", "routine"), ("routine", "soon"), where)
        if urgency == "soon" and not medical and level == "not-indicated":
            raise ContentError(f"{where}: an urgency needs a reason to go with")
        note = str(raw.get("note", ""))
        if note and discipline is None and entry.get("note_discipline") is None:
            raise ContentError(f"{where}: a note needs a discipline (note_discipline)")
        rule_source = str(raw.get("source", source))
        rules.append(
            ConcernRule(
                until_months=until,
                level=level,
                urgency=urgency,
                reason=reason if level != "not-indicated" else "",
                medical=medical,
                note=note,
                step=str(raw.get("step", "")),
                others=_others(raw, where),
                source=rule_source,
            )
        )
    return tuple(rules)


def _build(raw: dict[str, dict[str, Any]], version: str, language: str) -> Content:
    sources = {}
    for entry in raw["sources.toml"]["source"]:
        key = _need(entry, "key", str, "source")
        sources[key] = Source(
            key=key,
            name=_need(entry, "name", str, key),
            citation=_need(entry, "citation", str, key),
        )

    def source_of(entry: dict[str, Any], where: str, key_name: str = "source") -> str:
        key = _need(entry, key_name, str, where)
        if key not in sources:
            raise ContentError(f"{where}: unknown source {key!r}")
        return str(key)

    disciplines: dict[Discipline, DisciplineInfo] = {}
    for entry in raw["disciplines.toml"]["discipline"]:
        d = _one_of(entry.get("id"), DISCIPLINES, "discipline")
        disciplines[d] = DisciplineInfo(
            id=d,
            name=_need(entry, "name", str, d),
            short=_need(entry, "short", str, d),
            therapist=_need(entry, "therapist", str, d),
            theme=_need(entry, "theme", str, d),
            summary=_need(entry, "summary", str, d),
            focus=tuple(_need(entry, "focus", list, d)),
        )

    milestones: dict[str, Milestone] = {}
    for entry in raw["milestones.toml"]["milestone"]:
        mid = _need(entry, "id", str, "milestone")
        cdc = entry.get("cdc_months")
        window = entry.get("who_window")
        if cdc is None and window is None:
            raise ContentError(f"{mid}: needs a CDC age or a WHO window")
        if cdc is not None and cdc not in CHECKLIST_AGES:
            raise ContentError(f"{mid}: {cdc} is not a CDC checklist age")
        if window is not None and not (len(window) == 2 and 0 < window[0] < window[1]):
            raise ContentError(f"{mid}: a WHO window is [1st, 99th] percentile months")
        milestones[mid] = Milestone(
            id=mid,
            label=_need(entry, "label", str, mid),
            discipline=_one_of(entry.get("discipline"), DISCIPLINES, mid),
            cdc_months=cdc,
            who_window=(float(window[0]), float(window[1])) if window else None,
            optional=bool(entry.get("optional", False)),
            one_sided=bool(entry.get("one_sided", False)),
            works_on=_need(entry, "works_on", str, mid),
        )

    concerns: dict[str, Concern] = {}
    for entry in raw["concerns.toml"]["concern"]:
        cid = _need(entry, "id", str, "concern")
        discipline = _one_of(entry.get("discipline"), (*DISCIPLINES, None), cid)
        source = source_of(entry, cid)
        asked = entry.get("asked")
        if not (
            isinstance(asked, list) and len(asked) == 2 and 0 <= asked[0] < asked[1] <= MAX_MONTHS
        ):
            raise ContentError(f"{cid}: 'asked' is [from, to] months, within 0 to {MAX_MONTHS}")
        rules = _concern_rules(entry, cid, discipline, source)
        for rule in rules:
            if rule.source not in sources:
                raise ContentError(f"{cid}: unknown source {rule.source!r}")
        concerns[cid] = Concern(
            id=cid,
            group=_one_of(entry.get("group"), ("moving", "doing", "other"), cid),
            discipline=discipline,
            label=_need(entry, "label", str, cid),
            hint=str(entry.get("hint", "")),
            works_on=str(entry.get("works_on", "")),
            source=source,
            asked=(int(asked[0]), int(asked[1])),
            door=_one_of(entry.get("door", "development"), ("development", "injury"), cid),
            feeding=bool(entry.get("feeding", False)),
            note_discipline=_one_of(
                entry.get("note_discipline", discipline), (*DISCIPLINES, None), cid
            ),
            rules=rules,
        )

    conditions: dict[str, Condition] = {}
    for entry in raw["conditions.toml"]["condition"]:
        cid = _need(entry, "id", str, "condition")
        levels = {d: _one_of(entry.get(d), LEVELS, cid) for d in DISCIPLINES}
        reasons: dict[Discipline, str] = {}
        works_on: dict[Discipline, str] = {}
        for d in DISCIPLINES:
            if levels[d] != "not-indicated":
                reasons[d] = _need(entry, f"{d}_reason", str, cid)
                works_on[d] = _need(entry, f"{d}_works_on", str, cid)
        conditions[cid] = Condition(
            id=cid,
            label=_need(entry, "label", str, cid),
            hint=str(entry.get("hint", "")),
            pt=levels["pt"],
            ot=levels["ot"],
            reasons=reasons,
            works_on=works_on,
            source=source_of(entry, cid),
        )

    red_flags: dict[str, RedFlag] = {}
    for entry in raw["red_flags.toml"]["red_flag"]:
        rid = _need(entry, "id", str, "red flag")
        source = source_of(entry, rid)
        flag_reasons: dict[Discipline, str] = {}
        reason_sources: dict[Discipline, str] = {}
        for d in entry.get("raises", []):
            _one_of(d, DISCIPLINES, rid)
            flag_reasons[d] = _need(entry, f"{d}_reason", str, rid)
            reason_sources[d] = (
                source_of(entry, rid, f"{d}_source") if entry.get(f"{d}_source") else source
            )
        below = entry.get("urgent_below_months")
        red_flags[rid] = RedFlag(
            id=rid,
            label=_need(entry, "label", str, rid),
            hint=str(entry.get("hint", "")),
            urgency=_one_of(entry.get("urgency"), ("urgent", "soon"), rid),
            reason=_need(entry, "reason", str, rid),
            source=source,
            urgent_below_months=float(below) if below is not None else None,
            urgent_reason=_need(entry, "urgent_reason", str, rid) if below is not None else "",
            urgent_source=source_of(entry, rid, "urgent_source") if below is not None else "",
            emergency=bool(entry.get("emergency", False)),
            feeding=bool(entry.get("feeding", False)),
            reasons=flag_reasons,
            reason_sources=reason_sources,
            works_on=str(entry.get("works_on", "")),
            others=_others(entry, rid),
            others_source=source_of(entry, rid, "others_source")
            if entry.get("others_source")
            else source,
        )

    professionals: dict[str, Professional] = {}
    for entry in raw["professionals.toml"]["professional"]:
        pid = _one_of(entry.get("id"), PROFESSIONALS, "professional")
        professionals[pid] = Professional(
            id=pid,
            name=_need(entry, "name", str, pid),
            text=_need(entry, "text", str, pid),
        )
    if set(professionals) != set(PROFESSIONALS):
        raise ContentError(f"professionals.toml must describe each of {PROFESSIONALS}")

    activities = _activities(raw["activities.toml"], milestones, concerns, sources)
    messages_raw = raw["messages.toml"]
    messages = {k: v for k, v in messages_raw.items() if isinstance(v, dict)}
    return Content(
        version=version,
        language=language,
        sources=sources,
        disciplines=disciplines,
        milestones=dict(sorted(milestones.items(), key=lambda kv: _milestone_age(kv[1]))),
        concerns=concerns,
        conditions=conditions,
        red_flags=red_flags,
        professionals=professionals,
        messages=messages,
        activities=activities,
    )


def _activities(
    raw: dict[str, Any],
    milestones: dict[str, Milestone],
    concerns: dict[str, Concern],
    sources: dict[str, Source],
) -> tuple[Activity, ...]:
    """The activities at home, checked: each for known findings of PT or OT, sourced, and no
    finding given two activities at one age."""
    activities: list[Activity] = []
    for entry in raw.get("activity", []):
        aid = _need(entry, "id", str, "activity")
        findings = tuple(_need(entry, "findings", list, aid))
        for finding in findings:
            owner = milestones.get(finding) or concerns.get(finding)
            if owner is None or owner.discipline is None:
                raise ContentError(f"{aid}: {finding!r} is not a milestone or a PT or OT concern")
        source = _need(entry, "source", str, aid)
        if source not in sources:
            raise ContentError(f"{aid}: unknown source {source!r}")
        start = float(entry.get("from_months", 0))
        end = entry.get("until_months")
        if end is not None and float(end) <= start:
            raise ContentError(f"{aid}: until_months must be after from_months")
        activity = Activity(
            id=aid,
            findings=findings,
            from_months=start,
            until_months=float(end) if end is not None else None,
            text=_need(entry, "text", str, aid),
            source=source,
        )
        for other in activities:
            shared = set(other.findings) & set(findings)
            apart = (other.until_months is not None and other.until_months <= start) or (
                end is not None and float(end) <= other.from_months
            )
            if shared and not apart:
                raise ContentError(f"{aid}: {sorted(shared)} already have {other.id!r}")
        activities.append(activity)
    return tuple(activities)


def _milestone_age(milestone: Milestone) -> float:
    if milestone.cdc_months is not None:
        return float(milestone.cdc_months)
    assert milestone.who_window is not None
    return milestone.who_window[1]


# The keys of an entry that hold words a parent reads. Every other key is a machine field (an
# id, an age, a level, a source, a flag), which only the English files hold. The sources'
# citations stay as their publishers wrote them, in every language.
TEXT_KEYS = frozenset(
    {
        "label",
        "hint",
        "reason",
        "medical",
        "note",
        "step",
        "works_on",
        "pt_reason",
        "ot_reason",
        "pt_works_on",
        "ot_works_on",
        "urgent_reason",
        "name",
        "short",
        "therapist",
        "theme",
        "summary",
        "focus",
        "text",
    }
)


class _Translating:
    """One walk over the English files beside a language's words: the files in that
    language, what is wrong with the words, and each English text beside its twin."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.problems: list[str] = []
        self.pairs: list[tuple[str, str, str]] = []

    def files(self, english: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
        translated = {}
        for name, raw in english.items():
            given = words.get(name)
            if given is None:
                self.problems.append(f"{self.language}/{name} is missing")
                given = {}
            translated[name] = self.file(f"{self.language}/{name}", raw, given)
        for name in words:
            if name not in english:
                self.problems.append(f"{self.language}/{name} has no English file")
        return translated

    def file(self, where: str, english: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
        translated: dict[str, Any] = {}
        for key, value in english.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                # A list of entries, each found in the translation by its id.
                given = words.get(key, {})
                ids = []
                for entry in value:
                    eid = str(entry.get("key", entry.get("id")))
                    ids.append(eid)
                    got = given.get(eid) if isinstance(given, dict) else None
                    if got is None:
                        self.problems.append(f"{where}: [{key}.{eid}] is missing")
                        got = {}
                    translated.setdefault(key, []).append(
                        self.entry(f"{where} {key}.{eid}", entry, got)
                    )
                extra = [eid for eid in given if eid not in ids] if isinstance(given, dict) else []
                for eid in extra:
                    self.problems.append(f"{where}: [{key}.{eid}] has no English entry")
            elif isinstance(value, dict):
                # A section of sentences (messages.toml): every value is words.
                given = words.get(key, {})
                translated[key] = {
                    k: self.text(f"{where} [{key}] {k}", v, given.get(k)) for k, v in value.items()
                }
                for k in given:
                    if k not in value:
                        self.problems.append(f"{where} [{key}] {k} has no English text")
            else:
                translated[key] = value  # the version: the English files' own
        for key in words:
            if key not in english:
                self.problems.append(f"{where}: {key} has no English text")
            elif not isinstance(english[key], list | dict):
                self.problems.append(f"{where}: {key} is not words, and stays the English one")
        return translated

    def entry(self, where: str, english: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
        translated = dict(english)
        for key, value in english.items():
            if key == "rule":
                # A concern's rules have no ids: the translation gives as many, in order.
                given = words.get("rule", [])
                if len(given) != len(value):
                    self.problems.append(f"{where}: {len(given)} rules, not {len(value)}")
                translated["rule"] = [
                    self.entry(f"{where} rule {n}", rule, given[n - 1] if n <= len(given) else {})
                    for n, rule in enumerate(value, start=1)
                ]
            elif key in TEXT_KEYS:
                translated[key] = self.text(f"{where}.{key}", value, words.get(key))
        for key in words:
            if key not in english:
                self.problems.append(f"{where}.{key} has no English text")
            elif key not in TEXT_KEYS and key != "rule":
                self.problems.append(f"{where}.{key} is not words, and stays the English one")
        return translated

    def text(self, where: str, english: Any, words: Any) -> Any:
        if isinstance(english, list):
            if not isinstance(words, list) or len(words) != len(english):
                self.problems.append(f"{where} needs a list of {len(english)}")
                return english
            pairs = enumerate(zip(english, words, strict=True))
            return [self.text(f"{where}[{n}]", e, w) for n, (e, w) in pairs]
        if not isinstance(english, str) or not english.strip():
            if words:  # nothing in English, so nothing to translate
                self.problems.append(f"{where} has no English text")
            return english
        if not isinstance(words, str) or not words.strip():
            self.problems.append(f"{where} has no {self.language} twin")
            return english
        if _blanks(words) != _blanks(english):
            self.problems.append(f"{where} must fill in {sorted(_blanks(english))}")
        self.pairs.append((where, english, words))
        return words


def _blanks(text: str) -> set[str]:
    """The {placeholders} a sentence leaves for the engine to fill in."""
    return {part.split("}", 1)[0] for part in text.split("{")[1:]}


def translate(
    english: dict[str, Any], words: dict[str, Any], language: str
) -> tuple[dict[str, Any], list[str], list[tuple[str, str, str]]]:
    """The English files with a language's words in place of theirs.

    Also what is wrong with the words (an English text with no twin, an empty one, a twin
    with no English text, a machine field given, a blank not filled in) and each English text
    beside its twin, for the tests to read.
    """
    walk = _Translating(language)
    translated = walk.files(english, words)
    return translated, walk.problems, walk.pairs


def read_sources() -> dict[str, Any]:
    """Parse the TOML files and stamp them with a version: what compiled.json holds.

    The version is the one written in messages.toml plus a digest of every file, each
    language's included, so that any change to a word or an age yields a new version; the
    languages share it, as an answer's machine fields are the same in each.
    """
    import hashlib
    import tomllib

    digest = hashlib.sha256()

    def read(folder: str) -> dict[str, Any]:
        files = {}
        for name in FILES:
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                continue  # a translation without it is refused by the check
            with open(path, "rb") as handle:
                data = handle.read()
            digest.update(data)
            files[name] = tomllib.loads(data.decode("utf-8"))
        return files

    files = read(CONTENT_DIR)
    translations = {
        language: read(os.path.join(CONTENT_DIR, language))
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE
    }
    version = f"{files['messages.toml']['version']}+{digest.hexdigest()[:8]}"
    return {"version": version, "files": files, "translations": translations}


def _content_in(compiled: dict[str, Any], language: str) -> Content:
    files = compiled["files"]
    if language != DEFAULT_LANGUAGE:
        files, problems, _pairs = translate(files, compiled["translations"][language], language)
        if problems:
            raise ContentError("; ".join(problems))
    return _build(files, compiled["version"], language)


def compile_content() -> None:
    """Check the TOML files, every language's, and write compiled.json from them."""
    compiled = read_sources()
    for language in LANGUAGES:
        _content_in(compiled, language)  # refuse to write content that breaks a rule
    with open(COMPILED, "w", encoding="utf-8") as handle:
        json.dump(compiled, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")


_compiled: dict[str, Any] | None = None
_contents: dict[str, Content] = {}


def get_content(language: str = DEFAULT_LANGUAGE) -> Content:
    """The content in a language ("en" or "es"), loaded and checked once per process.

    An unknown language raises ScreeningError, naming it and the languages there are.
    """
    global _compiled
    if language not in LANGUAGES:
        raise ScreeningError(
            "language",
            language,
            "give one of " + ", ".join(LANGUAGES),
            "is not a language the check speaks",
        )
    content = _contents.get(language)
    if content is None:
        if _compiled is None:
            with open(COMPILED, encoding="utf-8") as handle:
                _compiled = json.load(handle)
        content = _contents[language] = _content_in(_compiled, language)
    return content


def preferred_language(accept_language: str | None) -> str:
    """The language of ours a client prefers most, from an HTTP Accept-Language header
    ("es-MX,es;q=0.9,en;q=0.8" → "es"), or English where it names none of ours.

    Each tag counts by its primary subtag (es-US is es), with its q-value (1 when not given;
    0, or one that is not a number from 0 to 1, is not wanted); the highest wins, the first
    given on a tie. "*" stands for English, as any language will do.
    """
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in (accept_language or "").split(","):
        tag, _semicolon, parameters = part.partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        primary = DEFAULT_LANGUAGE if primary == "*" else primary
        q = 1.0
        name, _equals, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                continue
            if not 0 <= q <= 1:
                continue
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best
