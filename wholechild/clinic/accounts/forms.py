"""The forms of signing in and of two-factor: plain Django forms, drawn by the templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def problems_of(form: forms.Form) -> list[dict[str, str]]:
    """The error summary's list: each message with the id of the field it links to."""
    problems = []
    first = form[next(iter(form.fields))].id_for_label
    for name, errors in form.errors.items():
        target = form[name].id_for_label if name in form.fields else first
        problems.extend({"target": target, "message": str(message)} for message in errors)
    return problems


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Enter your username")},
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        error_messages={"required": _("Enter your password")},
    )
    next = forms.CharField(required=False, max_length=2000)


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app. Spaces are forgiven."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
    )

    def clean_code(self) -> str:
        code: str = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(
                _("Enter the 6-digit code from your authenticator app"), code="format"
            )
        return code

    def refuse(self, message: Any) -> None:
        self.add_error("code", message)
