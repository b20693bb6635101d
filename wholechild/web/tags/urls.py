"""`{% url 'name' %}` without arguments, reversed once for each URLconf, script prefix and
language (wholechild.web.tags); with arguments, Django's own tag."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

from . import language_of, remembered

register = template.Library()

_reversed: dict[tuple[Any, ...], str] = {}
remembered.append(_reversed)


class RememberedURLNode(URLNode):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        name = self.view_name.var
        # A quoted name ('parents:start') is known now; a variable is looked up when rendering.
        self.name = name if isinstance(name, str) and not self.view_name.filters else None

    def render(self, context: Context) -> str:
        view_name = self.name if self.name is not None else self.view_name.resolve(context)
        key = (view_name, *_where(context), language_of(context), bool(context.autoescape))
        url = _reversed.get(key)
        if url is None:
            current_app = key[1]
            url = reverse(view_name, current_app=current_app)
            url = _reversed[key] = str(conditional_escape(url)) if context.autoescape else url
        return url


WHERE = "wholechild.url-where"


def _where(context: Context) -> tuple[Any, Any, str]:
    """What a URL's address depends on besides its name and the language, asked once per page:
    the current app (as Django's tag finds it: the request's current_app, else the namespace
    of its view), the resolver (not its URLconf's name: a cleared URL cache or another URLconf
    is a new resolver, and so a new key) and the script prefix."""
    found: tuple[Any, Any, str] | None = context.render_context.get(WHERE)
    if found is None:
        request: Any = getattr(context, "request", None)
        if hasattr(request, "current_app"):
            current_app = request.current_app
        else:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        found = (current_app, get_resolver(get_urlconf()), get_script_prefix())
        context.render_context[WHERE] = found
    return found


@register.tag
def url(parser: Parser, token: Token) -> Any:
    node = django_url(parser, token)
    if node.args or node.kwargs or node.asvar:
        return node
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
