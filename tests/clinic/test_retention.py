"""The retention rule: withdrawn and closed requests go after the configured number of days."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wholechild.care.models import (
    AuditAction,
    AuditEvent,
    EvaluationRequest,
    Note,
    Status,
    StatusChange,
)

pytestmark = pytest.mark.django_db


def age_request(family: Any, status: str, days: int) -> None:
    EvaluationRequest.objects.filter(pk=family.request.pk).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=days)
    )


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_requests", *args, stdout=out)
    return out.getvalue()


def test_a_closed_request_past_the_retention_period_is_deleted_with_its_history(
    cast: Any,
) -> None:
    age_request(cast.family_one, Status.CLOSED, days=91)
    Note.objects.create(request=cast.family_one.request, text="Called twice", author_name="x")

    assert purge() == "1 request(s) deleted.\n"

    assert not EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).exists()
    assert not StatusChange.objects.filter(request_id=cast.family_one.request.pk).exists()
    assert not Note.objects.filter(request_id=cast.family_one.request.pk).exists()
    assert EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).exists()


def test_a_withdrawn_request_is_deleted_too(cast: Any) -> None:
    age_request(cast.family_two, Status.WITHDRAWN, days=100)
    purge()
    assert not EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).exists()


def test_the_deletion_is_audited_by_reference_only(cast: Any) -> None:
    age_request(cast.family_one, Status.CLOSED, days=91)
    purge()
    event = AuditEvent.objects.get(action=AuditAction.RECORD_DELETED)
    assert event.target == cast.family_one.reference
    assert event.detail == "retention: closed over 90 days"
    assert "Mia" not in event.detail


@pytest.mark.parametrize("status", [Status.NEW, Status.IN_THERAPY, Status.DISCHARGED])
def test_open_and_discharged_requests_are_kept_however_old(cast: Any, status: str) -> None:
    age_request(cast.family_one, status, days=1000)
    assert purge() == "0 request(s) deleted.\n"
    assert EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).exists()


def test_a_closed_request_inside_the_retention_period_is_kept(cast: Any) -> None:
    age_request(cast.family_one, Status.CLOSED, days=89)
    purge()
    assert EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).exists()


def test_the_period_comes_from_the_settings_or_the_command_line(cast: Any, settings: Any) -> None:
    age_request(cast.family_one, Status.CLOSED, days=10)
    settings.RETENTION_DAYS = 30
    assert purge() == "0 request(s) deleted.\n"
    settings.RETENTION_DAYS = 5
    assert purge("--dry-run") == "1 request(s) would be deleted.\n"
    assert purge("--days", "30") == "0 request(s) deleted.\n"
    assert purge("--days", "7") == "1 request(s) deleted.\n"


def test_a_dry_run_counts_and_deletes_nothing(cast: Any) -> None:
    age_request(cast.family_one, Status.CLOSED, days=91)
    assert purge("--dry-run") == "1 request(s) would be deleted.\n"
    assert EvaluationRequest.objects.filter(pk=cast.family_one.request.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.RECORD_DELETED).exists()


def test_a_negative_period_is_refused(cast: Any) -> None:
    with pytest.raises(CommandError, match="0 or more"):
        purge("--days", "-1")
