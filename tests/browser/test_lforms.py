"""The check's Questionnaire renders in another form tool: LHC-Forms (npm `lforms`, put in
.lforms/ by `make lforms`, served to Chromium by this test only, never by the app) loads it,
a parent answers it there, and its QuestionnaireResponse, sent to `$screen`, gets the same
answer as the same parent gets from WholeChild's own check."""

from __future__ import annotations

import json
import os
import urllib.request
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, Route, expect

from tests.fhir.helpers import answer_from, api_client, comparable, observations_in
from wholechild.care.models import ApiScope
from wholechild.screening import screen
from wholechild.web import journey as app_journey

from .journey import NOT_WALKING_AT_20_MONTHS, WALKS_ALONE, walk

LFORMS = Path(__file__).parent.parent.parent / ".lforms" / "package" / "dist" / "lforms"
ORIGIN = "http://lforms.test"
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="{ORIGIN}/lforms/webcomponent/styles.css"></head>
<body><div id="form"></div>
<script src="{ORIGIN}/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="{ORIGIN}/lforms/webcomponent/runtime.js" type="module"></script>
<script src="{ORIGIN}/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="{ORIGIN}/lforms/webcomponent/main.js" type="module"></script>
<script src="{ORIGIN}/lforms/fhir/R4/lformsFHIR.min.js" defer></script>
</body></html>"""
TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture
def lforms() -> Path:
    if not (LFORMS / "webcomponent" / "main.js").exists():
        message = f"LHC-Forms is not in {LFORMS}: run `make lforms` (npm pack lforms)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return LFORMS


def serve_lforms(route: Route, root: Path) -> None:
    """The page and LHC-Forms' files, from disk: nothing of it is ever the app's."""
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
        return
    found = (root / path.removeprefix("/lforms/")).resolve()
    if root.resolve() in found.parents and found.is_file():
        route.fulfill(body=found.read_bytes(), content_type=TYPES.get(found.suffix, "text/plain"))
    else:
        route.fulfill(status=404, body="")


def fetch(base_url: str, path: str, body: Any = None, token: str = "") -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base_url + path, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as answer:  # the live server, on loopback
        return json.loads(answer.read())


def web_check_answer(page: Page) -> dict[str, Any]:
    """The answer WholeChild's own check gave this browser: its session, screened as the
    results page screens it."""
    [cookie] = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    return screen(app_journey.screening_request(app_journey.load(store)))


def test_the_questionnaire_answered_in_lhc_forms_screens_as_the_web_check(
    make_page: Any, base_url: str, lforms: Path, transactional_db: None
) -> None:
    child = NOT_WALKING_AT_20_MONTHS
    web = make_page()
    asked = walk(web, child).asked
    expected = web_check_answer(web)

    form = make_page()
    form.route(f"{ORIGIN}/**", lambda route: serve_lforms(route, lforms))
    form.goto(f"{ORIGIN}/")
    form.wait_for_function("() => window.LForms && window.LForms.Util && window.LForms.FHIR")
    questionnaire = fetch(base_url, "/fhir/Questionnaire/wholechild-check")
    form.evaluate("q => LForms.Util.addFormToPage(q, 'form')", questionnaire)
    age = form.get_by_label("Age in months (if you do not give the date of birth)")
    age.fill(str(int(child.years) * 12 + int(child.months)))
    age.press("Tab")
    # Once the age is given, the form offers the milestones the check asked: no more, no less.
    expect(form.get_by_role("radiogroup", name=WALKS_ALONE)).to_be_visible()
    offered = [
        group.get_attribute("aria-label") or group.inner_text().split("\n")[0]
        for group in form.get_by_role("radiogroup").all()
        if group.get_by_role("radio", name="Not yet", exact=True).count()
    ]
    assert len(offered) == len(asked)
    for question in asked:
        answer = "Not yet" if question in child.not_yet else "Yes"
        group = form.get_by_role("radiogroup", name=question, exact=True)
        # A parent clicks the words; ng-zorro's radio input takes the click on its label.
        group.get_by_text(answer, exact=True).click()
        expect(group.get_by_role("radio", name=answer, exact=True)).to_be_checked()
    response = form.evaluate(
        "() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', "
        "document.querySelector('#form lhc-form') || document.getElementById('form'))"
    )

    ehr = api_client("Form tool", ApiScope.SCREEN)
    found = fetch(base_url, "/fhir/QuestionnaireResponse/$screen", response, ehr.token)

    assert comparable(answer_from(observations_in(found))) == comparable(expected)
    assert expected["pt"]["level"] == "recommended"
