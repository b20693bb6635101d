"""Who the clinic is, for every page a family reads: "contact the clinic" always says who and how.

The administrator keeps the clinic's name and contact details on the Settings page
(`wholechild.care.models.ClinicSettings`); the environment gives only their first values. Pages
get them as `clinic` from the context processor below, read lazily, so that only a page that
shows them asks the database, and the questions of the check still ask it nothing. The read
never writes (the row is made by the Settings page or the first email), and a database that
cannot answer gives the environment's values rather than an error: a parent's results do not
depend on the clinic's database being up.

Each process remembers what it read for `CLINIC_SETTINGS_SECONDS` (5 by default; 0 reads every
time), since nearly every page a family reads shows it and it changes a few times a year: an
administrator's change shows at once in the process that saved it (the save forgets it) and
within those seconds in the others (docs/decisions.md).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wholechild.care.models import ClinicSettings

_remembered: tuple[float, ClinicSettings] | None = None


def forget(**_kwargs: Any) -> None:
    """Read the clinic's settings again next time (after a save, and between tests)."""
    global _remembered
    _remembered = None


post_save.connect(forget, sender=ClinicSettings, dispatch_uid="wholechild-clinic-saved")
post_delete.connect(forget, sender=ClinicSettings, dispatch_uid="wholechild-clinic-deleted")
setting_changed.connect(forget, dispatch_uid="wholechild-clinic-setting-changed")


def clinic_settings() -> ClinicSettings:
    """The clinic's settings as they are stored, or the environment's first values (unsaved)
    when none are stored yet or the database cannot be read; remembered for a few seconds
    (never when the database could not be read, so that its answer shows once it is back)."""
    global _remembered
    now = time.monotonic()
    if _remembered is not None and now - _remembered[0] < settings.CLINIC_SETTINGS_SECONDS:
        return _remembered[1]
    try:
        found = ClinicSettings.objects.filter(pk=1).first()
    except DatabaseError:
        return _first_values()
    found = found or _first_values()
    _remembered = (now, found)
    return found


def _first_values() -> ClinicSettings:
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
