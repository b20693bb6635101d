"""The family's email says who the clinic is and how to reach it, as the administrator set it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cast import HANDWRITING, family_details
from wholechild.care import actions, messages
from wholechild.care.models import ClinicSettings, Message, MessageKind

pytestmark = pytest.mark.django_db


def family_email_body() -> str:
    request = actions.do_submit_request(
        details=family_details(), screening=HANDWRITING, submission_key="clinic-named"
    ).request
    message = Message.objects.get(request=request, kind=MessageKind.FAMILY_CONFIRMATION)
    email = messages.compose(message)
    assert email is not None
    return str(email.body)


def test_it_ends_with_the_clinics_name_and_contact_details(cast: Any) -> None:
    clinic = ClinicSettings.current()
    clinic.name = "Brightside Children's Therapy"
    clinic.phone = "555 0100"
    clinic.email = "hello@example.org"
    clinic.opening_hours = "Monday to Friday, 8am to 6pm"
    clinic.save()

    body = family_email_body()

    tail = body[body.index("To contact the clinic:") :]
    assert tail.splitlines() == [
        "To contact the clinic:",
        "Brightside Children's Therapy",
        "555 0100",
        "hello@example.org",
        "Monday to Friday, 8am to 6pm",
    ]


def test_details_the_clinic_has_not_set_are_left_out(cast: Any) -> None:
    clinic = ClinicSettings.current()
    clinic.phone = clinic.email = clinic.opening_hours = clinic.website = ""
    clinic.save()

    body = family_email_body()

    assert body.rstrip().endswith(f"To contact the clinic:\n{clinic.name}")
