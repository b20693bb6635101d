"""The forms of the clinic's records: the inbox filters, a status move, the assignment, a note,
a contact attempt, the evaluation's appointment, and the shared plan's goals and progress
entries.

Who may do what is decided in `rules`; these forms only offer and accept what it allows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wholechild.care.actions import Booking, staff_name
from wholechild.care.models import (
    Appointment,
    AppointmentPlace,
    ContactMethod,
    ContactOutcome,
    EvaluationRequest,
    Recommended,
    Role,
    Status,
    Urgency,
)
from wholechild.web.forms import Form, Problem, error_summary

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    UserChoiceField = forms.ModelChoiceField[User]
else:
    UserChoiceField = forms.ModelChoiceField

ANY = ""
UNASSIGNED = "unassigned"
ME = "me"


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's field `name`, a choice field: to set or read its choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class StaffForm(Form):
    """A form of the staff's pages: drawn with components/field.html, each error linked from
    the error summary (see wholechild.web.forms)."""


# --- The inbox -------------------------------------------------------------------------------


def staff_with_role(*roles: str) -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__role__in=roles)
        .order_by("first_name", "last_name", "username")
    )


def staff_label(user: User) -> str:
    return staff_name(user)


class StaffChoiceField(UserChoiceField):
    """A member of staff, named as the clinic knows them."""

    def label_from_instance(self, obj: User) -> str:
        return staff_label(obj)


class InboxFilterForm(StaffForm):
    """POSTed, kept in the session, and never in the URL: a search may be a parent's name, a
    phone number or an email. (Which view of the inbox is shown is in the URL: it names no one.)
    """

    recommended = forms.ChoiceField(
        label=_("Recommended"),
        required=False,
        choices=[(ANY, _("Any")), *Recommended.choices],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[(ANY, _("Any")), *Urgency.choices]
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    search = forms.CharField(
        label=_("Search"),
        help_text=_("A reference, a parent's or child's name, a phone number or an email"),
        required=False,
        max_length=200,
        strip=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "assignee").choices = [
            (ANY, _("Anyone")),
            (ME, _("Me")),
            (UNASSIGNED, _("Nobody yet")),
            *[(str(user.pk), staff_label(user)) for user in staff_with_role(Role.PT, Role.OT)],
        ]
        self.fields["search"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


INBOX_DEFAULTS = {"recommended": ANY, "urgency": ANY, "assignee": ANY, "search": ""}
# A search of digits only (and the phone's punctuation) is also looked for in phone numbers.
PHONE_SEARCH_DIGITS = 3


def filters_detail(view: str, filters: dict[str, str]) -> str:
    """The inbox's view and filters for the audit log, as "view=needs-action recommended=any
    urgency=any assignee=me". The search may be a name or a phone number, so the log only says
    one was used."""
    words = [f"view={view}"] + [
        f"{name}={filters.get(name) or 'any'}" for name in ("recommended", "urgency", "assignee")
    ]
    if (filters.get("search") or "").strip():
        words.append("search used")
    return " ".join(words)


# --- A record --------------------------------------------------------------------------------


# The moves that end the work with a family: they need a tick to say someone has checked.
NEEDS_CONFIRMING = frozenset({Status.CLOSED, Status.DISCHARGED})


class StatusForm(StaffForm):
    to_status = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason for closing"),
        help_text=_(
            "The family sees it on their status page, so write it for them, and keep health "
            "details and staff notes out of it."
        ),
        required=False,
        max_length=200,
    )
    confirm = forms.BooleanField(label=_("I have checked this is right"), required=False)

    def __init__(self, *args: Any, allowed: list[Status], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        choice_field(self, "to_status").choices = [(s.value, s.label) for s in allowed]
        self.fields["to_status"].error_messages["invalid_choice"] = _(
            "Choose a status you can move this request to"
        )
        self.fields["to_status"].error_messages["required"] = _("Choose a status")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to_status") == Status.CLOSED and not cleaned.get("reason"):
            self.add_error("reason", _("Enter the reason for closing the request"))
        if cleaned.get("to_status") in NEEDS_CONFIRMING and not cleaned.get("confirm"):
            self.add_error(
                "confirm",
                _("Tick “I have checked this is right” to close or discharge the request"),
            )
        return cleaned


def status_form(
    allowed: list[Status], move: Status | None = None, *, data: Any = None
) -> StatusForm:
    """A status form. Discharging and closing each have one of their own on the record
    (`move`), whose ids are their own too, so the error summary links to the right form; a
    POST (`data`) is read by the form it was sent from."""
    if data is not None:
        sent = data.get("status-to_status", "")
        move = Status(sent) if sent in NEEDS_CONFIRMING else None
    return StatusForm(
        data,
        allowed=allowed,
        prefix="status",
        auto_id=f"id_{move.value}-%s" if move is not None else "id_%s",
        initial={"to_status": move.value} if move is not None else None,
    )


class ContactForm(StaffForm):
    """One attempt to reach the family, as it happened."""

    method = forms.ChoiceField(
        label=_("How"),
        choices=ContactMethod.choices,
        initial=ContactMethod.PHONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you tried to reach the family"),
            "invalid_choice": _("Choose how you tried to reach the family"),
        },
    )
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened"),
            "invalid_choice": _("Choose what happened"),
        },
    )
    at = forms.DateTimeField(
        label=_("When"),
        help_text=_("Now, unless you are logging an earlier attempt."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Enter when you tried to reach the family"),
            "invalid": _("Enter the date and time, for example 2026-03-09 14:30"),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("Staff only, a few words: “call back after 3pm”."),
        required=False,
        max_length=300,
    )

    # A phone's clock and the server's may differ a little.
    LEEWAY = timedelta(minutes=5)

    def __init__(self, *args: Any, evaluation: EvaluationRequest, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation

    def clean_at(self) -> datetime:
        at: datetime = self.cleaned_data["at"]
        if at > timezone.now() + self.LEEWAY:
            raise forms.ValidationError(_("The time cannot be in the future"))
        if at < self.evaluation.created_at.replace(second=0, microsecond=0):
            raise forms.ValidationError(_("The time cannot be before the request arrived"))
        return at

    def problems(self) -> list[Problem]:
        # The radios are drawn as components/radios.html: each error links to the first radio.
        targets = {
            "method": f"{self['method'].html_name}-{ContactMethod.values[0]}",
            "outcome": f"{self['outcome'].html_name}-{ContactOutcome.values[0]}",
        }
        return error_summary(self, targets)


# How long an evaluation takes, in minutes, as the booking form offers it.
EVALUATION_MINUTES = (30, 45, 60, 90, 120)


def minutes_choices() -> list[tuple[int, str]]:
    return [(n, _("%(minutes)d minutes") % {"minutes": n}) for n in EVALUATION_MINUTES]


class EvaluationForm(StaffForm):
    """The evaluation's appointment: the day and time in the clinic's time zone, how long, where,
    with which PT and/or OT, and a note for the family."""

    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter the day of the evaluation"),
            "invalid": _("Enter the day as year-month-day, for example 2026-03-09"),
        },
    )
    time = forms.TimeField(
        label=_("Starts at"),
        help_text=_("In the clinic's time zone."),
        widget=forms.TimeInput(attrs={"type": "time", "step": "300"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "required": _("Enter the time the evaluation starts"),
            "invalid": _("Enter the time as hours and minutes, for example 14:00"),
        },
    )
    minutes = forms.TypedChoiceField(
        label=_("How long"),
        coerce=int,
        choices=minutes_choices,
        initial=60,
        error_messages={"invalid_choice": _("Choose how long the evaluation takes")},
    )
    place = forms.ChoiceField(
        label=_("Where"),
        choices=AppointmentPlace.choices,
        initial=AppointmentPlace.CLINIC,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where the evaluation is"),
            "invalid_choice": _("Choose where the evaluation is"),
        },
    )
    place_detail = forms.CharField(
        label=_("The place, if somewhere else"),
        help_text=_("The family sees it: for example “Little Oaks nursery, Elm Street”."),
        required=False,
        max_length=200,
    )
    pt = StaffChoiceField(
        label=_("Evaluating PT"), queryset=None, required=False, empty_label=_("No PT")
    )
    ot = StaffChoiceField(
        label=_("Evaluating OT"), queryset=None, required=False, empty_label=_("No OT")
    )
    family_note = forms.CharField(
        label=_("Note for the family (optional)"),
        help_text=_(
            "The family sees it on their status page: what to bring, where to park. Keep "
            "health details and staff notes out of it."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        evaluation: EvaluationRequest,
        own_evaluators_only: bool = False,
        **kwargs: Any,
    ) -> None:
        """`own_evaluators_only`: the request's own evaluators are the only choices (a
        therapist books only them); else every active PT and OT (the intake coordinator)."""
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        pt = self.fields["pt"]
        ot = self.fields["ot"]
        assert isinstance(pt, StaffChoiceField)
        assert isinstance(ot, StaffChoiceField)
        pt.queryset = staff_with_role(Role.PT)
        ot.queryset = staff_with_role(Role.OT)
        if own_evaluators_only:
            pt.queryset = pt.queryset.filter(pk=evaluation.pt_evaluator_id or 0)
            ot.queryset = ot.queryset.filter(pk=evaluation.ot_evaluator_id or 0)
        for field in (pt, ot):
            field.error_messages["invalid_choice"] = _(
                "Choose an active member of staff with this role"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chose_none = cleaned.get("pt") is None and cleaned.get("ot") is None
        if chose_none and not self.errors.get("pt") and not self.errors.get("ot"):
            self.add_error("pt", _("Choose the PT or the OT who will evaluate the child"))
        if cleaned.get("place") == AppointmentPlace.ELSEWHERE and not cleaned.get("place_detail"):
            self.add_error("place_detail", _("Enter where the evaluation is"))
        if cleaned.get("day") and cleaned.get("time") and not self.errors.get("minutes"):
            starts = timezone.make_aware(
                datetime.combine(cleaned["day"], cleaned["time"]), timezone.get_default_timezone()
            )
            if starts <= timezone.now():
                self.add_error("time", _("Choose a time that has not passed yet"))
            cleaned["starts_at"] = starts
        return cleaned

    def booking(self) -> Booking:
        """The appointment the form describes (once it is valid)."""
        data = self.cleaned_data
        starts = data["starts_at"]
        place = AppointmentPlace(data["place"])
        return Booking(
            starts_at=starts,
            ends_at=starts + timedelta(minutes=data["minutes"]),
            place=place,
            place_detail=data["place_detail"] if place == AppointmentPlace.ELSEWHERE else "",
            pt=data["pt"],
            ot=data["ot"],
            family_note=data["family_note"],
        )

    def problems(self) -> list[Problem]:
        return error_summary(self, {"place": f"{self['place'].html_name}-clinic"})


def evaluation_initial(
    evaluation: EvaluationRequest, appointment: Appointment | None
) -> dict[str, Any]:
    """What the booking form shows first: the booked appointment as it is, or the request's
    assigned evaluators for a new one."""
    if appointment is None:
        return {
            "pt": evaluation.pt_evaluator_id,
            "ot": evaluation.ot_evaluator_id,
            "minutes": 60,
            "place": AppointmentPlace.CLINIC,
        }
    starts = timezone.localtime(appointment.starts_at)
    return {
        "day": starts.date(),
        "time": starts.time().replace(second=0, microsecond=0),
        "minutes": appointment.minutes,
        "place": appointment.place,
        "place_detail": appointment.place_detail,
        "pt": appointment.pt_id,
        "ot": appointment.ot_id,
        "family_note": appointment.family_note,
    }


class AssignForm(StaffForm):
    pt_evaluator = StaffChoiceField(
        label=_("PT evaluator"), queryset=None, required=False, empty_label=_("Nobody yet")
    )
    ot_evaluator = StaffChoiceField(
        label=_("OT evaluator"), queryset=None, required=False, empty_label=_("Nobody yet")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pt = self.fields["pt_evaluator"]
        ot = self.fields["ot_evaluator"]
        assert isinstance(pt, StaffChoiceField)
        assert isinstance(ot, StaffChoiceField)
        pt.queryset = staff_with_role(Role.PT)
        ot.queryset = staff_with_role(Role.OT)
        for field in (pt, ot):
            field.error_messages["invalid_choice"] = _(
                "Choose an active member of staff with this role"
            )


class NoteForm(StaffForm):
    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("Staff only: the family never sees notes."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the note")},
    )
