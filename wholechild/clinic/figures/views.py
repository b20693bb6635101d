"""How the clinic is doing, for the intake coordinator and the administrator: counts and
medians from the requests and their history, never a child's details (so the administrator,
who sees no record, may see it too). Every view is in the audit log."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from wholechild.care import audit
from wholechild.care.models import AuditAction, ClinicSettings, Role, Urgency

from ..access import StaffRequest, staff_view
from . import figures as reads


@staff_view(Role.INTAKE, Role.ADMIN)
@require_safe
def figures(request: StaffRequest) -> HttpResponse:
    clinic = ClinicSettings.current()
    now = timezone.now()
    waits = reads.waits(now)
    targets = reads.targets(clinic)
    audit.record(AuditAction.FIGURES_VIEWED, request=request)
    return render(
        request,
        "clinic/figures/figures.html",
        {
            "nav": "figures",
            "now": now,
            "urgencies": list(Urgency),
            "open": reads.open_requests(),
            "overdue": reads.overdue(clinic, now),
            "windows": reads.WINDOWS,
            "measures": [
                {
                    "id": "first-contact",
                    "waits": waits["first_contact"],
                    "chart": reads.chart(waits["first_contact"], targets),
                    "targets": targets,
                },
                {
                    "id": "evaluation",
                    "waits": waits["evaluated"],
                    "chart": reads.chart(waits["evaluated"]),
                    "targets": {},
                },
            ],
        },
    )
