"""Who may change what on a request and its plan (docs/clinic-records.md explains why).

Seeing a request is `access.visible_requests`; these rules only decide, for someone who can see
it, which changes their role allows. What the request's own state allows (open, withdrawn, a
plan that can be written) is the model's. The pages refuse anything else with 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .access import discipline_of, role_of
from .models import FINISHED, STATUS_PATH, EvaluationRequest, Goal, GoalDiscipline, Role, Status

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
    """The statuses this user may move the request to, in the order of the path. "Evaluation
    booked" is never a move of its own: booking the evaluation's appointment makes it."""
    status = Status(evaluation.status)
    if status in FINISHED:
        return []
    role = role_of(user)
    if role == Role.INTAKE:
        later = STATUS_PATH[STATUS_PATH.index(status) + 1 :]
        return [*[step for step in later if step != Status.BOOKED], Status.CLOSED]
    if role in (Role.PT, Role.OT) and status in THERAPIST_MOVES:
        return [THERAPIST_MOVES[status]]
    return []


def may_assign(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) == Role.INTAKE and evaluation.evaluators_can_change


def may_log_contact(user: User, evaluation: EvaluationRequest) -> bool:
    """Anyone caring for the child who can see the request calls the family while it is open."""
    return role_of(user) in CARE_ROLES and evaluation.is_open


def may_book(user: User, evaluation: EvaluationRequest) -> bool:
    """Booking the evaluation (or changing or cancelling it): the intake coordinator, or a
    therapist assigned to the child (who sees no other child's request), until the child has
    been evaluated."""
    return role_of(user) in CARE_ROLES and evaluation.evaluation_can_be_booked


def may_book_with(
    user: User, evaluation: EvaluationRequest, pt: User | None, ot: User | None
) -> bool:
    """Who the evaluation may be booked with. The intake coordinator chooses any PT and OT
    (the form offers only active staff with those roles). A therapist books only the child's
    own evaluators, themselves among them: they do not assign."""
    if role_of(user) == Role.INTAKE:
        return True
    chosen = {member.pk for member in (pt, ot) if member is not None}
    assigned = {evaluation.pt_evaluator_id, evaluation.ot_evaluator_id} - {None}
    return user.pk in chosen and chosen <= assigned


def may_see_evaluations_of(user: User, therapist: User) -> bool:
    """A therapist's week of evaluations: their own, or anyone's for the intake coordinator,
    who books them."""
    return role_of(user) == Role.INTAKE or (
        role_of(user) in (Role.PT, Role.OT) and user.pk == therapist.pk
    )


def may_add_note(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in CARE_ROLES and not evaluation.is_withdrawn


def may_start_plan(user: User, evaluation: EvaluationRequest) -> bool:
    return role_of(user) in CARE_ROLES and evaluation.plan_is_writable


def may_add_goal(user: User, evaluation: EvaluationRequest) -> bool:
    return discipline_of(user) is not None and evaluation.plan_is_writable


def goal_disciplines_for(user: User) -> list[GoalDiscipline]:
    """Whose goals a therapist may write: their own discipline's and the shared ones."""
    own = discipline_of(user)
    return [] if own is None else [GoalDiscipline(own.value), GoalDiscipline.BOTH]


def may_change_goal(user: User, goal: Goal, evaluation: EvaluationRequest) -> bool:
    """Changing a goal (its state, words, levels and weight, its home activities): its own
    discipline's therapist, and either therapist for a shared goal, while the plan can be
    written."""
    own = discipline_of(user)
    return own is not None and own in goal.disciplines and evaluation.plan_is_writable


def may_record_visit(user: User, evaluation: EvaluationRequest) -> bool:
    """A therapist records their visits (a joint one, PT and OT together, by either)."""
    return discipline_of(user) is not None and evaluation.plan_is_writable


def may_write_plan_of_care(user: User, evaluation: EvaluationRequest) -> bool:
    """A therapist writes their discipline's part of the plan of care and the review date."""
    return discipline_of(user) is not None and evaluation.plan_is_writable


def may_discharge(user: User, evaluation: EvaluationRequest) -> bool:
    """A therapist discharges a child in therapy, writing the summary the family sees."""
    return discipline_of(user) is not None and evaluation.status == Status.IN_THERAPY


def may_reopen(user: User, evaluation: EvaluationRequest) -> bool:
    """A request closed by mistake: the intake coordinator opens it again. Never a withdrawn
    one (the family's details are erased) nor a discharged one (the therapy did end)."""
    return role_of(user) == Role.INTAKE and evaluation.status == Status.CLOSED
