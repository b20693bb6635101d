"""The screening contract as pydantic models, for the API's OpenAPI document.

The engine is the one place a request is checked; these models only describe the same request
and answer to the programs that read /api/v1/openapi.json. The ids are taken from the
engine's content, so the document lists exactly the ids the engine accepts, and a test checks
that the engine's answers fit the answer model, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from wholechild.screening import get_content
from wholechild.screening.content import PROFESSIONALS

_content = get_content()

if TYPE_CHECKING:  # a type checker cannot see ids read at run time
    MilestoneId: TypeAlias = str
    ConcernId: TypeAlias = str
    ConditionId: TypeAlias = str
    RedFlagId: TypeAlias = str
    ProfessionalId: TypeAlias = str
else:
    # Literal[tuple] is Literal[*ids]: the OpenAPI document gets each list as an enum.
    MilestoneId = Literal[tuple(_content.milestones)]
    ConcernId = Literal[tuple(_content.concerns)]
    ConditionId = Literal[tuple(_content.conditions)]
    RedFlagId = Literal[tuple(_content.red_flags)]
    ProfessionalId = Literal[PROFESSIONALS]
MilestoneAnswer = Literal["yes", "not-yet", "unsure"]
Level = Literal["recommended", "consider", "not-indicated"]


def _no_default(schema: dict[str, Any]) -> None:
    # An absent field is not a null one: the contract has no nulls in a request.
    schema.pop("default", None)


def _optional(**kwargs: Any) -> Any:
    return Field(None, json_schema_extra=_no_default, **kwargs)


class ScreeningRequest(BaseModel):
    """What the parent told us about the child. Give `age_months` or `birth_date`, not both."""

    model_config = ConfigDict(
        extra="forbid",
        title="ScreeningRequest",
        json_schema_extra={
            "oneOf": [{"required": ["age_months"]}, {"required": ["birth_date"]}],
            "examples": [
                {
                    "age_months": 20,
                    "gestational_age_weeks": 39,
                    "milestones": {"walks-alone": "not-yet", "pulls-to-stand": "yes"},
                    "concerns": ["balance-coordination"],
                }
            ],
        },
    )

    age_months: float = _optional(ge=0, le=216, description="Chronological age in months.")
    birth_date: date = _optional(description="Birth date; the age is computed from it.")
    as_of: date = _optional(description="The day to compute the age on (with birth_date).")
    gestational_age_weeks: float = _optional(
        ge=22, le=44, description="Weeks of pregnancy at birth; under 37 means born early."
    )
    milestones: dict[MilestoneId, MilestoneAnswer] = _optional(
        description="Milestone id → the parent's answer."
    )
    concerns: list[ConcernId] = _optional(description="What the child struggles with.")
    conditions: list[ConditionId] = _optional(description="Diagnosed or being evaluated.")
    red_flags: list[RedFlagId] = _optional(description="Signs that need a medical look.")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Age(_Answer):
    chronological_months: float
    corrected_months: float | None = Field(description="Null where no correction applies.")
    used_months: float = Field(description="The age the milestones were judged against.")


class DisciplineResult(_Answer):
    level: Level


class Reason(_Answer):
    discipline: Literal["pt", "ot", "medical"]
    finding: str = Field(description="The request id that caused it.")
    text: str = Field(description="In words a parent understands.")
    source: str = Field(description="Key of the source in the evidence table.")


class Note(_Answer):
    """Reassuring or watch-for words that are not actions (contract version 2)."""

    discipline: Literal["pt", "ot"]
    finding: str = Field(description="The request id it is about.")
    text: str = Field(description="In words a parent understands.")


class OtherProfessional(_Answer):
    """Someone else the child's doctor may involve, never instead of the doctor (version 2)."""

    id: ProfessionalId
    because: list[str] = Field(description="The request ids that point to them.")
    text: str = Field(description="In words a parent understands.")
    source: str = Field(description="Key of the source in the evidence table.")


class ScreeningAnswer(_Answer):
    """Physical therapy, occupational therapy, both, or keep watching; why, and what next."""

    age: Age
    pt: DisciplineResult
    ot: DisciplineResult
    overall: Literal["both", "pt", "ot", "monitor"]
    urgency: Literal["urgent", "soon", "routine"]
    reasons: list[Reason]
    next_steps: list[str] = Field(description="What to do now: actions only.")
    notes: list[Note] = Field(
        description="Reassuring or watch-for words, apart from the actions; empty beside a red "
        "flag."
    )
    other_professionals: list[OtherProfessional] = Field(
        description="Who else the child's doctor may involve; empty when nothing points "
        "beyond PT and OT."
    )
    check_again_at_months: float | None = Field(
        description="The child's chronological age, in months, at which to run the check "
        "again; null from 5 years."
    )
    content_version: str


class ErrorDetail(BaseModel):
    field: str = Field(description="The field at fault, or `body` for the request as a whole.")
    value: Any = Field(description="The offending value, shortened.")
    message: str = Field(description="A sentence saying what is wrong.")
    allowed: str = Field(description="What would be accepted.")


class ErrorResponse(BaseModel):
    """The contract's error: the request was not screened."""

    error: ErrorDetail


# --- Asking the clinic for an evaluation -----------------------------------------------------


class EvaluationRequestBody(BaseModel):
    """A family asking the clinic for an evaluation: the screening, and how to reach them.

    Give `email` or `phone` (or both). `consent` must be `true`: the family agrees that the
    clinic keeps these details and shares them with its therapists.
    """

    model_config = ConfigDict(
        extra="forbid",
        title="EvaluationRequestBody",
        json_schema_extra={
            "anyOf": [{"required": ["email"]}, {"required": ["phone"]}],
            "examples": [
                {
                    "screening": {"age_months": 20, "milestones": {"walks-alone": "not-yet"}},
                    "parent_name": "Alex Example",
                    "email": "alex@example.org",
                    "child_first_name": "Mia",
                    "child_birth_date": "2025-03-14",
                    "preferred_language": "English",
                    "best_time_to_call": "Weekday mornings",
                    "consent": True,
                }
            ],
        },
    )

    screening: ScreeningRequest
    parent_name: str = Field(min_length=1, max_length=200)
    email: str = _optional(max_length=254, description="An email address.")
    phone: str = _optional(max_length=40)
    child_first_name: str = Field(min_length=1, max_length=100)
    child_birth_date: date = Field(description="In the past, and less than 18 years ago.")
    preferred_language: str = _optional(
        max_length=50, description="Defaults to the language of the request (Accept-Language)."
    )
    best_time_to_call: str = _optional(max_length=200)
    consent: Literal[True]


class EvaluationRequestCreated(BaseModel):
    """The request is stored (or was already, for a replay of the same Idempotency-Key)."""

    reference: str = Field(description="The short reference to quote to the clinic.")
    status_url: str = Field(description="The family's private status page: give it to them.")


class ValidationErrorResponse(BaseModel):
    """The request was not stored. `error` is the first problem, `errors` every one of them."""

    error: ErrorDetail
    errors: list[ErrorDetail]
