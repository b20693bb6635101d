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


def set_by_the_administrator(cast: Any, user: Any, password: str) -> None:
    from django.test import Client

    from tests.cast import sign_in

    admin = sign_in(Client(), cast.admin)
    response = admin.post(f"/clinic/staff/{user.pk}/password/", {"password": password})
    assert response.status_code == 302


def test_a_password_set_by_the_administrator_must_be_changed_before_any_other_page(
    cast: Any, client: Any
) -> None:
    given = "handed over in person 2026"
    set_by_the_administrator(cast, cast.pt, given)
    client.post("/clinic/sign-in/", {"username": cast.pt.username, "password": given})

    for page in ("/clinic/", f"/clinic/requests/{cast.family_one.reference}/"):
        assert client.get(page)["Location"] == URL, page
    form = client.get(URL)
    assert form.status_code == 200
    assert "Your password was set by someone else" in form.content.decode()

    assert change(client, old=given)["Location"] == "/clinic/"
    assert client.get("/clinic/").status_code == 200
    assert "set by someone else" not in client.get(URL).content.decode()


def test_the_password_given_is_not_accepted_as_the_new_one(cast: Any, client: Any) -> None:
    given = "handed over in person 2026"
    set_by_the_administrator(cast, cast.ot, given)
    client.post("/clinic/sign-in/", {"username": cast.ot.username, "password": given})

    response = change(client, old=given, new=given)

    assert response.status_code == 200
    assert "not the one you have now" in response.content.decode()
    assert client.get("/clinic/")["Location"] == URL


def test_an_account_the_administrator_creates_must_choose_its_own_password(
    cast: Any, as_user: Any
) -> None:
    first = "a first password 2026"
    as_user(cast.admin).post(
        "/clinic/staff/new/",
        {
            "username": "casey",
            "first_name": "Casey",
            "last_name": "Rivera",
            "email": "",
            "role": "ot",
            "password": first,
        },
    )
    casey = get_user_model().objects.get(username="casey")

    assert casey.staff_profile.must_change_password
