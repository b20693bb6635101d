"""The inbox: views by where requests stand ("needs action" first: new and contacted, the urgent
first, then soon, then the longest waiting); filters and a search that are POSTed and kept in
the session, never put in a URL; 25 a page; and a fixed number of queries however many requests
there are."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wholechild.care import actions
from wholechild.care.models import (
    URGENCY_RANK,
    Appointment,
    AuditAction,
    AuditEvent,
    ContactAttempt,
    EvaluationRequest,
    Status,
    Urgency,
)

pytestmark = pytest.mark.django_db

INBOX = "/clinic/"
OPEN = "/clinic/?view=open"
numbers = count(1)


def new_request(save: bool = True, **fields: Any) -> EvaluationRequest:
    """A request as the intake service would store it; `save=False` for bulk_create."""
    n = next(numbers)
    values: dict[str, Any] = {
        "reference": f"TEST-{n:06d}",
        "status_token_hash": f"token-{n}",
        "submission_key_hash": f"key-{n}",
        "body_digest": "digest",
        "urgency": Urgency.ROUTINE,
        "recommended": "pt",
        "parent_name": f"Parent {n}",
        "child_first_name": f"Child{n}",
        "child_birth_date": date(2024, 1, 1),
        "preferred_language": "English",
        "consent_at": timezone.now(),
        "content_version": "test",
        "created_at": timezone.now() - timedelta(days=1),
    }
    values.update(fields)
    values["urgency_rank"] = URGENCY_RANK[Urgency(values["urgency"])]
    request = EvaluationRequest(**values)
    request.search_text = request.make_search_text()  # as save() would, for bulk_create
    if save:
        request.save()
    return request


def references_on(response: Any) -> list[str]:
    return re.findall(r'class="reference">([^<]+)</a>', response.content.decode())


def filter_inbox(client: Any, view: str = "open", **filters: str) -> Any:
    """POST the filters as the form does from a view, then follow the redirect back to it."""
    here = INBOX if view == "needs-action" else f"{INBOX}?view={view}"
    body = {"recommended": "", "urgency": "", "assignee": "", "search": ""}
    body.update(filters)
    response = client.post(here, body)
    assert response.status_code == 302
    assert response["Location"] == here
    return client.get(here)


def test_the_inbox_puts_the_urgent_first_then_soon_then_the_longest_waiting(
    cast: Any, as_user: Any
) -> None:
    now = timezone.now()
    EvaluationRequest.objects.all().delete()
    routine_old = new_request(urgency="routine", created_at=now - timedelta(days=9))
    soon_new = new_request(urgency="soon", created_at=now - timedelta(hours=1))
    urgent = new_request(urgency="urgent", created_at=now - timedelta(minutes=5))
    soon_old = new_request(urgency="soon", created_at=now - timedelta(days=3))
    routine_new = new_request(urgency="routine", created_at=now - timedelta(days=1))

    response = as_user(cast.intake).get(INBOX)

    assert references_on(response) == [
        r.reference for r in (urgent, soon_old, soon_new, routine_old, routine_new)
    ]


def test_each_row_shows_the_child_age_recommendation_urgency_status_and_assignees(
    cast: Any, as_user: Any
) -> None:
    response = as_user(cast.intake).get(OPEN)
    row = re.search(
        rf"{cast.family_one.reference}</a>.*?</tr>", response.content.decode(), re.DOTALL
    )
    assert row is not None
    text = row.group(0)
    assert "Mia" in text
    assert "month" in text or "year" in text
    assert "PT" in text
    assert ">Soon<" in text  # in words, not colour alone
    assert "Evaluated" in text
    assert "PT: PT" in text and "OT: OT" in text
    assert "<caption" in response.content.decode()
    assert response.content.decode().count('scope="col"') == 8


def test_a_therapist_sees_only_the_requests_assigned_to_them(cast: Any, as_user: Any) -> None:
    new_request(urgency="urgent")
    response = as_user(cast.ot).get(OPEN)
    assert references_on(response) == [cast.family_one.reference]


def test_the_inbox_shows_open_requests_and_finished_ones_in_a_view_of_their_own(
    cast: Any, as_user: Any
) -> None:
    closed = new_request(status=Status.CLOSED)
    client = as_user(cast.intake)
    assert closed.reference not in references_on(client.get(OPEN))
    assert references_on(client.get(f"{INBOX}?view=finished")) == [closed.reference]


def test_the_inbox_needs_action_view_is_new_and_contacted_requests(cast: Any, as_user: Any) -> None:
    contacted = new_request(status=Status.CONTACTED, urgency="urgent")
    new_request(status=Status.BOOKED, urgency="urgent")
    response = as_user(cast.intake).get(INBOX)
    assert references_on(response) == [contacted.reference, cast.family_two.reference]


def test_the_inbox_filters_by_recommended_discipline(cast: Any, as_user: Any) -> None:
    both = new_request(recommended="both")
    response = filter_inbox(as_user(cast.intake), recommended="both")
    assert references_on(response) == [both.reference]


def test_the_inbox_filters_by_urgency(cast: Any, as_user: Any) -> None:
    urgent = new_request(urgency="urgent")
    response = filter_inbox(as_user(cast.intake), urgency="urgent")
    assert references_on(response) == [urgent.reference]


def test_the_inbox_filters_by_assignee_unassigned_and_me(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    only_ot = new_request(ot_evaluator=cast.ot)
    assert references_on(filter_inbox(client, assignee=str(cast.ot.pk))) == [
        cast.family_one.reference,
        only_ot.reference,
    ]
    assert references_on(filter_inbox(client, assignee=str(cast.pt.pk))) == [
        cast.family_one.reference
    ]
    assert references_on(filter_inbox(client, assignee="unassigned")) == [cast.family_two.reference]
    assert references_on(filter_inbox(client, assignee="me")) == []
    ot_client = as_user(cast.ot)
    assert references_on(filter_inbox(ot_client, assignee="me")) == [
        cast.family_one.reference,
        only_ot.reference,
    ]


def test_the_inbox_finds_a_request_by_part_of_its_reference_in_any_case(
    cast: Any, as_user: Any
) -> None:
    reference = cast.family_two.reference
    response = filter_inbox(as_user(cast.intake), search=reference[2:7].lower())
    assert references_on(response) == [reference]


@pytest.mark.parametrize(
    "typed",
    [
        lambda ref: ref.replace("-", "").lower(),  # "k7m3qxp4": no dash, small letters
        lambda ref: " ".join(ref.replace("-", "")),  # "K 7 M 3 Q X P 4": with spaces
        lambda ref: ref.lower(),  # "k7m3-qxp4"
        lambda ref: ref.replace("-", "")[2:6],  # part of it, across the dash
    ],
    ids=["no-dash-lower-case", "spaces", "lower-case-with-dash", "part-across-the-dash"],
)
def test_the_inbox_finds_a_reference_however_it_is_typed(
    cast: Any, as_user: Any, typed: Any
) -> None:
    reference = cast.family_two.reference
    response = filter_inbox(as_user(cast.intake), search=typed(reference))
    assert references_on(response) == [reference]


def test_the_inbox_finds_a_request_by_the_parents_name_without_putting_it_in_a_url(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    response = client.post(
        INBOX, {"recommended": "", "urgency": "", "assignee": "", "search": "sam SAMP"}
    )
    assert response.status_code == 302
    assert "sam" not in response["Location"].lower()

    page = client.get(INBOX)

    assert references_on(page) == [cast.family_two.reference]
    urls = re.findall(r'(?:href|action)="([^"]*)"', page.content.decode())
    assert urls
    assert not [url for url in urls if "sam" in url.lower()]
    assert 'value="sam SAMP"' in page.content.decode()  # kept in the form, from the session


def test_clearing_the_filters_shows_the_open_requests_again(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    filter_inbox(client, search="nobody by this name")
    assert references_on(client.get(OPEN)) == []
    response = client.post(OPEN, {"clear": "1"})
    assert response["Location"] == OPEN
    assert len(references_on(client.get(OPEN))) == 2


def test_a_filter_that_is_not_offered_is_shown_as_an_error(cast: Any, as_user: Any) -> None:
    response = as_user(cast.intake).post(INBOX, {"urgency": "lost", "search": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_inbox_shows_when_each_request_came_in_as_visible_text(cast: Any, as_user: Any) -> None:
    EvaluationRequest.objects.filter(pk=cast.family_two.request.pk).update(
        created_at=timezone.make_aware(datetime(2026, 3, 9, 10, 30))
    )
    page = as_user(cast.intake).get(INBOX).content.decode()
    assert re.search(
        r'<time class="inbox__received" datetime="2026-03-09T10:30:00[^"]*">'
        r"since 9 Mar 2026</time>",
        page,
    )
    assert "title=" not in page[page.index("<tbody>") :]


# --- The audit of the inbox ------------------------------------------------------------------


def inbox_views() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.INBOX_VIEWED))


def test_opening_the_inbox_is_audited_with_the_filters_used(cast: Any, as_user: Any) -> None:
    as_user(cast.pt).get(INBOX)
    [event] = inbox_views()
    assert event.actor_id == cast.pt.pk
    assert event.detail == "view=open recommended=any urgency=any assignee=any"


def test_the_coordinator_starts_on_what_needs_action_and_a_therapist_on_all_open(
    cast: Any, as_user: Any
) -> None:
    assert references_on(as_user(cast.intake).get(INBOX)) == [cast.family_two.reference]
    assert references_on(as_user(cast.pt).get(INBOX)) == [cast.family_one.reference]


def test_the_audit_says_a_search_was_used_but_never_what_was_searched_for(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.intake)
    filter_inbox(client, search="Sam Sample", urgency="routine", assignee="unassigned")

    [event] = inbox_views()  # the POST saving the filters is not a view of the inbox
    assert event.detail == (
        "view=open recommended=any urgency=routine assignee=unassigned search used"
    )
    assert not AuditEvent.objects.filter(detail__icontains="sam").exists()
    assert not AuditEvent.objects.filter(target__icontains="sam").exists()


def link(response: Any, rel: str) -> str | None:
    """The href of the page's `rel="next"` or `rel="prev"` link, as a browser would follow it."""
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def test_each_page_of_the_inbox_is_audited_by_how_it_was_reached(cast: Any, as_user: Any) -> None:
    for _ in range(26):
        new_request()
    client = as_user(cast.intake)
    first = client.get(INBOX)
    following = link(first, "next")
    assert following is not None
    client.get(INBOX + following)
    client.get(INBOX, {"page": "last"})
    details = sorted(event.detail for event in inbox_views())
    assert details == [
        "view=needs-action recommended=any urgency=any assignee=any",
        "view=needs-action recommended=any urgency=any assignee=any page=last",
        "view=needs-action recommended=any urgency=any assignee=any page=next",
    ]


def test_the_inbox_shows_25_requests_a_page(cast: Any, as_user: Any) -> None:
    for _ in range(28):
        new_request()
    client = as_user(cast.intake)
    first = client.get(INBOX)
    following = link(first, "next")
    assert following is not None and following.startswith("?page=")
    second = client.get(INBOX + following)
    assert len(references_on(first)) == 25
    assert len(references_on(second)) == 4  # 28 and family two: new, so needing action
    assert not set(references_on(first)) & set(references_on(second))
    assert link(second, "next") is None


def inbox_queries(client: Any, how_many: int, cast: Any, view: str = INBOX) -> int:
    """The queries of one page of a view with `how_many` more requests, each with two contact
    attempts and, every other one, a booked evaluation."""
    made = EvaluationRequest.objects.bulk_create(
        [
            new_request(
                save=False,
                urgency=("urgent", "soon", "routine")[n % 3],
                status=(Status.NEW, Status.BOOKED)[n % 2],
                pt_evaluator=cast.pt,
                ot_evaluator=cast.ot if n % 2 else None,
            )
            for n in range(how_many)
        ]
    )
    made = list(EvaluationRequest.objects.filter(reference__in=[r.reference for r in made]))
    ContactAttempt.objects.bulk_create(
        ContactAttempt(request=r, method="phone", outcome=outcome, by_name="INTAKE")
        for r in made
        for outcome in ("no-answer", "reached")
    )
    Appointment.objects.bulk_create(
        Appointment(
            request=r,
            starts_at=r.created_at + timedelta(days=9, minutes=n),
            ends_at=r.created_at + timedelta(days=9, minutes=n + 60),
            pt=cast.pt,
            booked_by_name="INTAKE",
        )
        for n, r in enumerate(made)
        if r.status == Status.BOOKED
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(view)
    assert response.status_code == 200
    assert 0 < len(references_on(response)) <= 25
    return len(queries)


@pytest.mark.parametrize("view", [INBOX, f"{INBOX}?view=booked", OPEN])
@pytest.mark.parametrize("who", ["intake", "pt"])
def test_the_inbox_makes_as_many_queries_for_1000_requests_as_for_10(
    cast: Any, as_user: Any, who: str, view: str
) -> None:
    client = as_user(getattr(cast, who))
    client.get(view)  # the session and the user are warm, as on any later page
    with_10 = inbox_queries(client, 10, cast, view)
    EvaluationRequest.objects.exclude(
        pk__in=[cast.family_one.request.pk, cast.family_two.request.pk]
    ).delete()
    with_1000 = inbox_queries(client, 1000, cast, view)
    assert with_10 == with_1000


def test_a_search_and_filters_cost_no_query_per_row(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    filter_inbox(client, view="needs-action", search="parent", urgency="soon")
    with_10 = inbox_queries(client, 10, cast)
    with_100 = inbox_queries(client, 100, cast)
    assert with_10 == with_100


# --- Search: reference, a parent's or child's name, a phone, an email ------------------------


@pytest.mark.parametrize(
    "typed",
    ["leo", "LEO", "Sam", "sample", "555 0100", "5550100", "(555) 01-00", "0100"],
)
def test_the_search_finds_a_child_parent_or_phone_number_however_written(
    cast: Any, as_user: Any, typed: str
) -> None:
    response = filter_inbox(as_user(cast.intake), search=typed)
    assert references_on(response) == [cast.family_two.reference]


def test_the_search_finds_an_email_in_any_case(cast: Any, as_user: Any) -> None:
    response = filter_inbox(as_user(cast.intake), search="ALEX@example")
    assert references_on(response) == [cast.family_one.reference]


def test_a_number_is_not_looked_for_in_phone_numbers_when_it_is_too_short(
    cast: Any, as_user: Any
) -> None:
    # Saved as the app saves, so that the search text is written again.
    for family, reference, phone in (
        (cast.family_one, "AAAA-BBBB", "555 0177"),
        (cast.family_two, "CCCC-DDDD", None),
    ):
        request = EvaluationRequest.objects.get(pk=family.request.pk)
        request.reference = reference
        request.phone = phone or request.phone
        request.save()
    assert references_on(filter_inbox(as_user(cast.intake), search="77")) == []
    assert references_on(filter_inbox(as_user(cast.intake), search="177")) == ["AAAA-BBBB"]


def test_the_search_finds_a_name_whatever_its_case_or_accents(cast: Any, as_user: Any) -> None:
    accented = new_request(parent_name="José Núñez", child_first_name="Zoë")
    for typed in ("jose nunez", "JOSÉ NÚÑEZ", "núñ", "zoe"):
        response = filter_inbox(as_user(cast.intake), search=typed)
        assert references_on(response) == [accented.reference], typed


def test_the_search_no_longer_finds_a_withdrawn_family_by_name(cast: Any, as_user: Any) -> None:
    actions.do_withdraw(EvaluationRequest.objects.get(pk=cast.family_two.request.pk))
    client = as_user(cast.intake)
    assert references_on(filter_inbox(client, view="finished", search="Sam Sample")) == []
    assert references_on(filter_inbox(client, view="finished", search="555 0100")) == []
    found = filter_inbox(client, view="finished", search=cast.family_two.reference)
    assert references_on(found) == [cast.family_two.reference]


def test_the_search_reads_one_column_and_works_nothing_out_per_row(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    filter_inbox(client, search="(555) 01-00")
    with CaptureQueriesContext(connection) as queries:
        client.get(OPEN)
    searching = [q["sql"] for q in queries if "search_text" in q["sql"]]
    assert searching
    for sql in searching:
        assert "REPLACE(" not in sql.upper() and "UPPER(" not in sql.upper()
        assert '"phone" LIKE' not in sql and '"parent_name" LIKE' not in sql


def test_the_search_never_reaches_a_url_or_the_audit_log(cast: Any, as_user: Any) -> None:
    client = as_user(cast.intake)
    response = client.post(f"{INBOX}?view=open", {"search": "555 0100"})
    assert "555" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert not [u for u in re.findall(r'(?:href|action)="([^"]*)"', page) if "555" in u]
    assert not AuditEvent.objects.filter(detail__contains="555").exists()


# --- What each row says: why, the deadline, the contact attempts --------------------------------


def row_of(response: Any, reference: str) -> str:
    found = re.search(rf"{reference}</a>.*?</tr>", response.content.decode(), re.DOTALL)
    assert found is not None
    return found.group(0)


def test_each_row_says_why_in_a_few_words(cast: Any, as_user: Any) -> None:
    response = as_user(cast.intake).get(OPEN)
    assert "Not yet: walks without holding on to anyone or anything" in row_of(
        response, cast.family_one.reference
    )
    assert "(and 1 more)" in row_of(response, cast.family_one.reference)
    assert "Hand strength, grip, buttons and zippers" in row_of(response, cast.family_two.reference)


def test_an_overdue_request_is_marked_and_counted_at_the_top(cast: Any, as_user: Any) -> None:
    late = new_request(urgency="urgent", created_at=timezone.now() - timedelta(days=8))
    on_time = new_request(urgency="urgent", created_at=timezone.now())

    response = as_user(cast.intake).get(INBOX)

    assert references_on(response)[:2] == [late.reference, on_time.reference]
    assert "Overdue" in row_of(response, late.reference)
    assert "Overdue" not in row_of(response, on_time.reference)
    assert "reach by" in row_of(response, on_time.reference)
    page = response.content.decode()
    assert "1 new request has not been reached within the time" in page


def test_each_row_counts_the_attempts_to_reach_the_family_and_shows_the_last(
    cast: Any, as_user: Any
) -> None:
    for outcome, minutes in (("no-answer", 30), ("left-message", 10)):
        ContactAttempt.objects.create(
            request=cast.family_two.request,
            method="phone",
            outcome=outcome,
            at=timezone.now() - timedelta(minutes=minutes),
            by_name="INTAKE",
        )
    row = row_of(as_user(cast.intake).get(INBOX), cast.family_two.reference)
    assert "2 attempts" in row
    assert "Last: Left a message" in row


def test_the_booked_view_lists_the_soonest_evaluation_first(cast: Any, as_user: Any) -> None:
    later = new_request(status=Status.BOOKED, urgency="urgent")
    sooner = new_request(status=Status.BOOKED, urgency="routine")
    for request, days in ((later, 5), (sooner, 2)):
        Appointment.objects.create(
            request=request,
            starts_at=timezone.now() + timedelta(days=days),
            ends_at=timezone.now() + timedelta(days=days, hours=1),
            pt=cast.pt,
            booked_by_name="INTAKE",
        )
    response = as_user(cast.intake).get(f"{INBOX}?view=booked")
    assert references_on(response) == [sooner.reference, later.reference]
    assert ">Evaluation</th>" in response.content.decode()


def test_each_view_says_how_many_it_holds(cast: Any, as_user: Any) -> None:
    page = as_user(cast.intake).get(INBOX).content.decode()
    assert re.search(r'aria-current="page">Needs action <span[^>]*>1</span>', page)
    assert re.search(r">Evaluated <span[^>]*>1</span>", page)
    assert re.search(r">All open <span[^>]*>2</span>", page)
