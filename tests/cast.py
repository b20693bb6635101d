"""The cast of the clinic's tests, built once per test run: one member of staff per role, an
outsider (signed in, but not staff), and two families who have sent a request.

- family one ("Mia"): 20 months and not walking (PT recommended, soon), assigned to the PT and
  the OT, and evaluated;
- family two ("Leo"): 7 years, handwriting (OT, routine), new and unassigned.

Tests change them only inside their own transaction, so every test starts from this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wholechild.care import actions, intake
from wholechild.care.models import EvaluationRequest, Role, StaffProfile, Status

PASSWORD = "correct horse battery staple 42"
NOT_WALKING = {
    "age_months": 20,
    "milestones": {
        "walks-alone": "not-yet",
        "takes-few-steps": "not-yet",
        "cruises-furniture": "yes",
        "pulls-to-stand": "yes",
        "sits-without-support": "yes",
    },
}
HANDWRITING = {"age_months": 84, "concerns": ["handwriting-scissors", "hand-skills"]}


def family_details(**changes: Any) -> dict[str, Any]:
    details = {
        "parent_name": "Alex Example",
        "email": "alex@example.org",
        "phone": "",
        "child_first_name": "Mia",
        "child_birth_date": date(2025, 3, 14),
        "preferred_language": "English",
        "best_time_to_call": "Weekday mornings",
    }
    details.update(changes)
    return details


@dataclass
class Family:
    request: EvaluationRequest
    token: str

    @property
    def reference(self) -> str:
        return self.request.reference

    @property
    def status_url(self) -> str:
        return intake.status_url(self.token)


@dataclass
class Cast:
    intake: Any
    pt: Any
    ot: Any
    admin: Any
    outsider: Any
    admin_device: TOTPDevice
    family_one: Family
    family_two: Family

    def staff(self) -> dict[str, Any]:
        return {"intake": self.intake, "pt": self.pt, "ot": self.ot, "admin": self.admin}


def make_staff(username: str, role: str | None, **fields: Any) -> Any:
    user = get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    if role is not None:
        StaffProfile.objects.create(user=user, role=role)
    return user


def totp_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: Any) -> Client:
    """Sign in without the form (the sign-in tests use the form), with two-factor done when the
    user has a device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def build_cast() -> Cast:
    staff = {
        role: make_staff(f"{role}-user", role, first_name=role.upper())
        for role in (Role.INTAKE, Role.PT, Role.OT, Role.ADMIN)
    }
    outsider = make_staff("outsider", None)
    device = TOTPDevice.objects.create(user=staff[Role.ADMIN], name="phone", confirmed=True)

    one = actions.do_submit_request(
        details=family_details(),
        screening=NOT_WALKING,
        submission_key="cast-family-one",
        notify=False,
    )
    one.request.pt_evaluator = staff[Role.PT]
    one.request.ot_evaluator = staff[Role.OT]
    one.request.status = Status.EVALUATED
    one.request.save()
    two = actions.do_submit_request(
        details=family_details(
            parent_name="Sam Sample",
            email="",
            phone="555 0100",
            child_first_name="Leo",
            child_birth_date=date(2019, 5, 2),
            preferred_language="Español",
            best_time_to_call="",
        ),
        screening=HANDWRITING,
        submission_key="cast-family-two",
        notify=False,
    )
    return Cast(
        intake=staff[Role.INTAKE],
        pt=staff[Role.PT],
        ot=staff[Role.OT],
        admin=staff[Role.ADMIN],
        outsider=outsider,
        admin_device=device,
        family_one=Family(one.request, one.status_token),
        family_two=Family(two.request, two.status_token),
    )
