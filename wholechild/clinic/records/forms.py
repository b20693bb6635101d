"""The forms of the clinic's records: the inbox filters, a status move, the assignment, a note,
and the shared plan's goals and progress entries.

Who may do what is decided in `rules`; these forms only offer and accept what it allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wholechild.care.actions import staff_name
from wholechild.care.models import (
    Discipline,
    GasScore,
    Goal,
    GoalState,
    Recommended,
    Role,
    Status,
    Urgency,
)
from wholechild.web.forms import Form

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise

    UserChoiceField = forms.ModelChoiceField[User]
else:
    UserChoiceField = forms.ModelChoiceField

ANY = ""
OPEN = "open"
ALL = "all"
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
    """POSTed, kept in the session, and never in the URL: a search may be a parent's name."""

    status = forms.ChoiceField(label=_("Status"), required=False)
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
        label=_("Reference or parent's name"),
        required=False,
        max_length=200,
        strip=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [
            (OPEN, _("Open (not finished)")),
            (ALL, _("All")),
            *Status.choices,
        ]
        choice_field(self, "assignee").choices = [
            (ANY, _("Anyone")),
            (ME, _("Me")),
            (UNASSIGNED, _("Nobody yet")),
            *[(str(user.pk), staff_label(user)) for user in staff_with_role(Role.PT, Role.OT)],
        ]
        self.fields["search"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


INBOX_DEFAULTS = {"status": OPEN, "recommended": ANY, "urgency": ANY, "assignee": ANY, "search": ""}


def filters_detail(filters: dict[str, str]) -> str:
    """The inbox's filters for the audit log, as "status=open recommended=any urgency=any
    assignee=me". The search may be a parent's name, so the log only says one was used."""
    words = [
        f"{name}={filters.get(name) or 'any'}"
        for name in ("status", "recommended", "urgency", "assignee")
    ]
    if (filters.get("search") or "").strip():
        words.append("search used")
    return " ".join(words)


def plain_reference(text: str) -> str:
    """A reference as typed, without case, spaces or dashes: " k7m3-qxp " is "K7M3QXP"."""
    return "".join(text.split()).replace("-", "").upper()


# --- A record --------------------------------------------------------------------------------


# The moves that end the work with a family: they need a tick to say someone has checked.
NEEDS_CONFIRMING = frozenset({Status.CLOSED, Status.DISCHARGED})


class StatusForm(StaffForm):
    to_status = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason for closing"),
        help_text=_(
            "Needed only when you close the request. The family sees it on their status page, "
            "so write it for them, and keep health details and staff notes out of it."
        ),
        required=False,
        max_length=200,
    )
    confirm = forms.BooleanField(
        label=_("I have checked this is right"),
        help_text=_("Needed only when you close the request or discharge the child."),
        required=False,
    )

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

    @property
    def offers_confirm(self) -> bool:
        """Whether any of the offered moves needs the tick (so the page shows the box)."""
        return any(status in NEEDS_CONFIRMING for status in self.allowed)


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


# --- The plan --------------------------------------------------------------------------------


class GoalDetailsForm(StaffForm):
    """A goal's words, baseline, measure and target date: editing a goal, and (with its
    discipline) adding one, so both accept and refuse exactly the same answers."""

    text = forms.CharField(
        label=_("Goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the goal")},
    )
    baseline = forms.CharField(
        label=_("Baseline"),
        help_text=_("What the child can do now."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter the baseline")},
    )
    measure = forms.CharField(
        label=_("How it is measured"),
        max_length=300,
        error_messages={"required": _("Enter how the goal is measured")},
    )
    target_date = forms.DateField(
        label=_("Target date"),
        help_text=_("For example, 2027-03-31"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter the target date"),
            "invalid": _("Enter the target date as year-month-day, for example 2027-03-31"),
        },
    )

    FIELDS: ClassVar[tuple[str, ...]] = ("text", "baseline", "measure", "target_date")


class GoalForm(GoalDetailsForm):
    """A new goal, always in the therapist's own discipline."""

    discipline = forms.ChoiceField(choices=Discipline.choices, widget=forms.HiddenInput)

    field_order = ["discipline", *GoalDetailsForm.FIELDS]

    def __init__(self, *args: Any, own: Discipline, **kwargs: Any) -> None:
        kwargs["initial"] = {"discipline": own.value}
        super().__init__(*args, **kwargs)
        self.own = own

    def clean_discipline(self) -> str:
        discipline: str = self.cleaned_data["discipline"]
        if discipline != self.own:
            raise forms.ValidationError(_("You can only add goals in your own discipline"))
        return discipline


class GoalStateForm(StaffForm):
    state = forms.ChoiceField(label=_("State"), choices=GoalState.choices)


def gas_label(score: int) -> str:
    """A GAS score with its words, as "+1: Somewhat more than expected"."""
    sign = f"{score:+d}" if score else "0"
    return f"{sign.replace('-', '−')}: {GasScore(score).label}"


def gas_choices() -> list[tuple[int | str, StrOrPromise]]:
    return [("", _("Choose a score")), *[(score.value, gas_label(score)) for score in GasScore]]


class ProgressForm(StaffForm):
    gas_score = forms.TypedChoiceField(
        label=_("GAS score"),
        help_text=_("Goal Attainment Scaling, from −2 to +2; 0 is the expected outcome."),
        choices=gas_choices,
        coerce=int,
        error_messages={
            "required": _("Choose a GAS score"),
            "invalid_choice": _("Choose a GAS score from −2 to +2"),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def goal_words(goal: Goal, length: int = 60) -> str:
    """A goal's text on one line, cut to about `length` characters, to name it in labels."""
    return Truncator(" ".join(goal.text.split())).chars(length)


def goal_state_form(goal: Goal, data: Any = None) -> GoalStateForm:
    form = GoalStateForm(data, prefix=f"goal-{goal.pk}-state", initial={"state": goal.state})
    # Every goal has this form: the label names the goal, so a screen reader says which.
    form.fields["state"].label = _("State of: %(goal)s") % {"goal": goal_words(goal)}
    return form


def goal_details_form(goal: Goal, data: Any = None) -> GoalDetailsForm:
    """The form to edit a goal, filled in with what it says now."""
    initial = {name: getattr(goal, name) for name in GoalDetailsForm.FIELDS}
    return GoalDetailsForm(data, prefix="goal", initial=initial)


def progress_form(goal: Goal, data: Any = None) -> ProgressForm:
    return ProgressForm(data, prefix=f"goal-{goal.pk}-progress")
