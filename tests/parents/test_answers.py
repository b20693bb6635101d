"""Step 7: check your answers, change any of them, then see the results."""

import re

from wholechild.screening import get_content, milestones_for_age

from .helpers import text_of


def change_links(response) -> list[str]:
    return re.findall(
        r'<a href="([^"]+)">Change<span class="visually-hidden">', response.content.decode()
    )


def test_it_lists_every_answer_with_a_change_link(parent):
    page = parent.answer(concerns=["feeding"], red_flags=["very-stiff"])
    text = text_of(page)
    assert "Check your answers" in text
    assert "Age 20 months" in text
    assert "Born early No, at 37 weeks or later" in text
    assert "Walks without holding on to anyone or anything Yes" in text
    content = get_content()
    assert f"Struggling with {content.concerns['feeding'].label}" in text
    assert "Diagnosed or being looked into None" in text
    assert f"Signs noticed {content.red_flags['very-stiff'].label}" in text
    links = change_links(page)
    assert "/check/age/?change=1" in links
    assert "/check/born-early/?change=1" in links
    assert "/check/milestones/2/?change=1" in links
    assert {
        "/check/concerns/?change=1",
        "/check/conditions/?change=1",
        "/check/signs/?change=1",
    } <= set(links)


def test_it_returns_to_check_answers_after_a_change(parent, client):
    parent.answer()
    page = client.get("/check/concerns/?change=1")
    assert 'href="/check/answers/" class="back-link"' in page.content.decode()
    response = client.post("/check/concerns/?change=1", {"concerns": ["toe-walking"]})
    assert response["Location"] == "/check/answers/"
    label = get_content().concerns["toe-walking"].label
    assert f"Struggling with {label}" in text_of(client.get("/check/answers/"))


def test_it_asks_the_new_questions_a_changed_age_opens_before_returning(parent, client):
    parent.answer()
    response = client.post("/check/age/?change=1", {"age-years": "0", "age-months": "9"})
    # A new age asks other milestones: those first, still in change mode, then back.
    assert response["Location"] == "/check/milestones/1/?change=1"
    page = client.get(response["Location"])
    names = re.findall(r'name="(milestone-[^"]+)" type="radio" value="yes"', page.content.decode())
    response = client.post("/check/milestones/1/?change=1", dict.fromkeys(names, "yes"))
    assert len(milestones_for_age(9.0)) > 4
    assert response["Location"] == "/check/milestones/2/?change=1"


def test_it_returns_straight_back_when_a_change_opens_nothing_new(parent, client):
    parent.answer()
    response = client.post("/check/age/?change=1", {"age-years": "1", "age-months": "8"})
    assert response["Location"] == "/check/answers/"


def test_it_asks_born_early_when_the_age_changes_to_under_2(parent, client):
    parent.answer(age={"age-years": "3", "age-months": "0"})
    response = client.post("/check/age/?change=1", {"age-years": "1", "age-months": "0"})
    assert response["Location"] == "/check/born-early/?change=1"


def test_it_has_a_see_the_results_button_that_posts(parent):
    html = parent.answer().content.decode()
    form = html[html.rindex("<form") :]
    assert form.startswith('<form method="post"')
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<button type="submit" class="button">See the results</button>' in form


def test_it_shows_the_results_only_after_the_answers_are_checked(parent, client):
    parent.answer()
    assert client.get("/check/results/")["Location"] == "/check/answers/"
    assert client.post("/check/answers/")["Location"] == "/check/results/"
    assert client.get("/check/results/").status_code == 200
    # Any change means checking the answers again.
    client.post("/check/conditions/?change=1", {"conditions": ["none"]})
    assert client.get("/check/results/")["Location"] == "/check/answers/"
