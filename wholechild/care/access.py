"""Who may see what. Every view of a request goes through `visible_requests`, so a therapist
opening another child's record by URL gets 404.

- intake coordinators: every request; they assign, contact and move the status;
- physical and occupational therapists: the requests they are assigned to, and those plans;
- clinic administrators: staff accounts, settings and the audit log; no child's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .models import Discipline, EvaluationRequest, Role, StaffProfile

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> str | None:
    """The user's clinic role, or None for anyone who is not active staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    profile: StaffProfile | None = getattr(user, "staff_profile", None)
    return profile.role if profile is not None else None


def discipline_of(user: AbstractBaseUser | AnonymousUser | None) -> Discipline | None:
    """The discipline a therapist writes goals for; None for everyone else."""
    role = role_of(user)
    if role == Role.PT:
        return Discipline.PT
    if role == Role.OT:
        return Discipline.OT
    return None


def visible_requests(user: AbstractBaseUser | AnonymousUser) -> QuerySet[EvaluationRequest]:
    role = role_of(user)
    requests = EvaluationRequest.objects.all()
    if role == Role.INTAKE:
        return requests
    if role in (Role.PT, Role.OT):
        return requests.filter(Q(pt_evaluator=user) | Q(ot_evaluator=user))
    return requests.none()
