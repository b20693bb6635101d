"""Filling in the family's request with the test client."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse as Response
from django.test import Client
from django.utils import timezone

from wholechild.care.models import EvaluationRequest

DETAILS_URL = "/check/request/"
ANSWERS_URL = "/check/request/answers/"
SENT_URL = "/check/request/sent/"


def _months_ago(months: int) -> date:
    today = timezone.localdate()
    total = today.year * 12 + today.month - 1 - months
    return date(total // 12, total % 12 + 1, min(today.day, 28))


# The child's date of birth the form is given: 20 months ago, the age the `checked` parent gave
# in the check, so the two agree (a date of birth that contradicts the check is asked about).
BORN = _months_ago(20)


def form_data(**changes: Any) -> dict[str, Any]:
    """What a parent types: a name, an email, the child's name and date of birth, consent."""
    data = {
        "parent_name": "Alex Example",
        "email": "alex@example.org",
        "phone": "",
        "preferred_language": "English",
        "best_time_to_call": "Weekday mornings",
        "child_first_name": "Mia",
        "dob-day": str(BORN.day),
        "dob-month": str(BORN.month),
        "dob-year": str(BORN.year),
        "consent": "yes",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def birth_date_parts(born: date) -> dict[str, str]:
    return {"dob-day": str(born.day), "dob-month": str(born.month), "dob-year": str(born.year)}


def send_token(page: Response) -> str:
    found = re.search(r'name="send_token" value="([^"]+)"', page.content.decode())
    assert found, "the page has no one-time token"
    return found.group(1)


def fill_in(client: Client, **changes: Any) -> Response:
    """Fill in the details form; the check-your-answers page it leads to."""
    response = client.post(DETAILS_URL, form_data(**changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == ANSWERS_URL
    return client.get(ANSWERS_URL)


def send(client: Client, token: str) -> Response:
    return client.post(ANSWERS_URL, {"send_token": token})


_existing: set[int] = set()


def remember_existing() -> None:
    """Note the requests that exist before a test: the cast's, built once for the whole run."""
    _existing.clear()
    _existing.update(EvaluationRequest.objects.values_list("pk", flat=True))


def stored() -> QuerySet[EvaluationRequest]:
    """The requests this test stored."""
    return EvaluationRequest.objects.exclude(pk__in=_existing)
