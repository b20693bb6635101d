"""The browser talks to WholeChild and nobody else, and never puts a child's answers in a URL.

URLs end up in server logs, the browser's history and Referer headers; the answers are only
ever sent in the body of a POST to the site itself. And the Content-Security-Policy, which
would block anything else, is never violated by the pages themselves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request

from .journey import WALKS_ALONE, Child, assert_results_for_a_child_not_walking, months_ago, walk

CSP = "Content Security Policy"


class Recorder:
    """Every request the page makes, and every console message and script error it shows."""

    def __init__(self, page: Page) -> None:
        self.requests: list[Request] = []
        self.console: list[ConsoleMessage] = []
        self.errors: list[str] = []
        # Every page and frame of the context, so that nothing opened on the side escapes.
        page.context.on("request", lambda request: self.requests.append(request))
        page.on("console", lambda message: self.console.append(message))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def csp_violations(self) -> list[str]:
        return [message.text for message in self.console if CSP in message.text]


def test_a_journey_asks_nothing_of_any_other_host_and_keeps_answers_out_of_urls(
    page: Page, base_url: str
) -> None:
    born = months_ago(20)
    child = Child(birth_date=born, not_yet=(WALKS_ALONE,))
    recorder = Recorder(page)

    walk(page, child)

    assert_results_for_a_child_not_walking(page)
    site = urlsplit(base_url).netloc
    urls = [request.url for request in recorder.requests]
    assert len(urls) >= 20, urls  # the pages, their CSS and JS: the recorder did record
    elsewhere = [url for url in urls if urlsplit(url).netloc != site]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    answers = [
        "walks-alone",
        "not-yet",
        "milestone-",
        "dob-",
        "none",
        born.isoformat(),
        f"{born.day}/{born.month}",
        str(born.year),
    ]
    leaking = [
        url
        for url in urls
        if any(answer in url.removeprefix(f"{urlsplit(url).scheme}://{site}") for answer in answers)
    ]
    assert not leaking, f"a child's answers in URLs: {leaking}"
    assert not [url for url in urls if urlsplit(url).query], "no URL of the journey has a query"
    posts = [request for request in recorder.requests if request.method == "POST"]
    assert len(posts) >= 9, "every answer is sent in a POST"
    assert all(urlsplit(post.url).netloc == site for post in posts)
    assert not recorder.csp_violations(), recorder.csp_violations()
    assert not recorder.errors, recorder.errors


def test_the_console_would_show_a_csp_violation_if_a_page_had_one(page: Page) -> None:
    """Proof that the test above can fail: an inline script, which the policy refuses."""
    recorder = Recorder(page)
    page.goto("/")

    with page.expect_console_message(lambda message: CSP in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.leaked = true";
                document.body.append(script);
            }"""
        )

    assert recorder.csp_violations()
    assert page.evaluate("window.leaked") is None
