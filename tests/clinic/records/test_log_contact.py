"""The contact log on a record: logging an attempt to reach the family (by whom may), its
errors in the error summary, the log on the record, and a reached family making a new request
"contacted"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.clinic.records.helpers import fresh, set_status, url
from wholechild.care.models import ContactAttempt, Status

pytestmark = pytest.mark.django_db


def local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def log(client: Any, family: Any, **changes: str) -> Any:
    body = {
        "contact-method": "phone",
        "contact-outcome": "no-answer",
        "contact-at": local(timezone.now()),
        "contact-note": "",
    }
    body.update({f"contact-{name}": value for name, value in changes.items()})
    return client.post(url("contact", family), body)


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_staff_caring_for_the_child_log_an_attempt(cast: Any, as_user: Any, who: str) -> None:
    response = log(as_user(getattr(cast, who)), cast.family_one, note="Call back at 3")

    assert response.status_code == 302
    assert response["Location"].endswith("#contacts-title")
    [attempt] = ContactAttempt.objects.filter(request=cast.family_one.request)
    assert (attempt.method, attempt.outcome, attempt.note, attempt.by) == (
        "phone",
        "no-answer",
        "Call back at 3",
        getattr(cast, who),
    )


def test_the_record_lists_each_attempt_newest_first_with_who_and_when(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    log(client, cast.family_two, outcome="no-answer", at=local(timezone.now() - timedelta(hours=1)))
    log(client, cast.family_two, outcome="left-message", method="text", note="Sent a text")

    page = client.get(url("record", cast.family_two)).content.decode()
    log_section = page[page.index('id="contacts-title"') : page.index('id="evaluation-title"')]
    assert log_section.index("Left a message") < log_section.index("No answer")
    assert 'Text message · <span class="contact__note">Sent a text</span>' in log_section
    assert "INTAKE," in log_section


def test_reaching_the_family_makes_a_new_request_contacted_and_says_so(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    response = log(client, cast.family_two, outcome="reached")
    assert fresh(cast.family_two).status == Status.CONTACTED
    page = client.get(response["Location"]).content.decode()
    assert "Logged: Reached. Status changed to “Contacted”." in page


@pytest.mark.parametrize(
    ("changes", "error", "target"),
    [
        ({"outcome": ""}, "Choose what happened", "contact-outcome-reached"),
        ({"method": "pigeon"}, "Choose how you tried to reach", "contact-method-phone"),
        ({"at": ""}, "Enter when you tried to reach the family", "id_contact-at"),
        ({"at": "yesterday"}, "Enter the date and time", "id_contact-at"),
        ({"at": "2099-01-01T09:00"}, "The time cannot be in the future", "id_contact-at"),
        (
            {"at": "2001-01-01T09:00"},
            "The time cannot be before the request arrived",
            "id_contact-at",
        ),
    ],
)
def test_a_wrong_answer_is_shown_in_the_error_summary_and_nothing_is_logged(
    cast: Any, as_user: Any, changes: dict[str, str], error: str, target: str
) -> None:
    response = log(as_user(cast.intake), cast.family_two, **changes)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and error in page
    assert f'href="#{target}"' in page
    assert f'id="{target}"' in page
    assert not ContactAttempt.objects.exists()


def test_a_finished_request_offers_no_log_and_refuses_one(cast: Any, as_user: Any) -> None:
    set_status(cast.family_two, Status.CLOSED)
    client = as_user(cast.intake)
    assert "Log an attempt" not in client.get(url("record", cast.family_two)).content.decode()
    assert log(client, cast.family_two).status_code == 403
