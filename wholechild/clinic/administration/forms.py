"""The administrator's forms: a new staff account, a change of role, and the audit log's filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from wholechild.care.actions import CLINIC_FIELDS
from wholechild.care.models import AuditAction, ClinicSettings, Role
from wholechild.web.forms import Form

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise

# Usernames, names and addresses are not words: no spelling checks, nor the browser's guesses.
NOT_WORDS = {"autocomplete": "off", "spellcheck": "false"}


def password_field(label: StrOrPromise, missing: StrOrPromise) -> forms.CharField:
    """A password an administrator gives someone, new or reset: the same rules and advice."""
    return forms.CharField(
        label=label,
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, not a common password and not like their name. "
            "Give it to them in person, never by email."
        ),
        error_messages={"required": missing},
    )


class NewStaffForm(Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=40,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, numbers and . @ + - _ only. They sign in with it."),
        widget=forms.TextInput(attrs=NOT_WORDS),
        error_messages={
            "required": _("Enter a username"),
            "invalid": _("Use only letters, numbers and . @ + - _ in the username"),
        },
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs=NOT_WORDS),
        error_messages={"required": _("Enter a first name")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs=NOT_WORDS),
        error_messages={"required": _("Enter a last name")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs=NOT_WORDS),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Role.choices],
        error_messages={"required": _("Choose a role"), "invalid_choice": _("Choose a role")},
    )
    password = password_field(_("First password"), _("Enter a first password"))

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("There is already an account with that username"))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            # Checked against the new user's own name and username too.
            candidate = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordForm(Form):
    """An administrator setting a new password for someone who has forgotten theirs."""

    password = password_field(_("New password"), _("Enter a new password"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


class RoleForm(Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"required": _("Choose a role"), "invalid_choice": _("Choose a role")},
    )


class ClinicSettingsForm(Form, forms.ModelForm[ClinicSettings]):
    """The clinic's name and contact details, shown to families, and how soon to reach them."""

    class Meta:
        model = ClinicSettings
        fields = CLINIC_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "name": _("Families see it on their pages, their emails and the page for the doctor."),
            "opening_hours": _("For example: Monday to Friday, 8am to 5pm"),
            "reach_urgent_within_days": _(
                "A request not reached within this many working days is marked overdue."
            ),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Enter a phone number or an email, so families can reach you")
            )
        return cleaned


class AuditFilterForm(Form):
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Anything")), *AuditAction.choices],
    )
    actor = forms.CharField(
        label=_("Who (username)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=NOT_WORDS),
    )
    target = forms.CharField(
        label=_("About (username or reference)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=NOT_WORDS),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the from date as a real date, like 2026-03-27")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the to date as a real date, like 2026-03-27")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The to date must be the same as or after the from date"))
        return cleaned
