"""The family's details, checked once for both doors: WholeChild's own form and the API.

`RequestDetailsForm` is the one judge of a request's details. The web view gives it what the
parent typed (the three date inputs joined into one ISO date); the API gives it the JSON body's
fields. Its `cleaned_details()` are what `actions.do_submit_request` stores, in the same shape
from both, so a replayed send is recognised as the same request.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from wholechild.care.intake import DETAIL_FIELDS

MAX_AGE_YEARS = 18
# Digits, spaces and the marks people write phone numbers with: "+1 (555) 010-0100 ext. 12".
PHONE_CHARACTERS = re.compile(r"[0-9 +()\-.]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE)
# The honeypot: a field no person sees (see docs/family-requests.md).
HONEYPOT = "website"

# What each field accepts, in words, for the API's errors ("allowed").
ALLOWED = {
    "parent_name": _("your name, at most 200 characters"),
    "email": _("an email address such as name@example.com, at most 254 characters"),
    "phone": _("a phone number, at most 40 characters"),
    "child_first_name": _("the child's first name, at most 100 characters"),
    "child_birth_date": _("a date in the past as YYYY-MM-DD, less than 18 years ago"),
    "preferred_language": _("a language, at most 50 characters"),
    "best_time_to_call": _("a time, at most 200 characters"),
    "consent": _("true"),
}


def current_language_name() -> str:
    """The name of the language the page is in, in that language: "English", "Español"."""
    code = get_language() or settings.LANGUAGE_CODE
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return str(names.get(settings.LANGUAGE_CODE, "English"))


def language_code(preferred_language: str) -> str:
    """The language (a code of settings.LANGUAGES) in which to write to a family, from the
    language they said they would like to use, which they typed: "Español", "spanish", "es",
    "Spanish (Español)". A language the app does not speak, or none, is its default (English):
    the clinic finds an interpreter for the calls, and the emails stay readable by staff."""
    words = set(re.findall(r"\w+", _plain(preferred_language)))
    for code, name in settings.LANGUAGES:
        info = get_language_info(code)
        names = {code, _plain(str(name)), _plain(info["name"]), _plain(info["name_local"])}
        if words & names:
            return code
    return str(settings.LANGUAGE_CODE)


def _plain(text: str) -> str:
    """Lower case, without accents: "Español" and "espanol" are the same word here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


def eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + MAX_AGE_YEARS)
    except ValueError:  # born on 29 February
        return date(born.year + MAX_AGE_YEARS, 3, 1)


def refuse_unreadable_text(value: str) -> None:
    """Refuse what cannot be stored as UTF-8: a lone surrogate ("Ab\\ud800") is a valid JSON
    string and a valid Python one, but no database takes it, and it would end the request in
    an error. A browser never sends one (it replaces them), a program may."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise forms.ValidationError(
            _("This has a character that cannot be read. Type it again"),
            code="unreadable",
        ) from None


class RequestDetailsForm(forms.Form):
    parent_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Your name must be 200 characters or fewer"),
        },
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Your email address must be 254 characters or fewer"),
        },
    )
    phone = forms.CharField(
        required=False,
        max_length=40,
        error_messages={"max_length": _("Your phone number must be 40 characters or fewer")},
    )
    child_first_name = forms.CharField(
        max_length=100,
        error_messages={
            "required": _("Enter your child's first name"),
            "max_length": _("Your child's first name must be 100 characters or fewer"),
        },
    )
    child_birth_date = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter your child's date of birth"),
            "invalid": _("Your child's date of birth must be a real date"),
        },
    )
    preferred_language = forms.CharField(
        required=False,
        max_length=50,
        error_messages={"max_length": _("The language must be 50 characters or fewer")},
    )
    best_time_to_call = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": _("The best time to call must be 200 characters or fewer")},
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _(
                "Tick the box to agree that we keep your details and share them with the clinic"
            )
        },
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_unreadable_text)

    def clean_child_birth_date(self) -> date:
        born: date = self.cleaned_data["child_birth_date"]
        if born >= self.today:
            raise forms.ValidationError(
                _("Your child's date of birth must be in the past"), code="future"
            )
        if eighteenth_birthday(born) <= self.today:
            raise forms.ValidationError(
                _("Your child must be under 18 to have an evaluation here"), code="too_old"
            )
        return born

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone") or ""
        digits = sum(c.isdigit() for c in phone)
        if phone and (digits < 6 or not PHONE_CHARACTERS.fullmatch(phone)):
            raise forms.ValidationError(
                _("Enter a phone number, like 555 0100 or +1 555 010 0100"), code="invalid"
            )
        return phone

    def clean_preferred_language(self) -> str:
        return self.cleaned_data.get("preferred_language") or current_language_name()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        no_email = not cleaned.get("email") and "email" not in self.errors
        if no_email and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "email", forms.ValidationError(_("Enter an email address or a phone number"))
            )
        return cleaned

    def cleaned_details(self) -> dict[str, Any]:
        """The details as `actions.do_submit_request` takes them."""
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}
