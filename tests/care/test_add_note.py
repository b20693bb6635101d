"""do_add_note: a staff note, never shown to the family, audited without its words."""

from __future__ import annotations

from typing import Any

import pytest

from tests.care.helpers import at_status, audit_details, fresh
from wholechild.care import actions
from wholechild.care.models import AuditAction, Note, Status

pytestmark = pytest.mark.django_db


def test_it_keeps_the_note_with_its_author_and_audits_it_without_its_words(cast: Any) -> None:
    note = actions.do_add_note(fresh(cast.family_two), text="Mum prefers texts", by=cast.pt)

    assert (note.text, note.author, note.author_name) == (
        "Mum prefers texts",
        cast.pt,
        actions.staff_name(cast.pt),
    )
    assert audit_details(cast.family_two.reference) == [
        (AuditAction.RECORD_CHANGED, "note added", cast.pt.pk)
    ]


def test_a_withdrawn_request_takes_no_notes(cast: Any) -> None:
    evaluation = at_status(cast.family_two, Status.WITHDRAWN)
    with pytest.raises(actions.NotAllowedNow):
        actions.do_add_note(evaluation, text="x", by=cast.intake)
    assert not Note.objects.filter(request=evaluation).exists()
