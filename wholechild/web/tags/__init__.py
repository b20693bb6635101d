"""The template tags every page uses most, made cheap, with Django's own output.

A page of WholeChild has dozens of `{% translate "…" %}` and a handful of `{% url '…' %}`, and
each one used to cost more than the sentence it writes: a lazy translation object, the active
language looked up through a context-local, a URL reversed from the patterns every time. The
text of a literal, and the address of a URL without arguments, depend only on the language (and
the URLconf and script prefix), so each is worked out once and remembered: `translate` and
`trans` in this package's `i18n` (the site's template backend, wholechild.web.templates, loads
it for `{% load i18n %}`), and `url`, a builtin. Everything else is Django's, unchanged.

Even the active language costs something to ask for (a context-local), so a page asks once:
the answer is kept in the template's render context, and `{% language %}` (also in `i18n`)
keeps it right inside its block.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.context import Context
from django.utils import translation

LANGUAGE = "wholechild.language"

# Emptied whenever a setting they depend on changes (the tests' override_settings).
remembered: list[dict[Any, Any]] = []


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "ROOT_URLCONF", "DEBUG"}:
        for cache in remembered:
            cache.clear()


def language_of(context: Context) -> str | None:
    """The active language, asked once per page: kept in the render context."""
    found: str | None = context.render_context.get(LANGUAGE, "")
    if found == "":
        found = context.render_context[LANGUAGE] = translation.get_language()
    return found
