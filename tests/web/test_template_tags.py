"""`{% translate %}`, `{% url %}` and `{% extends %}`, remembered (wholechild.web.tags): exactly
what Django's own tags write, in every language, under every URLconf and script prefix, and
every page of the site still renders the same as with Django's tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Engine, engines
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, set_script_prefix
from django.utils import translation

from wholechild.web.tags import extends as remembered_extends
from wholechild.web.tags import i18n as remembered_i18n
from wholechild.web.tags import urls as remembered_urls

PACKAGE = Path(__file__).parent.parent.parent / "wholechild"

SOURCES = [
    '{% load i18n %}{% translate "Start now" %}',
    '{% load i18n %}{% translate "Back" %} {% translate "Back" %}',
    "{% load i18n %}{% trans 'Accessibility' %}",
    '{% load i18n %}{% translate "50% of children" %}',
    '{% load i18n %}{% translate "<b>bold</b>" %}',
    '{% load i18n %}{% translate "Start now"|upper %}',
    '{% load i18n %}{% translate "Start now" noop %}',
    '{% load i18n %}{% translate "May" context "month name" %}',
    '{% load i18n %}{% translate "Start now" as words %}[{{ words }}]',
    "{% load i18n %}{% translate name %}",
    '{% load i18n %}{% autoescape off %}{% translate "<b>bold</b>" %}{% endautoescape %}',
    '{% load i18n %}{% translate "Back" %}{% language "es" %}{% translate "Back" %}'
    '{% endlanguage %}{% translate "Back" %}',
    '{% load i18n %}{% get_current_language as code %}{{ code }} {% translate "Back" %}',
    "{% url 'parents:start' %} {% url 'parents:privacy' %}",
    "{% url 'parents:milestones' 2 %}",
    "{% url 'parents:start' as start %}[{{ start }}]",
    "{% url 'no-such-page' as missing %}[{{ missing }}]",
    '{% extends "base.html" %}{% block title %}A title{% endblock %}',
    '{% extends "base.html" %}{% block footer %}[{{ block.super }}]{% endblock %}',
    '{% extends "parents/start.html" %}{% block content %}{{ block.super }}!{% endblock %}',
]


def django_engine() -> Engine:
    """The site's template engine with Django's own i18n library and url tag."""
    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    config = settings.TEMPLATES[0]
    options = {
        name: value
        for name, value in config["OPTIONS"].items()
        if name not in {"libraries", "builtins"}
    }
    backend = DjangoTemplates(
        {
            "NAME": "stock",
            "DIRS": config["DIRS"],
            "APP_DIRS": config["APP_DIRS"],
            "OPTIONS": options,
        }
    )
    return backend.engine


def ours() -> Engine:
    engine: Engine = engines["django"].engine  # type: ignore[attr-defined]
    return engine


def both(source: str, **context: Any) -> tuple[str, str]:
    mine = ours().from_string(source).render(Context(context))
    theirs = django_engine().from_string(source).render(Context(context))
    return mine, theirs


def test_the_site_uses_the_remembering_tags() -> None:
    template = ours().from_string('{% load i18n %}{% translate "Back" %}{% url "parents:start" %}')
    kinds = {type(node) for node in template.nodelist}

    assert remembered_i18n.RememberedTranslateNode in kinds
    assert remembered_urls.RememberedURLNode in kinds
    page = ours().from_string('{% extends "base.html" %}')
    assert isinstance(page.nodelist[0], remembered_extends.RememberingExtendsNode)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("source", SOURCES)
def test_they_write_what_djangos_tags_write(source: str, language: str) -> None:
    with translation.override(language):
        first = both(source, name="Back")
        again = both(source, name="Back")  # remembered now

    assert first[0] == first[1]
    assert again == first


def test_a_missing_url_raises_as_djangos_does() -> None:
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        ours().from_string("{% url 'no-such-page' %}").render(Context())


def test_a_url_follows_the_script_prefix() -> None:
    template = ours().from_string("{% url 'parents:privacy' %}")
    try:
        set_script_prefix("/clinic-a/")
        under_a = template.render(Context())
        set_script_prefix("/")
        at_root = template.render(Context())
    finally:
        set_script_prefix("/")

    assert under_a == "/clinic-a/privacy/"
    assert at_root == "/privacy/"


@override_settings(ROOT_URLCONF="tests.web.other_urls")
def test_a_url_follows_the_urlconf() -> None:
    assert ours().from_string("{% url 'parents:privacy' %}").render(Context()) == "/other/privacy/"


def test_a_url_cache_cleared_is_a_new_answer(settings: Any) -> None:
    template = ours().from_string("{% url 'parents:privacy' %}")
    assert template.render(Context()) == "/privacy/"

    settings.ROOT_URLCONF = "tests.web.other_urls"
    clear_url_caches()
    try:
        moved = template.render(Context())
    finally:
        settings.ROOT_URLCONF = "wholechild.urls"
        clear_url_caches()

    assert moved == "/other/privacy/"


def every_template() -> list[str]:
    names = []
    for folder in PACKAGE.rglob("templates"):
        for path in folder.rglob("*.html"):
            names.append(str(path.relative_to(folder)))
    return sorted(set(names))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_template_compiles_and_renders_as_with_djangos_tags(language: str) -> None:
    # Templates that need a page's context may fail to render; they must fail the same way.
    request = RequestFactory().get("/")
    mine_engine, django_tags = ours(), django_engine()
    compared = 0
    with translation.override(language):
        for name in every_template():
            outcomes = []
            for engine in (mine_engine, django_tags):
                try:
                    outcomes.append(engine.get_template(name).render(Context({"request": request})))
                except Exception as error:  # compared below, not hidden
                    outcomes.append(type(error).__name__)
            assert outcomes[0] == outcomes[1], name
            compared += isinstance(outcomes[0], str) and len(outcomes[0]) > 0
    assert compared > 10
