"""Staff change their own password, with the same rules as everywhere else."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.cast import PASSWORD
from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
URL = "/clinic/password/"
NEW = "a different and longer passphrase"


def stored(user: Any) -> Any:
    """The user as the database has it now (the cast's objects are shared: never changed)."""
    return get_user_model().objects.get(pk=user.pk)


def change(client: Any, old: str = PASSWORD, new: str = NEW, again: str | None = None) -> Any:
    return client.post(
        URL,
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_a_therapist_changes_their_password_and_stays_signed_in(cast: Any, as_user: Any) -> None:
    client = as_user(cast.pt)

    response = change(client)

    assert response.status_code == 302
    assert stored(cast.pt).check_password(NEW)
    assert stored(cast.pt).password.startswith("argon2")
    assert client.get("/clinic/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.STAFF_CHANGED, target=cast.pt.username)
    assert NEW not in event.detail


def test_the_current_password_must_be_right(cast: Any, as_user: Any) -> None:
    response = change(as_user(cast.ot), old="not my password at all")

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert stored(cast.ot).check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["short", "password1234", "123456789012345"])
def test_a_weak_new_password_is_refused(cast: Any, as_user: Any, weak: str) -> None:
    response = change(as_user(cast.intake), new=weak)

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert stored(cast.intake).check_password(PASSWORD)


def test_the_two_new_passwords_must_match(cast: Any, as_user: Any) -> None:
    response = change(as_user(cast.pt), again=NEW + " typo")

    assert response.status_code == 200
    assert stored(cast.pt).check_password(PASSWORD)


def test_only_signed_in_staff_can_reach_it(cast: Any, client: Any, as_user: Any) -> None:
    assert client.get(URL).status_code == 302
    assert as_user(cast.outsider).get(URL).status_code == 403


def test_the_page_is_never_cached(cast: Any, as_user: Any) -> None:
    response = as_user(cast.admin).get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
