"""The audit log: administrators read it, filter it and page through it; nobody changes it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wholechild.care.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

AUDIT = reverse("clinic:audit")


def event(action: str, actor: str = "", target: str = "", at: datetime | None = None) -> Any:
    return AuditEvent.objects.create(
        action=action, actor_name=actor, target=target, at=at or timezone.now()
    )


def rows(page: str) -> list[str]:
    return page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]


@pytest.fixture
def history() -> None:
    day = timezone.now() - timedelta(days=10)
    event(AuditAction.RECORD_VIEWED, "pt-user", "ABCD-2345", day)
    event(AuditAction.PLAN_CHANGED, "ot-user", "ABCD-2345", day + timedelta(days=3))
    event(AuditAction.STAFF_CHANGED, "admin-user", "casey", day + timedelta(days=6))


def test_the_audit_log_lists_events_newest_first(cast: Any, as_user: Any, history: None) -> None:
    listed = rows(as_user(cast.admin).get(AUDIT).content.decode())
    order = [
        next(i for i, row in enumerate(listed) if text in row)
        for text in ("casey", "Plan changed", "Record viewed")
    ]
    assert order == sorted(order)
    assert len(set(order)) == 3


def test_it_filters_by_action(cast: Any, as_user: Any, history: None) -> None:
    page = as_user(cast.admin).get(AUDIT, {"action": AuditAction.PLAN_CHANGED}).content.decode()
    assert len(rows(page)) == 1
    assert "ot-user" in rows(page)[0]


def test_it_filters_by_who_did_it(cast: Any, as_user: Any, history: None) -> None:
    page = as_user(cast.admin).get(AUDIT, {"actor": "PT-user"}).content.decode()
    assert [("Record viewed" in row) for row in rows(page)] == [True]


def test_it_filters_by_what_it_was_about(cast: Any, as_user: Any, history: None) -> None:
    page = as_user(cast.admin).get(AUDIT, {"target": "abcd-2345"}).content.decode()
    assert len(rows(page)) == 2


def test_it_filters_by_dates(cast: Any, as_user: Any, history: None) -> None:
    start = (timezone.localdate() - timedelta(days=8)).isoformat()
    end = (timezone.localdate() - timedelta(days=5)).isoformat()
    page = as_user(cast.admin).get(AUDIT, {"date_from": start, "date_to": end}).content.decode()
    assert len(rows(page)) == 1
    assert "Plan changed" in rows(page)[0]


def test_a_date_range_the_wrong_way_round_is_explained(cast: Any, as_user: Any) -> None:
    page = (
        as_user(cast.admin)
        .get(AUDIT, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
        .content.decode()
    )
    assert "The to date must be the same as or after the from date" in page
    assert 'href="#id_date_to"' in page


def test_viewing_the_audit_log_is_itself_audited(cast: Any, as_user: Any) -> None:
    as_user(cast.admin).get(AUDIT, {"actor": "pt-user"})
    viewed = AuditEvent.objects.get(action=AuditAction.AUDIT_VIEWED)
    assert viewed.actor_name == cast.admin.username
    assert viewed.detail == "actor=pt-user"


def test_it_shows_fifty_events_a_page_and_keeps_the_filter_on_the_next_page(
    cast: Any, as_user: Any
) -> None:
    for number in range(60):
        event(AuditAction.RECORD_VIEWED, "pt-user", f"REF-{number:04d}")
    client = as_user(cast.admin)
    first = client.get(AUDIT, {"actor": "pt-user"}).content.decode()
    assert len(rows(first)) == 50
    assert "REF-0059" in first
    assert "?actor=pt-user&amp;page=2" in first
    second = client.get(AUDIT, {"actor": "pt-user", "page": 2}).content.decode()
    assert len(rows(second)) == 10
    assert "REF-0000" in second


def test_its_query_count_does_not_grow_with_the_rows(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    event(AuditAction.RECORD_VIEWED, "pt-user", "REF-1")
    client.get(AUDIT)
    with CaptureQueriesContext(connection) as one_row:
        client.get(AUDIT)
    for number in range(40):
        event(AuditAction.RECORD_VIEWED, "pt-user", f"REF-{number}")
    with CaptureQueriesContext(connection) as many_rows:
        page = client.get(AUDIT).content.decode()
    assert len(rows(page)) > 40
    assert len(many_rows.captured_queries) == len(one_row.captured_queries)


def test_only_administrators_can_read_it(cast: Any, as_user: Any, client: Any) -> None:
    for user in (cast.intake, cast.pt, cast.ot, cast.outsider):
        assert as_user(user).get(AUDIT).status_code == 403
    client.logout()
    assert client.get(AUDIT)["Location"].startswith(reverse("clinic:sign_in"))
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_VIEWED).exists()


def test_the_audit_log_page_is_read_only(cast: Any, as_user: Any) -> None:
    client = as_user(cast.admin)
    page = client.get(AUDIT).content.decode()
    assert 'method="post"' not in page.split("<main")[1]
    assert client.post(AUDIT).status_code == 405


def test_no_route_edits_or_deletes_an_audit_event() -> None:
    def names(patterns: list[Any], prefix: str = "") -> list[str]:
        found = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += names(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append(prefix + str(pattern.pattern))
        return found

    audit_routes = [route for route in names(get_resolver().url_patterns) if "audit" in route]
    assert audit_routes == ["clinic/audit/"]


def test_an_audit_event_cannot_be_changed_or_deleted(cast: Any) -> None:
    row = event(AuditAction.RECORD_VIEWED, "pt-user", "ABCD-2345")
    row.detail = "rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=row.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.get(pk=row.pk).detail == ""
