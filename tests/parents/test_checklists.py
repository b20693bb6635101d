"""Steps 4 to 6: concerns, conditions and red flags, each with an exclusive "None"."""

import pytest
from django.utils.html import escape

from wholechild.parents.views import CHECKLIST_TEXT
from wholechild.screening import get_content

from .helpers import checked, text_of

PAGES = [
    ("/check/concerns/", "concerns", "Is your child struggling with any of these?"),
    ("/check/conditions/", "conditions", "Has your child been diagnosed with any of these?"),
    ("/check/signs/", "red_flags", "Have you noticed any of these?"),
]


@pytest.fixture
def ready(parent):
    """A parent who has answered everything before the checklists."""
    parent.answer(until="/check/concerns/")
    return parent


def test_it_groups_concerns_into_moving_and_doing(ready, client):
    html = client.get("/check/concerns/").content.decode()
    moving = html.index('<legend class="fieldset__legend fieldset__legend--s">Moving</legend>')
    doing = html.index('<legend class="fieldset__legend fieldset__legend--s">Doing</legend>')
    assert moving < html.index('value="balance-coordination"') < doing
    assert doing < html.index('value="hand-skills"')
    # Feet turning in, talking, hearing and seeing, and play are neither PT nor OT: they have a
    # group of their own.
    something_else = html.index("Something else</legend>")
    assert something_else < html.index('value="in-toeing"')
    assert something_else < html.index('value="talking-understanding"')


@pytest.mark.parametrize(("url", "name", "title"), PAGES, ids=[p[1] for p in PAGES])
def test_it_lists_every_option_with_none_last(ready, client, url, name, title):
    content = get_content()
    # The concerns offered at 20 months, the age the parent gave (v2: each only for its ages).
    offered = {c.id: c for c in content.concerns_asked_at(20)}
    items = {"concerns": offered, "conditions": content.conditions}.get(name, content.red_flags)
    ready.answer(until=url)
    html = client.get(url).content.decode()
    assert f'<h1 class="fieldset__heading">{escape(title)}</h1>' in html
    for item in items.values():
        assert f'<label class="label checkboxes__label" for="{name}-{item.id}">' in html
        assert escape(item.label) in html
    assert html.rindex('value="none" data-exclusive') > max(
        html.index(f'value="{item}"') for item in items
    )


@pytest.mark.parametrize(("url", "name", "title"), PAGES, ids=[p[1] for p in PAGES])
def test_it_refuses_none_together_with_an_option(ready, client, check_session, url, name, title):
    first = {"concerns": "gross-motor-skills", "conditions": "cerebral-palsy"}.get(
        name, "lost-skills"
    )
    ready.answer(until=url)
    response = client.post(url, {name: ["none", first]})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Error: {escape(title)} – WholeChild</title>" in html
    assert f'<a href="#{name}-{first}">' in html
    assert "Select “None of these” on its own" in text_of(response)
    assert name not in check_session()


@pytest.mark.parametrize(("url", "name", "title"), PAGES, ids=[p[1] for p in PAGES])
def test_it_needs_an_answer(ready, client, url, name, title):
    ready.answer(until=url)
    response = client.post(url, {})
    assert "There is a problem" in text_of(response)
    missing = str(CHECKLIST_TEXT[name]["missing"])
    assert f'<a href="#{name}-' in response.content.decode()
    assert missing in text_of(response)
    assert str(CHECKLIST_TEXT[name]["none_label"]) in missing  # it names the way to say none


def test_it_saves_the_ticked_ids_in_the_contents_order(ready, client, check_session):
    response = client.post("/check/concerns/", {"concerns": ["feeding", "balance-coordination"]})
    assert response["Location"] == "/check/conditions/"
    assert check_session()["concerns"] == ["balance-coordination", "feeding"]


def test_it_saves_none_as_an_empty_list_and_shows_it_ticked(ready, client, check_session):
    client.post("/check/concerns/", {"concerns": ["none"]})
    assert check_session()["concerns"] == []
    assert checked(client.get("/check/concerns/")) == [("concerns", "none")]


def test_it_refuses_an_id_it_does_not_know(ready, client, check_session):
    response = client.post("/check/concerns/", {"concerns": ["juggling"]})
    assert "Select from the list" in text_of(response)
    assert "concerns" not in check_session()
