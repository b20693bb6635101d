"""Error pages say what happened in plain words, and show nothing about anyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_is_a_plain_404_page(client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_server_error_page_needs_nothing_but_static_files() -> None:
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Sorry, something went wrong" in html
    assert "{%" not in html


@pytest.mark.django_db
def test_a_refused_member_of_staff_keeps_the_staff_navigation(cast: Any, as_user: Any) -> None:
    response = as_user(cast.admin).get("/clinic/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert 'href="/clinic/audit/"' in html


@pytest.mark.django_db
def test_a_refused_outsider_sees_no_staff_navigation(cast: Any, as_user: Any) -> None:
    response = as_user(cast.outsider).get("/clinic/")

    assert response.status_code == 403
    assert 'href="/clinic/audit/"' not in response.content.decode()


def test_a_form_refused_by_the_csrf_check_gets_a_kind_page_not_djangos(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post("/check/age/", {"age-years": "1"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "This form could not be sent" in page
    assert "Nothing was changed" in page
    assert "Forbidden" not in page and "CSRF" not in page
