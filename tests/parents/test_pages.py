"""Every page: strict-CSP-safe markup, no other hosts, accessible bones, and a small weight."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from .helpers import PAGES_AT_20_MONTHS, inputs

PAGE_BUDGET = 50 * 1024
# The milestone picture and the printed page for the doctor took the stylesheet past 15 KB
# (docs/parents-results.md); every parent page, stylesheet included, still keeps to 50 KB.
CSS_BUDGET = 22 * 1024
JS_BUDGET = 3 * 1024

FOOTER_PAGES = ["/privacy/", "/accessibility/", "/contact/"]
JOURNEY = {
    "age": {"age-years": "1", "age-months": "8"},
    "milestones": {"walks-alone": "not-yet"},
    "concerns": ["balance-coordination"],
    "red_flags": ["lost-skills"],
}


@pytest.fixture
def pages(parent, client) -> dict[str, str]:
    """Every page of the check, with answers that fill the results page, and error pages."""
    parent.results(**JOURNEY)
    urls = ["/", "/check/age/", *PAGES_AT_20_MONTHS, "/check/results/", *FOOTER_PAGES]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    for url, data in (
        ("/check/age/", {"dob-day": "31", "dob-month": "2", "dob-year": "2024"}),
        ("/check/born-early/", {"born-early": "yes", "weeks": "40"}),
        ("/check/milestones/1/", {}),
        ("/check/concerns/", {"concerns": ["none", "feeding"]}),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, url
        found[f"{url} with errors"] = response.content.decode()
    return found


def linked_static(html: str) -> list[Path]:
    """The local files a page loads: its stylesheet and script."""
    urls = re.findall(r'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', html)
    assert urls
    files = []
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, url
        files.append(Path(found))
    return files


def test_it_has_no_inline_script_style_or_event_handler(pages):
    for url, html in pages.items():
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_it_loads_nothing_from_another_host(pages):
    # A link a parent may follow (cdc.gov/FindEI) loads nothing; a stylesheet, a script, an
    # image or a form's target would.
    for url, html in pages.items():
        assert not re.search(r'(?:src|action)="(?:https?:)?//', html), url
        for tag in re.findall(r"<(?!a\s)[a-z]+\b[^>]*\bhref=\"[^\"]*\"", html):
            assert not re.search(r'href="(?:https?:)?//', tag), (url, tag)


def test_it_has_the_accessible_bones_on_every_page(pages):
    for url, html in pages.items():
        assert '<html lang="en"' in html, url
        assert '<a href="#main-content" class="skip-link">Skip to main content</a>' in html, url
        assert html.count('<main id="main-content"') == 1, url
        assert html.count("<h1") == 1, url
        assert "<header" in html and "<footer" in html, url
        assert "We don't store your answers unless you send us a request." in html, url


def test_it_labels_every_input(pages, rf):
    for url, html in pages.items():
        fake = type("Page", (), {"content": html.encode()})
        for field in inputs(fake):
            if field.get("type") == "hidden":
                continue
            assert '<label class="label' in html and f'for="{field["id"]}"' in html, (url, field)


def test_it_prefixes_the_title_with_error_only_when_there_is_one(pages):
    for url, html in pages.items():
        title = re.search(r"<title>(.*?)</title>", html)[1]
        assert title.startswith("Error: ") == url.endswith("with errors"), url
        assert title.endswith(" – WholeChild"), url


def test_it_keeps_every_page_within_50_kb_with_its_css_and_js(pages):
    for url, html in pages.items():
        weight = len(html.encode()) + sum(f.stat().st_size for f in linked_static(html))
        assert weight <= PAGE_BUDGET, (url, weight)


def test_every_page_in_spanish_stays_within_50_kb_and_says_so(parent, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    parent.results(**JOURNEY)
    for url in ["/", "/check/age/", *PAGES_AT_20_MONTHS, "/check/results/", *FOOTER_PAGES]:
        html = client.get(url).content.decode()
        assert '<html lang="es"' in html, url
        weight = len(html.encode()) + sum(f.stat().st_size for f in linked_static(html))
        assert weight <= PAGE_BUDGET, (url, weight)


def test_a_results_page_with_much_to_say_stays_within_50_kb(parent, client):
    # More than most parents will tick: three milestones, four worries, a diagnosis and two
    # signs, so a picture, both cards, the care card, activities and the doctor's page.
    response = parent.results(
        milestones={"walks-alone": "not-yet", "runs": "not-yet", "scribbles": "unsure"},
        concerns=["balance-coordination", "hand-skills", "feeding", "emotional-regulation"],
        conditions=["developmental-delay"],
        red_flags=["very-stiff", "choking-with-feeds"],
    )
    html = response.content.decode()
    assert 'class="picture__svg"' in html
    weight = len(html.encode()) + sum(f.stat().st_size for f in linked_static(html))
    assert weight <= PAGE_BUDGET, weight


def test_it_keeps_the_stylesheet_and_script_small(pages):
    files = linked_static(pages["/"])
    css = next(f for f in files if f.suffix == ".css")
    js = next(f for f in files if f.suffix == ".js")
    assert css.stat().st_size <= CSS_BUDGET
    assert js.stat().st_size <= JS_BUDGET


def test_it_serves_the_pages_under_the_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


def test_it_prints_a_clean_summary(pages):
    css = next(f for f in linked_static(pages["/"]) if f.suffix == ".css").read_text()
    printed = css[css.index("@media print") :]
    for hidden in (".back-link", ".button", ".footer", ".skip-link", ".no-print"):
        assert hidden in printed
    assert "display: none" in printed
