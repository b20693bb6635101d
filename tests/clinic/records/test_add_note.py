"""Staff notes on a request."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.records.helpers import url
from wholechild.care.models import (
    Note,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_staff_who_can_see_a_request_add_notes_to_it(cast: Any, as_user: Any, who: str) -> None:
    client = as_user(getattr(cast, who))
    response = client.post(url("note", cast.family_one), {"note-text": "Prefers afternoons."})
    assert response.status_code == 302
    note = Note.objects.get(request=cast.family_one.request)
    assert (note.text, note.author) == ("Prefers afternoons.", getattr(cast, who))
    page = client.get(response["Location"]).content.decode()
    assert "Prefers afternoons." in page
    assert "Note added." in page


def test_an_empty_note_is_refused_with_a_message_linked_to_the_box(cast: Any, as_user: Any) -> None:
    response = as_user(cast.pt).post(url("note", cast.family_one), {"note-text": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_note-text"' in page
    assert "Enter the note" in page
    assert 'aria-describedby="id_note-text-error' in page
    assert not Note.objects.exists()
