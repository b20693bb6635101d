"""The base form of every page that asks something, and the error summary it gives.

GOV.UK's pattern: when an answer needs fixing, the page starts with "There is a problem" and a
list of what to do, in the order of the page, each linking to the input it is about
(components/error_summary.html). The parents' check finds its problems with plain functions
(wholechild.parents.forms); the staff's and the family's pages with Django forms built on `Form`.
Both give the same `Problem`s, so one component shows them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise


@dataclass(frozen=True)
class Problem:
    """One entry of the error summary: the id of the input it links to, and what to do."""

    target: str
    message: str | Promise
    # Every input the problem is about, when it is more than the one the summary links to:
    # a date that does not exist is about the day, the month and the year.
    also: tuple[str, ...] = ()


def error_summary(form: forms.BaseForm, targets: Mapping[str, str] | None = None) -> list[Problem]:
    """A form's errors in the order of its fields, each linked to its field's input.

    `targets` names the input for a field the page draws as several (a date as day, month and
    year); an error about the whole form links to the first field."""
    targets = targets or {}
    names = list(form.fields)
    first = form[names[0]].id_for_label if names else ""
    found: list[Problem] = []
    for name in [*names, NON_FIELD_ERRORS]:
        target = targets.get(name) or (form[name].id_for_label if name in form.fields else first)
        found.extend(Problem(target, str(message)) for message in form.errors.get(name, []))
    return found


class Form(forms.Form):
    """A form drawn with components/field.html (see wholechild.web.renderers), whose
    `problems()` are its error summary.

    Every form is sent with `novalidate` and checked on the server, which says what to do in
    words; so no `required` attribute, and the browser's own messages never appear."""

    use_required_attribute = False
    # Fields drawn as other inputs than their own: the id each one's errors link to.
    error_targets: ClassVar[dict[str, str]] = {}

    def problems(self) -> list[Problem]:
        return error_summary(self, self.error_targets)


class TelInput(forms.TextInput):
    """A phone number: the phone's keypad, and whatever people write numbers with."""

    input_type = "tel"


def date_inputs(
    parts: Iterable[tuple[str, str | Promise, int]],
    values: Mapping[str, str],
    invalid: Callable[[str], bool],
) -> list[dict[str, Any]]:
    """The inputs of components/date_input.html: for each (id, label, width) of `parts`, what
    was typed in it and whether it is in error."""
    return [
        {
            "id": input_id,
            "label": label,
            "width": width,
            "value": values.get(input_id, ""),
            "invalid": invalid(input_id),
        }
        for input_id, label, width in parts
    ]
