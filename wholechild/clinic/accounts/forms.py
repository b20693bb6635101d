"""The forms of signing in, of two-factor and of changing one's own password, drawn with the
project's components (wholechild.web.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from wholechild.web.forms import Form


class SignInForm(Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": _("Enter your username")},
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    next = forms.CharField(required=False, max_length=2000)


class CodeForm(Form):
    """A six-digit code from an authenticator app. Spaces are forgiven."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "input--code",
            }
        ),
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


class PasswordChangeForm(Form, auth_forms.PasswordChangeForm):
    """Django's own (the current password, then a new one twice), with the clinic's advice on
    a new password, and without `autofocus`: the page is read from its heading first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].help_text = _(
            "Use 12 characters or more. A few unrelated words make a strong password that is "
            "easy to remember."
        )
        self.fields["new_password2"].help_text = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        old, new = cleaned.get("old_password"), cleaned.get("new_password1")
        if old and new and old == new:
            # A password someone else set must really change (staff_view insists on it).
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    _("Choose a new password, not the one you have now"), code="same_password"
                ),
            )
        return cleaned
