"""Creating a staff account: one user, their role, and the audit entry, in one transaction.

Used by the administrator's "Add a staff account" page and by `wholechild manage add_staff`; the
password has been checked against the validators by then.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from . import audit
from .models import AuditAction, StaffProfile


def create_staff(
    username: str,
    role: str,
    password: str,
    *,
    detail: str,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Any:
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, password=password, **fields)
        StaffProfile.objects.create(user=user, role=role)
        audit.record(AuditAction.STAFF_CHANGED, request=request, target=username, detail=detail)
    return user
