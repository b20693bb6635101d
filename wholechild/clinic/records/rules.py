"""Who may change what on a request and its plan (docs/clinic-records.md explains why).

Seeing a request is `access.visible_requests`; these rules only decide, for someone who can see
it, which changes they may make. The views refuse anything else with 403.
"""

from __future__ import annotations

from typing import Any

from wholechild.clinic.access import role_of
from wholechild.clinic.models import (
    FINISHED,
    STATUS_PATH,
    Discipline,
    EvaluationRequest,
    Goal,
    Role,
    Status,
)

# The steps a therapist records: they see the child, they treat, they discharge.
THERAPIST_MOVES = {
    Status.BOOKED: Status.EVALUATED,
    Status.EVALUATED: Status.IN_THERAPY,
    Status.IN_THERAPY: Status.DISCHARGED,
}
# A plan is written once the child has been evaluated, and is read-only once they are discharged.
PLAN_STATUSES = frozenset({Status.EVALUATED, Status.IN_THERAPY})
PLAN_VISIBLE_STATUSES = PLAN_STATUSES | {Status.DISCHARGED, Status.CLOSED}


def discipline_of(user: Any) -> Discipline | None:
    role = role_of(user)
    if role == Role.PT:
        return Discipline.PT
    if role == Role.OT:
        return Discipline.OT
    return None


def is_withdrawn(evaluation: EvaluationRequest) -> bool:
    return evaluation.status == Status.WITHDRAWN


def allowed_moves(user: Any, evaluation: EvaluationRequest) -> list[Status]:
    """The statuses this user may move the request to, in the order of the path."""
    status = Status(evaluation.status)
    if status in FINISHED:
        return []
    role = role_of(user)
    if role == Role.INTAKE:
        later = STATUS_PATH[STATUS_PATH.index(status) + 1 :]
        return [*later, Status.CLOSED]
    if role in (Role.PT, Role.OT) and status in THERAPIST_MOVES:
        return [THERAPIST_MOVES[status]]
    return []


def may_assign(user: Any, evaluation: EvaluationRequest) -> bool:
    return role_of(user) == Role.INTAKE and evaluation.is_open


def may_add_note(user: Any, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in (Role.INTAKE, Role.PT, Role.OT) and not is_withdrawn(evaluation)


def may_start_plan(user: Any, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in (Role.INTAKE, Role.PT, Role.OT) and evaluation.status in PLAN_STATUSES


def may_add_goal(user: Any, evaluation: EvaluationRequest) -> bool:
    return discipline_of(user) is not None and evaluation.status in PLAN_STATUSES


def may_change_goal(user: Any, goal: Goal, evaluation: EvaluationRequest) -> bool:
    """Changing a goal (its state, or its words, baseline, measure and target date) and
    recording its progress: its own discipline's therapist, while the plan can be written."""
    return discipline_of(user) == goal.discipline and evaluation.status in PLAN_STATUSES


def may_reopen(user: Any, evaluation: EvaluationRequest) -> bool:
    """A request closed by mistake: the intake coordinator opens it again. Never a withdrawn
    one (the family's details are erased) nor a discharged one (the therapy did end)."""
    return role_of(user) == Role.INTAKE and evaluation.status == Status.CLOSED


def status_before_closing(evaluation: EvaluationRequest) -> Status:
    """Where a closed request goes back to: the status it had when it was last closed, from its
    history. A history without the closing step (data put in by hand) goes back to "new"."""
    closing = evaluation.history.filter(to_status=Status.CLOSED).order_by("-at", "-pk").first()
    if closing is not None and closing.from_status and closing.from_status not in FINISHED:
        return Status(closing.from_status)
    return Status.NEW
