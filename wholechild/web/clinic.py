"""Who the clinic is, for every page a family reads: "contact the clinic" always says who and how.

The administrator keeps the clinic's name and contact details on the Settings page
(`wholechild.care.models.ClinicSettings`); the environment gives only their first values. Pages
get them as `clinic` from the context processor below, read lazily, so that only a page that
shows them asks the database, and the questions of the check still ask it nothing. The read
never writes (the row is made by the Settings page or the first email), and a database that
cannot answer gives the environment's values rather than an error: a parent's results do not
depend on the clinic's database being up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wholechild.care.models import ClinicSettings


def clinic_settings() -> ClinicSettings:
    """The clinic's settings as they are stored, or the environment's first values (unsaved)
    when none are stored yet or the database cannot be read."""
    try:
        found = ClinicSettings.objects.filter(pk=1).first()
    except DatabaseError:
        found = None
    if found is not None:
        return found
    return ClinicSettings(
        pk=1,
        name=settings.CLINIC_NAME,
        phone=settings.CLINIC_PHONE,
        email=settings.CLINIC_EMAIL,
        website=settings.CLINIC_WEBSITE,
    )


def clinic(request: HttpRequest) -> dict[str, Any]:
    """The context processor: `clinic`, read only if the page uses it."""
    return {"clinic": SimpleLazyObject(clinic_settings)}
