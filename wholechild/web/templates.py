"""Django's template backend, with `{% translate %}` and `{% url %}` remembered: the site's
`BACKEND` in settings.TEMPLATES.

`{% load i18n %}` loads the `i18n` library of wholechild.web.tags, which is Django's with its
`translate`, `trans` and `language` tags replaced, and the builtins `url` and `extends` are
replaced too. The
replacement is made here, on the engine, rather than in OPTIONS: there, a second module under
the name `i18n` is what Django's check templates.W003 warns about, and that warning is one the
deploy check must stay free of.
"""

from __future__ import annotations

from typing import Any

from django.template.backends.django import DjangoTemplates

from .tags import extends, i18n, urls


class RememberingTemplates(DjangoTemplates):
    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.engine.template_libraries["i18n"] = i18n.register
        self.engine.template_builtins += [urls.register, extends.register]
