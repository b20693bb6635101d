"""The pages a family expects at the foot of every page: what we keep (privacy), the
accessibility statement, and how to contact the clinic."""

from __future__ import annotations

import pytest

from wholechild.care.models import ClinicSettings

from .helpers import text_of

PAGES = ["/privacy/", "/accessibility/", "/contact/"]


@pytest.mark.parametrize("url", ["/", "/check/age/", *PAGES])
def test_every_page_links_to_them_in_its_footer(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]
    for link in PAGES:
        assert f'href="{link}"' in footer


@pytest.mark.parametrize("url", PAGES)
def test_each_answers_get_and_head_only(client, url):
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, settings):
    settings.RETENTION_DAYS = 90
    page = text_of(client.get("/privacy/"))
    assert "after 2 hours" in page
    assert "unless you send a request" in page
    assert "deleted 90 days later" in page
    assert "never your child’s details" in page
    assert "nothing from other websites" in page


def test_the_accessibility_statement_names_the_standard_the_tests_and_the_gaps(client):
    page = text_of(client.get("/accessibility/"))
    assert "WCAG) 2.2 at level AA" in page
    assert "axe-core" in page
    assert "keyboard alone" in page
    assert "What we know is not right yet" in page
    assert "screen readers have not yet tested" in page


def test_the_contact_page_says_who_the_clinic_is(client):
    ClinicSettings.objects.create(
        pk=1,
        name="Brightside Children's Therapy",
        phone="555 0100",
        email="hello@example.org",
        address="1 Main Street\nSpringfield",
        opening_hours="Monday to Friday, 8am to 6pm",
        website="https://brightside.example.org",
    )
    html = client.get("/contact/").content.decode()
    page = text_of(client.get("/contact/")).replace("&#x27;", "'")
    assert "WholeChild is run by Brightside Children's Therapy" in page
    assert '<a href="tel:5550100">555 0100</a>' in html
    assert '<a href="mailto:hello@example.org">hello@example.org</a>' in html
    assert "1 Main Street<br>Springfield" in html
    assert "Opening hours Monday to Friday, 8am to 6pm" in page
    assert '<a href="https://brightside.example.org">' in html


def test_the_contact_page_says_so_when_the_clinic_has_given_no_way_to_reach_it(client, settings):
    settings.CLINIC_PHONE = ""
    settings.CLINIC_EMAIL = ""
    page = text_of(client.get("/contact/"))
    assert "The clinic has not added a phone number or an email address here yet." in page
