"""The database itself refuses to change the audit log, whatever path a change takes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def an_event() -> AuditEvent:
    return AuditEvent.objects.create(action=AuditAction.SIGN_IN, target="pt-user")


def run(sql: str, *params: Any) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_cannot_rewrite_an_event() -> None:
    event = an_event()

    with pytest.raises(DatabaseError, match="append-only"):
        run("UPDATE clinic_auditevent SET detail = 'rewritten' WHERE id = %s", event.pk)

    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_the_base_manager_cannot_rewrite_an_event_either() -> None:
    event = an_event()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).update(target="someone-else")

    assert AuditEvent.objects.get(pk=event.pk).target == "pt-user"


def test_raw_sql_cannot_delete_an_event_on_postgresql() -> None:
    """On SQLite deletion is refused by the app alone (see docs/decisions.md): the test runner
    empties the database with DELETE between browser tests."""
    event = an_event()
    delete = "DELETE FROM clinic_auditevent WHERE id = %s"
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            run(delete, event.pk)
        assert AuditEvent.objects.filter(pk=event.pk).exists()
    else:
        assert connection.vendor == "sqlite"
        with pytest.raises(PermissionError):
            AuditEvent.objects.filter(pk=event.pk).delete()
