"""A screening as a QuestionnaireResponse to the check's Questionnaire, and back.

`response_for` writes the contract's request as the answers to the Questionnaire (a record's
snapshot, exactly as the parent gave it). `request_from` reads one that came in, from an EHR's
own form or from the export, into the contract's request: it takes it whole or not at all, and
a refusal names every problem (`Refused`, with one `Issue` each, for an OperationOutcome).
The engine then judges the request as it judges every other.

The date the answers were given is `authored`; with a date of birth it is the day the age is
counted on (the contract's `as_of`). Its `language` is the language the answers were given in
(`language_of`), which `$screen` answers in when the client's Accept-Language names none of
ours; it changes no answer.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from wholechild.screening import LANGUAGES, ScreeningError, get_content

from .base import Issue, Resource, code_system, coding
from .questionnaire import (
    AGE_GROUP,
    AGE_MONTHS,
    ANSWER_CODES,
    BIRTH_DATE,
    CONCERNS,
    CONDITIONS,
    MILESTONES,
    RED_FLAGS,
    WEEKS,
    answer_words,
    canonical,
    link_ids,
)

# The contract's list fields, by the group that asks them.
LISTS = {CONCERNS: "concerns", CONDITIONS: "conditions", RED_FLAGS: "red_flags"}
TAKEN_STATUSES = ("completed", "amended", "in-progress")


class Refused(Exception):
    """A QuestionnaireResponse that cannot be taken whole: every problem, none taken."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(issue.text for issue in issues))
        self.issues = issues


def response_for(
    request: dict[str, Any],
    *,
    id: str | None = None,
    authored: str | None = None,
    subject: dict[str, Any] | None = None,
    author: dict[str, Any] | None = None,
    version: str | None = None,
    language: str | None = None,
) -> Resource:
    """The contract's request as a completed QuestionnaireResponse. `version` is the content
    version the answers were given to (the current one when not given); `language` the one
    they were given in, which it says, and in which it words the milestones and answers (as
    before when not given: English milestones, answers in the active language)."""
    content = get_content(language) if language else get_content()
    with translation.override(language or translation.get_language()):
        words = answer_words()
    system = code_system("milestone-answer")
    child: list[dict[str, Any]] = []
    if "birth_date" in request:
        child.append({"linkId": BIRTH_DATE, "answer": [{"valueDate": request["birth_date"]}]})
    if "age_months" in request:
        value = request["age_months"]
        child.append({"linkId": AGE_MONTHS, "answer": [{"valueDecimal": value}]})
    if "gestational_age_weeks" in request:
        weeks = request["gestational_age_weeks"]
        kind = "valueInteger" if float(weeks).is_integer() else "valueDecimal"
        child.append(
            {"linkId": WEEKS, "answer": [{kind: int(weeks) if kind == "valueInteger" else weeks}]}
        )
    groups: list[dict[str, Any]] = [{"linkId": AGE_GROUP, "item": child}]
    milestones = [
        {
            "linkId": mid,
            "text": content.milestones[mid].label if mid in content.milestones else mid,
            "answer": [{"valueCoding": coding(system, answer, words.get(answer))}],
        }
        for mid, answer in (request.get("milestones") or {}).items()
    ]
    if milestones:
        groups.append({"linkId": MILESTONES, "item": milestones})
    for group, field in LISTS.items():
        ticked = request.get(field) or []
        if ticked:
            groups.append(
                {
                    "linkId": group,
                    "item": [{"linkId": i, "answer": [{"valueBoolean": True}]} for i in ticked],
                }
            )
    response: Resource = {"resourceType": "QuestionnaireResponse"}
    if id is not None:
        response["id"] = id
    if language is not None:
        response["language"] = language
    response["questionnaire"] = f"{canonical()}|{version or content.version}"
    response["status"] = "completed"
    if subject is not None:
        response["subject"] = subject
    if authored is not None:
        response["authored"] = authored
    elif "as_of" in request:
        response["authored"] = request["as_of"]
    if author is not None:
        response["author"] = author
        response["source"] = author
    response["item"] = groups
    return response


# --- Reading one that came in ------------------------------------------------------------------


def language_of(response: Any) -> str | None:
    """The language of ours a QuestionnaireResponse says its answers were given in (its
    `language`, a BCP-47 tag: es-MX is es), or None when it says none or another."""
    given = response.get("language") if isinstance(response, dict) else None
    if not isinstance(given, str):
        return None
    primary = given.strip().lower().split("-", 1)[0]
    return primary if primary in LANGUAGES else None


def _where(path: str, linkid: Any) -> str:
    return f"{path}.where(linkId='{str(linkid)[:60]}')"


class _Reader:
    """Walks the items, keeping every problem and the answers it could read."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.known = link_ids()
        self.seen: set[str] = set()
        self.answers: dict[str, tuple[str, Any, str]] = {}  # linkId -> (group, answer, path)

    def problem(self, text: str, path: str, code: str = "invalid") -> None:
        self.issues.append(Issue(text, path, code))

    def items(self, items: Any, path: str, group: str | None) -> None:
        if not isinstance(items, list):
            self.problem(_("item must be a list of items."), path, "structure")
            return
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("linkId"), str):
                self.problem(_("Each item must be an object with a linkId."), path, "structure")
                continue
            self.item(item, path, group)

    def item(self, item: dict[str, Any], path: str, group: str | None) -> None:
        linkid = item["linkId"]
        here = _where(f"{path}.item", linkid)
        if linkid in self.seen:
            self.problem(_("The item %(id)s is answered more than once.") % {"id": linkid}, here)
            return
        self.seen.add(linkid)
        groups = {AGE_GROUP, MILESTONES, *LISTS}
        if linkid in groups and group is None:
            if "answer" in item:
                self.problem(_("A group has no answer of its own."), here)
            self.items(item.get("item", []), here, linkid)
            return
        expected = self.known.get(linkid)
        if expected is None:
            self.problem(
                _("%(id)s is not a question of the WholeChild check.") % {"id": linkid},
                here,
                "not-found",
            )
            return
        if group != expected:
            self.problem(
                _("%(id)s belongs in the group %(group)s.") % {"id": linkid, "group": expected},
                here,
                "structure",
            )
            return
        if "item" in item:
            self.problem(_("A question has no items of its own."), here, "structure")
        answers = item.get("answer", [])
        if not isinstance(answers, list) or len(answers) > 1:
            self.problem(_("Give at most one answer."), here)
            return
        if not answers:
            return  # a question left unanswered is not an answer
        if not isinstance(answers[0], dict):
            self.problem(_("An answer must be an object."), here, "structure")
            return
        self.answers[linkid] = (expected, answers[0], f"{here}.answer")


def _value(answer: dict[str, Any], kinds: tuple[str, ...]) -> tuple[str, Any] | None:
    given = [key for key in answer if key.startswith("value")]
    if len(given) == 1 and given[0] in kinds:
        return given[0], answer[given[0]]
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def request_from(response: Any) -> dict[str, Any]:
    """The contract's request in a QuestionnaireResponse to the check, or `Refused` with every
    problem: an unknown linkId, an answer that is not one of the item's, a questionnaire that
    is not the check. Nothing is taken from one that is refused."""
    reader = _Reader()
    root = "QuestionnaireResponse"
    if not isinstance(response, dict) or response.get("resourceType") != "QuestionnaireResponse":
        raise Refused([Issue(_("Send a QuestionnaireResponse."), "", "structure")])
    named = response.get("questionnaire")
    if named is not None and (not isinstance(named, str) or named.split("|")[0] != canonical()):
        reader.problem(
            _("This answers another questionnaire: send answers to %(url)s.")
            % {"url": canonical()},
            f"{root}.questionnaire",
            "not-supported",
        )
    status = response.get("status")
    if status not in TAKEN_STATUSES:
        reader.problem(
            _("The status must be completed, amended or in-progress."), f"{root}.status", "value"
        )
    reader.items(response.get("item", []), root, None)

    request: dict[str, Any] = {}
    words = set(ANSWER_CODES)
    system = code_system("milestone-answer")
    for linkid, (group, answer, path) in reader.answers.items():
        if group == MILESTONES:
            found = _value(answer, ("valueCoding",))
            code = found[1].get("code") if found and isinstance(found[1], dict) else None
            given_system = found[1].get("system", system) if found else None
            if code not in words or given_system != system:
                reader.problem(
                    _("Answer %(id)s with one of the codes yes, not-yet or unsure of %(system)s.")
                    % {"id": linkid, "system": system},
                    path,
                    "value",
                )
                continue
            request.setdefault("milestones", {})[linkid] = code
        elif group in LISTS:
            found = _value(answer, ("valueBoolean",))
            if found is None or not isinstance(found[1], bool):
                reader.problem(
                    _("Answer %(id)s with true or false.") % {"id": linkid}, path, "value"
                )
                continue
            if found[1]:
                request.setdefault(LISTS[group], []).append(linkid)
        elif linkid == BIRTH_DATE:
            found = _value(answer, ("valueDate",))
            if found is None or not isinstance(found[1], str):
                reader.problem(_("Give the date of birth as a date."), path, "value")
                continue
            request["birth_date"] = found[1]
        else:
            found = _value(answer, ("valueDecimal", "valueInteger"))
            if found is None or not _number(found[1]):
                reader.problem(_("Give %(id)s as a number.") % {"id": linkid}, path, "value")
                continue
            request[linkid] = found[1]
    authored = response.get("authored")
    if "birth_date" in request and isinstance(authored, str) and len(authored) >= 10:
        request["as_of"] = authored[:10]
    if reader.issues:
        raise Refused(reader.issues)
    return request


# Where in a QuestionnaireResponse each field of the contract's request was read from, to name
# the place of a problem the engine finds (an age out of range, a date in the future).
ENGINE_FIELDS = {
    "age_months": AGE_MONTHS,
    "birth_date": BIRTH_DATE,
    "gestational_age_weeks": WEEKS,
}


def engine_issue(error: ScreeningError) -> Issue:
    """The engine's refusal of the request read from a QuestionnaireResponse, placed."""
    field = error.field
    if field == "as_of":
        where = "QuestionnaireResponse.authored"
    elif field in ENGINE_FIELDS:
        where = _where(_where("QuestionnaireResponse.item", AGE_GROUP) + ".item", field)
    else:
        where = "QuestionnaireResponse"
    return Issue(str(error), where, "value")
