"""The inbox's pages at a clinic network's scale: each page is found from the sort keys of the
row before it (a cursor in `?page=` that holds numbers, never a name), "previous" and "next"
are plain links, the list reads neither snapshot, and the finished view's count stops at a cap.
(docs/decisions.md, "The inbox at a million requests".)"""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.clinic.test_inbox import INBOX, link, new_request, references_on
from tests.scratch_postgres import ON_POSTGRES
from wholechild.care.models import (
    FINISHED,
    Appointment,
    AppointmentState,
    EvaluationRequest,
    Status,
)
from wholechild.clinic.records import selectors

pytestmark = pytest.mark.django_db


def walk(client: Any, url: str, rel: str) -> tuple[list[list[str]], Any]:
    """Every page from `url` on, following its `rel` links as a browser would: the references
    of each page, and the last response."""
    pages = []
    while True:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(references_on(response))
        following = link(response, rel)
        if following is None:
            return pages, response
        url = INBOX + following


def every_page_is_walked_both_ways(client: Any, view: str, expected: list[str]) -> None:
    forwards, last = walk(client, f"{INBOX}?view={view}", "next")
    assert [ref for page in forwards for ref in page] == expected
    assert all(len(page) == 25 for page in forwards[:-1])
    backwards, _ = walk(client, INBOX + (link(last, "prev") or "?"), "prev")
    assert backwards == forwards[-2::-1]


def in_view(*statuses: Status) -> list[EvaluationRequest]:
    return list(EvaluationRequest.objects.filter(status__in=statuses))


def test_next_and_previous_walk_the_open_requests_once_each_in_their_order(
    cast: Any, as_user: Any
) -> None:
    start = timezone.now() - timedelta(days=30)
    for n in range(70):
        # Many share an urgency and an arrival, so the id decides between them.
        new_request(
            urgency=("urgent", "soon", "routine")[n % 3],
            created_at=start + timedelta(hours=n % 4),
            status=(Status.NEW, Status.CONTACTED, Status.IN_THERAPY)[n % 3],
        )
    new_request(status=Status.CLOSED)
    rows = in_view(*(status for status in Status if status not in FINISHED))
    rows.sort(key=lambda row: (row.urgency_rank, row.created_at, row.pk))
    every_page_is_walked_both_ways(as_user(cast.intake), "open", [r.reference for r in rows])


def test_the_booked_view_is_walked_by_evaluation_with_the_unbooked_last(
    cast: Any, as_user: Any
) -> None:
    soon = timezone.now() + timedelta(days=3)
    for n in range(40):
        request = new_request(status=Status.BOOKED, urgency=("urgent", "routine")[n % 2])
        if n % 4:  # a quarter booked before appointments were kept: no time
            Appointment.objects.create(
                request=request,
                starts_at=soon + timedelta(hours=n % 5),
                ends_at=soon + timedelta(hours=n % 5 + 1),
                booked_by_name="INTAKE",
            )
    times = {
        a.request_id: a.starts_at for a in Appointment.objects.filter(state=AppointmentState.BOOKED)
    }
    rows = in_view(Status.BOOKED)
    rows.sort(
        key=lambda row: (
            row.pk not in times,
            times.get(row.pk, soon),
            row.urgency_rank,
            row.created_at,
            row.pk,
        )
    )
    every_page_is_walked_both_ways(as_user(cast.intake), "booked", [r.reference for r in rows])


def test_the_finished_view_is_walked_from_the_latest_change_back(cast: Any, as_user: Any) -> None:
    start = timezone.now() - timedelta(days=10)
    for n in range(55):
        new_request(
            status=(Status.CLOSED, Status.DISCHARGED, Status.WITHDRAWN)[n % 3],
            status_changed_at=start + timedelta(hours=n % 7),
        )
    rows = in_view(*FINISHED)
    rows.sort(key=lambda row: (row.status_changed_at, row.pk), reverse=True)
    every_page_is_walked_both_ways(as_user(cast.intake), "finished", [r.reference for r in rows])


def test_the_last_page_shows_the_last_25_requests_with_a_way_back(cast: Any, as_user: Any) -> None:
    for n in range(60):
        new_request(created_at=timezone.now() - timedelta(hours=60 - n))
    rows = in_view(Status.NEW, Status.CONTACTED)
    rows.sort(key=lambda row: (row.urgency_rank, row.created_at, row.pk))
    response = as_user(cast.intake).get(INBOX, {"page": "last"})
    assert references_on(response) == [row.reference for row in rows[-25:]]
    assert link(response, "next") is None
    assert link(response, "prev") is not None
    assert 'href="?">First page<' in response.content.decode()


def test_going_back_to_the_start_shows_a_whole_first_page(cast: Any, as_user: Any) -> None:
    for _ in range(30):
        new_request()
    client = as_user(cast.intake)
    first = references_on(client.get(INBOX))
    last = client.get(INBOX, {"page": "last"})  # 31 requests: the last 25 overlap the first
    back = client.get(INBOX + (link(last, "prev") or ""))
    assert references_on(back) == first
    assert link(back, "prev") is None


def test_the_cursor_holds_only_sort_keys_never_a_name_or_reference(cast: Any, as_user: Any) -> None:
    for _ in range(30):
        new_request(parent_name="Rosalind Privacy", child_first_name="Quill")
    response = as_user(cast.intake).get(INBOX)
    following = link(response, "next")
    assert following is not None
    cursor = following.removeprefix("?page=")
    text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    assert re.fullmatch(r"a[0-9]+\.[0-9]+\.[0-9]+", text)  # after: rank, arrival, id
    for secret in ("Rosalind", "Quill", *references_on(response)):
        assert secret.lower() not in (cursor + text).lower()


@pytest.mark.parametrize(
    "page",
    [
        "2",  # a page number, from before pages had cursors
        "not a cursor!",
        base64.urlsafe_b64encode(b"a1.2").decode(),  # too few keys for the view
        base64.urlsafe_b64encode(b"a" + b"9" * 200).decode(),
        base64.urlsafe_b64encode(b"a0.999999999999999999999.1").decode(),  # beyond any time
    ],
    ids=["page-number", "not-base64", "too-few-keys", "too-long", "no-such-time"],
)
def test_anything_that_is_not_a_cursor_shows_the_first_page(
    cast: Any, as_user: Any, page: str
) -> None:
    for _ in range(30):
        new_request()
    client = as_user(cast.intake)
    response = client.get(INBOX, {"page": page})
    assert response.status_code == 200
    assert references_on(response) == references_on(client.get(INBOX))


def test_a_cursor_past_every_request_shows_the_last_page(cast: Any, as_user: Any) -> None:
    made = [new_request() for _ in range(30)]
    client = as_user(cast.intake)
    following = link(client.get(INBOX), "next")
    EvaluationRequest.objects.filter(pk__in=[r.pk for r in made[-10:]]).delete()
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(status=Status.CLOSED)
    response = client.get(INBOX + (following or ""))
    assert references_on(response) == references_on(client.get(INBOX, {"page": "last"}))


def test_the_list_reads_neither_snapshot_only_the_answers_reasons(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX)
    assert "Hand strength, grip, buttons and zippers" in response.content.decode()
    (listing,) = [q["sql"] for q in queries if re.search(r"LIMIT 26\b", q["sql"])]
    assert "screening_request" not in listing
    # The answer only as its reasons: JSON_EXTRACT(…, '$."reasons"') or (… -> 'reasons').
    answer = re.findall(r"""screening_answer"(, '\$\."reasons"'| -> 'reasons')?""", listing)
    assert answer and all(answer)

    page = selectors.inbox_page(cast.intake, {}, selectors.INBOX_VIEWS["open"], None)
    for row in page.requests:
        assert {"screening_request", "screening_answer"} <= row.get_deferred_fields()


def test_the_finished_view_is_counted_up_to_a_cap_and_then_says_more(
    cast: Any, as_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for _ in range(5):
        new_request(status=Status.CLOSED)
    client = as_user(cast.intake)
    page = client.get(INBOX).content.decode()
    assert re.search(r">Finished <span[^>]*>3\+</span>", page)
    assert re.search(r">All open <span[^>]*>2</span>", page)  # the open are counted exactly
    finished = client.get(INBOX, {"view": "finished"}).content.decode()
    assert "Finished: 3+ requests." in finished


def test_the_counts_never_count_every_finished_request(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as queries:
        client.get(INBOX)
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 3  # the open views, the finished view, the overdue
    for sql in counting:
        where = sql.split(' FROM "clinic_evaluationrequest"', 1)[1]
        only_open = re.match(r' WHERE \(*NOT \("clinic_evaluationrequest"\."status" IN', where)
        only_new = re.match(r""" WHERE \(*"clinic_evaluationrequest"\."status" = 'new'""", where)
        stops = f"LIMIT {selectors.COUNT_CAP + 1}" in where
        assert only_open or only_new or stops, sql


# --- On PostgreSQL, the indexes that answer them -------------------------------------------------


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        # Forbid what a table this small would make cheaper, to see what the index can do.
        for setting in (
            "enable_seqscan",
            "enable_sort",
            "enable_incremental_sort",
            "enable_bitmapscan",
        ):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(not ON_POSTGRES, reason="the indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("view", "index"),
    [
        ("needs-action", "request_open_order"),
        ("open", "request_open_order"),
        ("finished", "request_finished_order"),
    ],
)
def test_on_postgresql_every_page_is_read_in_order_from_an_index(
    cast: Any, as_user: Any, view: str, index: str
) -> None:
    for _ in range(30):
        new_request(status=Status.CLOSED if view == "finished" else Status.NEW)
    client = as_user(cast.intake)
    following = link(client.get(INBOX, {"view": view}), "next")
    for query in ({"view": view}, {"view": view, "page": "last"}, None):
        with CaptureQueriesContext(connection) as queries:
            if query is None:
                client.get(INBOX + (following or ""))
            else:
                client.get(INBOX, query)
        (listing,) = [q["sql"] for q in queries if re.search(r"LIMIT 26\b", q["sql"])]
        plan = plan_of(listing)
        assert index in plan
        assert "Sort" not in plan


@pytest.mark.skipif(not ON_POSTGRES, reason="the trigram index is PostgreSQL's")
def test_on_postgresql_the_search_is_answered_by_the_trigram_index(cast: Any) -> None:
    found = selectors.filtered(cast.intake, {"search": "555 0100"})
    with connection.cursor() as cursor:
        # Forbid what a table this small would make cheaper: reading it all, in any order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "request_search_trgm" in found.explain()
    assert found.get() == cast.family_two.request
