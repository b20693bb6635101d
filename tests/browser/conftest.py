"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, session, viewport) for each test.
Playwright never downloads a browser here: it drives /usr/bin/chromium. Without it the tests are
skipped with the reason, except in CI, where a missing browser is a failure, never a silent
pass.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PLAYWRIGHT_ENVIRONMENT = {
    # Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses
    # database work (the live server's flush after each test) from a thread with a running loop.
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    # Belt and braces: nothing here may fetch a browser from the internet.
    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
}
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser is a browser test, so `-m "not browser"` leaves them out."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
            "to run the browser tests"
        )
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Set only while Playwright runs, so the rest of the suite keeps Django's async check.
    saved = {name: os.environ.get(name) for name in PLAYWRIGHT_ENVIRONMENT}
    os.environ.update(PLAYWRIGHT_ENVIRONMENT)
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def base_url(live_server: object) -> str:
    return str(live_server)


@pytest.fixture
def make_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """A page in a new browser profile (its own cookies, so its own check), made with the
    options given, such as a phone's viewport or JavaScript switched off."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page: Callable[..., Page]) -> Page:
    return make_page()


@pytest.fixture
def clinic(transactional_db: None) -> dict[str, Any]:
    """The clinic's staff, and two older routine requests already waiting in the inbox.

    The database is emptied first: the cast of the other tests (tests/cast.py) may still be
    in it, depending on which tests ran before, and this clinic must be the only one.
    """
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.cast import HANDWRITING, family_details, make_staff
    from wholechild.care import actions

    call_command("flush", interactive=False, verbosity=0)
    staff = {
        role: make_staff(f"{role}-user", role, first_name=name, last_name="Example")
        for role, name in (("intake", "Ines"), ("pt", "Pat"), ("ot", "Otto"), ("admin", "Ada"))
    }
    staff["device"] = TOTPDevice.objects.create(user=staff["admin"], name="phone", confirmed=True)
    for number in (1, 2):
        actions.do_submit_request(
            details=family_details(parent_name=f"Earlier Parent {number}", child_first_name="Leo"),
            screening=HANDWRITING,
            submission_key=f"earlier-{number}",
        )
    return staff
