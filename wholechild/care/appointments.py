"""What a family is told about their child's evaluation: when, where, who, and the calendar file.

One place for the words, so the family's status page, their email and the `.ics` file say the
same. Nothing here names the child or says why they are seen: the date, the time, the place, the
kind of therapist and who the clinic is, all of which the family already knows. The note the
clinic wrote for the family is on their status page only, never in an email or a calendar that
a phone syncs elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from . import calendar
from .models import Appointment, AppointmentPlace, ClinicSettings


def site_domain() -> str:
    """The site's host name, for the ids of emails and calendar events."""
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def when_words(appointment: Appointment) -> str:
    """ "Tuesday 14 October 2025, 10:00 to 11:00", in the clinic's time zone."""
    zone = timezone.get_default_timezone()
    starts = appointment.starts_at.astimezone(zone)
    ends = appointment.ends_at.astimezone(zone)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": date_format(starts, _("l j F Y")),
        "start": time_format(starts, "H:i"),
        "end": time_format(ends, "H:i"),
    }


def where_words(appointment: Appointment, clinic: ClinicSettings) -> str:
    """The place in the family's words: the clinic's name and address, a video visit, or the
    place the clinic wrote."""
    if appointment.place == AppointmentPlace.VIDEO:
        return _("Video visit: the clinic will tell you how to join")
    if appointment.place == AppointmentPlace.ELSEWHERE:
        return appointment.place_detail
    address = ", ".join(line.strip() for line in clinic.address.splitlines() if line.strip())
    return ", ".join(part for part in (clinic.name, address) if part)


def who_words(appointment: Appointment) -> str:
    """Which kind of therapist the child will see, without their names."""
    if appointment.pt_id and appointment.ot_id:
        return _("A physical therapist and an occupational therapist")
    if appointment.pt_id:
        return _("A physical therapist")
    return _("An occupational therapist")


def contact_words(clinic: ClinicSettings) -> str:
    """How to reach the clinic, as one line ("" when it has set neither phone nor email)."""
    return " · ".join(part for part in (clinic.phone, clinic.email) if part)


def calendar_event(appointment: Appointment, clinic: ClinicSettings) -> calendar.Event:
    description = [
        who_words(appointment) + ".",
        _("Your reference: %(reference)s.") % {"reference": appointment.request.reference},
    ]
    contact = contact_words(clinic)
    if contact:
        description.append(
            _("If you cannot come, please contact the clinic: %(contact)s.") % {"contact": contact}
        )
    return calendar.Event(
        uid=f"wholechild-appointment-{appointment.pk}@{site_domain()}",
        sequence=appointment.sequence,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=_("Evaluation at %(clinic)s") % {"clinic": clinic.name},
        location=where_words(appointment, clinic),
        description="\n".join(description),
        organizer_name=clinic.name,
        organizer_email=clinic.email or settings.DEFAULT_FROM_EMAIL,
        cancelled=not appointment.is_booked,
    )


def calendar_file(appointment: Appointment, clinic: ClinicSettings) -> str:
    """The appointment's `.ics`: to add it to a calendar, or (once cancelled) to remove it."""
    method = "PUBLISH" if appointment.is_booked else "CANCEL"
    return calendar.calendar_file(
        calendar_event(appointment, clinic), method=method, now=timezone.now()
    )
