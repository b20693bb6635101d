"""Asking for an evaluation from the results page: details, check them, send, confirmation."""

from __future__ import annotations

from django.test import Client

from tests.parents.helpers import Parent, text_of
from wholechild.clinic.models import EvaluationRequest

from .helpers import DETAILS_URL, SENT_URL, fill_in, send, send_token


def test_the_results_page_links_to_the_request_form(checked: Parent) -> None:
    page = checked.client.get("/check/results/")

    assert f'href="{DETAILS_URL}"' in page.content.decode()
    assert "Ask for an evaluation" in text_of(page)


def test_sending_the_details_stores_one_request_and_shows_its_reference(
    checked: Parent, client: Client
) -> None:
    page = fill_in(client)
    response = send(client, send_token(page))

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    stored = EvaluationRequest.objects.get()
    confirmation = client.get(SENT_URL)
    assert stored.reference in text_of(confirmation)
    assert stored.child_first_name == "Mia"
