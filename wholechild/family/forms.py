"""The family's details as their page asks for them (family/details.html).

`RequestDetailsForm` (wholechild.care.forms) is the one judge of a request's details, for this
page and for the API alike; this adds only what the page shows: each field's label and hint,
the kind of input, and what the browser may fill in. The page draws the date of birth as three
inputs (day, month, year), so its errors link to the day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from wholechild.care.forms import RequestDetailsForm
from wholechild.web.forms import Form, TelInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Each field drawn by components/field.html: its label, its hint, its input's attributes.
FIELDS: dict[str, tuple[StrOrPromise, StrOrPromise, dict[str, str]]] = {
    "parent_name": (_("Your full name"), "", {"autocomplete": "name"}),
    "email": (_("Email address"), "", {"autocomplete": "email", "spellcheck": "false"}),
    "phone": (_("Phone number"), "", {"autocomplete": "tel"}),
    "preferred_language": (
        _("Language you would like to use"),
        _("For example, English, Español or Polski. We will find an interpreter if we need one."),
        {"autocomplete": "language"},
    ),
    "best_time_to_call": (
        _("Best time to call (optional)"),
        _("For example, weekday mornings, or after 5pm."),
        {"autocomplete": "off"},
    ),
    "child_first_name": (_("Your child's first name"), "", {"autocomplete": "off"}),
    "consent": (
        _("I agree that WholeChild keeps these details and shares them with the clinic"),
        "",
        {},
    ),
}


# When the date of birth and the check's age disagree, the page asks which is right.
WHICH_AGE_BIRTH_DATE = "birth-date"
WHICH_AGE_CHECK = "check"


class DetailsForm(Form, RequestDetailsForm):
    """The page's fields in the page's order, so the error summary lists them in that order,
    with the ids the "Change" links of the next page go to: the fields' own names.

    `which_age` is asked only when the date of birth disagrees with the age the check was done
    for (the view decides); it is never stored."""

    which_age = forms.ChoiceField(
        required=False,
        choices=[(WHICH_AGE_BIRTH_DATE, WHICH_AGE_BIRTH_DATE), (WHICH_AGE_CHECK, WHICH_AGE_CHECK)],
    )

    field_order = [
        "parent_name",
        "email",
        "phone",
        "preferred_language",
        "best_time_to_call",
        "child_first_name",
        "child_birth_date",
        "which_age",
        "consent",
    ]
    error_targets: ClassVar[dict[str, str]] = {
        "child_birth_date": "dob-day",
        "which_age": f"which_age-{WHICH_AGE_BIRTH_DATE}",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        for name, (label, hint, attrs) in FIELDS.items():
            field = self.fields[name]
            field.label, field.help_text = label, hint
            field.widget.attrs.update(attrs)
        phone = self.fields["phone"]
        phone.widget = TelInput(attrs=phone.widget.attrs)
