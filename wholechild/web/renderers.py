"""How Django draws a form's fields here: with components/field.html, the GOV.UK way.

Set as FORM_RENDERER, so `{{ form.name.as_field_group }}` gives the label, the hint, the error
message and the control, with the classes of the stylesheet and the ids the hint, the error and
the error summary link to, on every page and for every form (Django's own included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.functional import cached_property


def control_class(widget: forms.Widget) -> str:
    """The stylesheet's class for a control."""
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes__input"
    if isinstance(widget, forms.RadioSelect):
        return "radios__input"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


class BoundField(forms.BoundField):
    """A field with the ids of its hint and error message, and its control styled."""

    @property
    def id_for_label(self) -> str:
        # Radios are a fieldset without a label of their own: the error summary links to the
        # first radio, as GOV.UK does.
        if isinstance(self.field.widget, forms.RadioSelect) and self.auto_id:
            return f"{self.auto_id}_0"
        return super().id_for_label

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def aria_describedby(self) -> str | None:
        # The error first: it is what the person has come back to the field for.
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.errors:
                ids.append(self.error_id)
            if self.help_text:
                ids.append(self.hint_id)
        return " ".join(ids)

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        css = control_class(widget)
        classes = [css, str(attrs.get("class") or widget.attrs.get("class", ""))]
        if self.errors and css != "checkboxes__input":
            classes.append("input--error")
        attrs["class"] = " ".join(name for name in classes if name)
        return attrs


class FormRenderer(DjangoTemplates):
    """Django's renderer, finding the components in the project's templates too."""

    field_template_name = "components/field.html"
    bound_field_class = BoundField

    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        return DjangoTemplatesBackend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(django.forms.__file__).parent / "templates",
                    *settings.TEMPLATES[0]["DIRS"],
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
