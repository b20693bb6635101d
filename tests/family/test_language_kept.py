"""The request keeps the language the parent did the check in, so the clinic can show what they
saw as they saw it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.parents.helpers import Parent

from .helpers import fill_in, send, send_token, stored


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_request_keeps_the_language_of_the_check(
    parent: Parent, client: Client, language: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    parent.results()
    send(client, send_token(fill_in(client)))

    (request,) = stored()
    assert request.check_language == language
