"""The cast itself: what every other clinic test builds on."""

from __future__ import annotations

from typing import Any

import pytest

from wholechild.care.access import role_of, visible_requests
from wholechild.care.models import EvaluationRequest, Status

pytestmark = pytest.mark.django_db


def test_the_cast_has_one_member_of_staff_per_role_and_an_outsider(cast: Any) -> None:
    assert [role_of(user) for user in cast.staff().values()] == ["intake", "pt", "ot", "admin"]
    assert role_of(cast.outsider) is None


def test_each_family_has_one_request_with_a_snapshot_of_what_the_parent_saw(cast: Any) -> None:
    one = EvaluationRequest.objects.get(reference=cast.family_one.reference)
    assert one.status == Status.EVALUATED
    assert one.urgency == "soon"
    assert one.recommended == "pt"
    assert one.screening_answer["urgency"] == "soon"
    assert one.content_version == one.screening_answer["content_version"]
    assert one.history.get().to_status == Status.NEW
    two = EvaluationRequest.objects.get(reference=cast.family_two.reference)
    assert (two.recommended, two.urgency, two.status) == ("ot", "routine", "new")


def test_the_intake_coordinator_sees_every_request_and_a_therapist_only_their_own(
    cast: Any,
) -> None:
    assert visible_requests(cast.intake).count() == 2
    assert list(visible_requests(cast.pt)) == [cast.family_one.request]
    assert list(visible_requests(cast.ot)) == [cast.family_one.request]
    assert not visible_requests(cast.admin).exists()
    assert not visible_requests(cast.outsider).exists()
