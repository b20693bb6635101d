"""Django's `i18n` template library, with `{% translate "a literal" %}` looked up once per
language (wholechild.web.tags)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.template.context import Context
from django.templatetags import i18n as django_i18n
from django.utils import translation

from . import LANGUAGE, language_of, remembered

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_translated: dict[tuple[str | None, bool, str], str] = {}
remembered.append(_translated)


class RememberedTranslateNode(django_i18n.TranslateNode):
    """`{% translate "literal" %}` with no context, filter, `noop` or `as`: its output depends
    only on the language (and autoescaping), so Django renders it once per language."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.literal = str(self.filter_expression.var.literal)
        # With DEBUG, translation files are reloaded as they change: nothing is remembered.
        self.remember = not settings.DEBUG

    def render(self, context: Context) -> str:
        if not self.remember:
            return str(super().render(context))
        key = (language_of(context), bool(context.autoescape), self.literal)
        found = _translated.get(key)
        if found is None:
            found = _translated[key] = super().render(context)
        return found


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> Any:
    node = django_i18n.do_translate(parser, token)
    expression = node.filter_expression
    simple = (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(getattr(expression.var, "literal", None), str)
    )
    if not simple:
        return node
    return RememberedTranslateNode(expression, node.noop, node.asvar, node.message_context)


class LanguageNode(django_i18n.LanguageNode):
    """`{% language %}`, with the language the tags above remember changed inside it."""

    def render(self, context: Context) -> str:
        render_context = context.render_context
        outside = render_context.get(LANGUAGE, "")
        with translation.override(self.language.resolve(context)):
            render_context[LANGUAGE] = translation.get_language()
            try:
                return str(self.nodelist.render(context))
            finally:
                render_context[LANGUAGE] = outside


@register.tag("language")
def language(parser: Parser, token: Token) -> Any:
    node = django_i18n.language(parser, token)
    return LanguageNode(node.nodelist, node.language)
