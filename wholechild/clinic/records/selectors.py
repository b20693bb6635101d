"""The inbox's read: the requests a member of staff may see that match their filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace, Upper

from wholechild.care.access import visible_requests
from wholechild.care.models import FINISHED, EvaluationRequest

from . import forms

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def inbox_requests(user: User, filters: dict[str, str]) -> QuerySet[EvaluationRequest]:
    """The requests this user may see that match the inbox's filters, urgent first, then soon,
    then the longest waiting (the model's ordering)."""
    found = visible_requests(user).select_related("pt_evaluator", "ot_evaluator")
    status = filters.get("status") or forms.OPEN
    if status == forms.OPEN:
        found = found.exclude(status__in=FINISHED)
    elif status != forms.ALL:
        found = found.filter(status=status)
    if filters.get("recommended"):
        found = found.filter(recommended=filters["recommended"])
    if filters.get("urgency"):
        found = found.filter(urgency=filters["urgency"])
    assignee = filters.get("assignee") or forms.ANY
    if assignee == forms.UNASSIGNED:
        found = found.filter(pt_evaluator__isnull=True, ot_evaluator__isnull=True)
    elif assignee == forms.ME:
        found = found.filter(Q(pt_evaluator=user) | Q(ot_evaluator=user))
    elif assignee.isdigit():
        found = found.filter(Q(pt_evaluator_id=int(assignee)) | Q(ot_evaluator_id=int(assignee)))
    search = (filters.get("search") or "").strip()
    if search:
        matches = Q(parent_name__icontains=search)
        plain = forms.plain_reference(search)
        if plain:
            # "k7m3 qxp" and "K7M3QXP" find "K7M3-QXP": no case, spaces or dash.
            found = found.annotate(
                plain_reference=Replace(Upper("reference"), Value("-"), Value(""))
            )
            matches |= Q(plain_reference__contains=plain)
        found = found.filter(matches)
    return found
