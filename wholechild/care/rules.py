"""Who may change what on a request and its plan (docs/clinic-records.md explains why).

Seeing a request is `access.visible_requests`; these rules only decide, for someone who can see
it, which changes their role allows. What the request's own state allows (open, withdrawn, a
plan that can be written) is the model's. The pages refuse anything else with 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .access import discipline_of, role_of
from .models import FINISHED, STATUS_PATH, EvaluationRequest, Goal, Role, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The steps a therapist records: they see the child, they treat, they discharge.
THERAPIST_MOVES = {
    Status.BOOKED: Status.EVALUATED,
    Status.EVALUATED: Status.IN_THERAPY,
    Status.IN_THERAPY: Status.DISCHARGED,
}
CARE_ROLES = (Role.INTAKE, Role.PT, Role.OT)


def allowed_moves(user: User, evaluation: EvaluationRequest) -> list[Status]:
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


def may_assign(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) == Role.INTAKE and evaluation.is_open


def may_add_note(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in CARE_ROLES and not evaluation.is_withdrawn


def may_start_plan(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in CARE_ROLES and evaluation.plan_is_writable


def may_add_goal(user: User, evaluation: EvaluationRequest) -> bool:
    return discipline_of(user) is not None and evaluation.plan_is_writable


def may_change_goal(user: User, goal: Goal, evaluation: EvaluationRequest) -> bool:
    """Changing a goal (its state, or its words, baseline, measure and target date) and
    recording its progress: its own discipline's therapist, while the plan can be written."""
    return discipline_of(user) == goal.discipline and evaluation.plan_is_writable


def may_reopen(user: User, evaluation: EvaluationRequest) -> bool:
    """A request closed by mistake: the intake coordinator opens it again. Never a withdrawn
    one (the family's details are erased) nor a discharged one (the therapy did end)."""
    return role_of(user) == Role.INTAKE and evaluation.status == Status.CLOSED
