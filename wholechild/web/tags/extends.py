"""`{% extends %}`, with the blocks of the template extended found once rather than on every
page (wholechild.web.tags).

Django's tag looks through the whole of the parent (base.html) for its blocks each time a page
is drawn: a fifth of drawing the start page. A template, once compiled, never changes (a changed
file is compiled again, as a new template), so its list of nodes can keep what it found.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.template.loader_tags import ExtendsNode, do_extends

register = template.Library()


class RememberingNodeList(NodeList):
    """A compiled template's nodes, each kind of node looked for once."""

    def get_nodes_by_type(self, nodetype: type[Any]) -> list[Any]:
        found: dict[type[Any], list[Any]] = self.__dict__.setdefault("_found", {})
        if nodetype not in found:
            found[nodetype] = super().get_nodes_by_type(nodetype)
        return found[nodetype]


class RememberingExtendsNode(ExtendsNode):
    def get_parent(self, context: Context) -> Any:
        parent = super().get_parent(context)
        if not isinstance(parent.nodelist, RememberingNodeList):
            parent.nodelist = RememberingNodeList(parent.nodelist)
        return parent


@register.tag("extends")
def extends(parser: Parser, token: Token) -> Any:
    node = do_extends(parser, token)
    return RememberingExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
