""" "No, at 37 weeks or later" is kept with the request and shown as such to the clinic: the
screening request keeps only the weeks of a "yes", so a "no" would read as not given."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import sign_in
from tests.parents.helpers import Parent, text_of

from .helpers import birth_date_parts, fill_in, send, send_token, stored
from .test_age_agrees import months_ago


def record_of_the_child(cast: Any, reference: str) -> str:
    """What the clinic's record says of the child, as the intake coordinator reads it."""
    staff = Client()
    sign_in(staff, cast.intake)
    page = text_of(staff.get(reverse("clinic:record", args=[reference])))
    return page[page.index("The child") : page.index("Milestones asked about")]


@pytest.mark.parametrize(
    ("answer", "kept", "shown"),
    [
        ({"born-early": "no"}, "no", "Born early No, at 37 weeks or later"),
        ({"born-early": "not-sure"}, "not-sure", "Born early Not sure (no correction"),
        ({"born-early": "yes", "weeks": "33"}, "yes", "Born early Yes, at 33 weeks"),
    ],
)
def test_the_born_early_answer_is_kept_and_shown_to_the_clinic(
    parent: Parent, client: Client, cast: Any, answer: dict[str, str], kept: str, shown: str
) -> None:
    parent.results(born_early=answer)
    send(client, send_token(fill_in(client)))
    (request,) = stored()

    assert request.born_early == kept
    assert shown in record_of_the_child(cast, request.reference)


def test_an_older_child_is_not_asked_and_keeps_nothing(
    parent: Parent, client: Client, cast: Any
) -> None:
    parent.results(age={"age-years": "3", "age-months": "0"})
    send(client, send_token(fill_in(client, **birth_date_parts(months_ago(36, days=5)))))
    (request,) = stored()

    assert request.born_early == ""
    assert "Born early Not given" in record_of_the_child(cast, request.reference)
