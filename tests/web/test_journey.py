"""The check's pages in order (wholechild.web.journey), their addresses remembered for each
URLconf and script prefix."""

from __future__ import annotations

from django.test import override_settings
from django.urls import set_script_prefix

from wholechild.web import journey

TWO_YEARS = {"age_months": 24}


def urls() -> list[str]:
    return [page.url for page in journey.pages(dict(TWO_YEARS))]


def test_the_pages_are_the_checks_own_addresses() -> None:
    found = urls()
    assert found[0] == "/check/age/"
    assert "/check/milestones/1/" in found
    assert found == urls()  # the same when remembered


def test_a_script_prefix_is_in_every_address() -> None:
    plain = urls()
    set_script_prefix("/clinic-a/")
    try:
        prefixed = urls()
    finally:
        set_script_prefix("/")
    assert prefixed == ["/clinic-a" + url for url in plain]
    assert urls() == plain


def test_another_urlconf_gives_its_own_addresses() -> None:
    plain = urls()
    with override_settings(ROOT_URLCONF="tests.web.other_urls"):
        moved = urls()
    assert moved != plain
    assert urls() == plain
