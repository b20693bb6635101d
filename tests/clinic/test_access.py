"""Who may open and change the clinic's records: one row per role and family, for every page and
every change, and the audit of every refusal. Family one is assigned to the PT and the OT; family
two is nobody's yet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wholechild.care.models import AuditAction, AuditEvent, Discipline, Goal, Plan

pytestmark = pytest.mark.django_db

PAGES = ["record", "plan", "export", "export_fhir"]
ROLES = ["intake", "pt", "ot", "admin", "outsider"]

# (who, family) -> the status code each page gives them.
PAGE_CODES = {
    ("intake", "family_one"): 200,
    ("intake", "family_two"): 200,
    ("pt", "family_one"): 200,
    ("pt", "family_two"): 404,
    ("ot", "family_one"): 200,
    ("ot", "family_two"): 404,
    ("admin", "family_one"): 404,
    ("admin", "family_two"): 404,
    ("outsider", "family_one"): 403,
    ("outsider", "family_two"): 403,
}

# For each change, what each (role, family) gets: 302 is done (redirected back to the page),
# 403 is refused for that role, 404 is a child they cannot see.
ACTION_CODES: dict[str, dict[tuple[str, str], int]] = {
    "status": {
        ("intake", "family_one"): 302,
        ("intake", "family_two"): 302,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "reopen": {  # neither request is closed, so there is nothing to reopen
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 403,
        ("ot", "family_one"): 403,
    },
    "assign": {
        ("intake", "family_one"): 302,
        ("intake", "family_two"): 302,
        ("pt", "family_one"): 403,
        ("ot", "family_one"): 403,
    },
    "note": {
        ("intake", "family_one"): 302,
        ("intake", "family_two"): 302,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "contact": {
        ("intake", "family_one"): 302,
        ("intake", "family_two"): 302,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "evaluation": {  # family one is evaluated already: its evaluation is no longer booked
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 302,
        ("pt", "family_one"): 403,
        ("ot", "family_one"): 403,
    },
    "evaluation_cancel": {  # neither has an evaluation booked to cancel
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 403,
        ("ot", "family_one"): 403,
    },
    "plan_start": {
        ("intake", "family_one"): 302,
        ("intake", "family_two"): 403,  # not evaluated yet
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "goal_new": {
        ("intake", "family_one"): 403,  # the intake coordinator writes no goals
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "goal_edit": {
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 404,  # the goal is not in family two's plan
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 403,  # a PT goal
    },
    "activity_new": {
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 404,  # the goal is not in family two's plan
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 403,  # a PT goal
    },
    "visit_new": {
        ("intake", "family_one"): 403,  # the intake coordinator records no visits
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "plan_details": {
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 302,
        ("ot", "family_one"): 302,
    },
    "discharge": {  # family one is evaluated, not in therapy: nothing to discharge yet
        ("intake", "family_one"): 403,
        ("intake", "family_two"): 403,
        ("pt", "family_one"): 403,
        ("ot", "family_one"): 403,
    },
}


def expected_for_action(action: str, who: str, family: str) -> int:
    if who == "outsider":
        return 403
    if who == "admin" or (who in ("pt", "ot") and family == "family_two"):
        return 404
    return ACTION_CODES[action][(who, family)]


def action_cases() -> list[tuple[str, str, str, int]]:
    return [
        (action, who, family, expected_for_action(action, who, family))
        for action in ACTION_CODES
        for who in ROLES
        for family in ("family_one", "family_two")
    ]


@pytest.fixture
def pt_goal(cast: Any) -> Goal:
    """Family one's plan, with one physical therapy goal in it."""
    plan = Plan.objects.create(request=cast.family_one.request, created_by=cast.pt)
    return Goal.objects.create(
        plan=plan,
        discipline=Discipline.PT,
        text="Walks ten steps on their own",
        baseline="Cruises along furniture",
        measure="Steps without support",
        target_date=date(2027, 3, 31),
        created_by=cast.pt,
    )


def action_url(action: str, reference: str, goal: Goal) -> str:
    if action in ("goal_edit", "activity_new"):
        return reverse(f"clinic:{action}", args=[reference, goal.pk])
    return reverse(f"clinic:{action}", args=[reference])


def action_body(action: str, cast: Any, who: str, family: str, goal: Goal) -> dict[str, Any]:
    discipline = "ot" if who == "ot" else "pt"
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    prefix = f"goal-{goal.pk}"
    return {
        "status": {"status-to_status": "in-therapy" if family == "family_one" else "contacted"},
        "assign": {"assign-pt_evaluator": cast.pt.pk, "assign-ot_evaluator": cast.ot.pk},
        "note": {"note-text": "Left a voicemail."},
        "contact": {"contact-method": "phone", "contact-outcome": "no-answer", "contact-at": now},
        "evaluation": {
            "evaluation-day": (date.today() + timedelta(days=9)).isoformat(),
            "evaluation-time": "10:00",
            "evaluation-minutes": "60",
            "evaluation-place": "clinic",
            "evaluation-pt": cast.pt.pk,
        },
        "evaluation_cancel": {},
        "plan_start": {},
        "reopen": {},
        "goal_new": {
            "goal-discipline": discipline,
            "goal-text": "Eats with a spoon",
            "goal-baseline": "Uses fingers",
            "goal-measure": "Spoonfuls in a meal",
            "goal-target_date": "2027-06-30",
            "goal-level_much_less": "Uses fingers",
            "goal-level_less": "Holds the spoon",
            "goal-level_expected": "Five spoonfuls",
            "goal-level_more": "Half a meal",
            "goal-level_much_more": "A whole meal",
            "goal-baseline_level": "-2",
            "goal-importance": "1",
            "goal-difficulty": "1",
        },
        "goal_edit": {f"{prefix}-state-state": "active"},
        "activity_new": {"what": "Stand at the sofa for a song", "how_often": "Twice a day"},
        "visit_new": {
            "visit-on": "2027-01-15",
            "visit-discipline": discipline,
            "visit-attendance": "attended",
        },
        "plan_details": {"part-findings": "Walks holding on", "part-sessions_per_week": "2"},
        "discharge": {"recommendations": "Keep walking", "confirm": "on"},
    }[action]


@pytest.mark.parametrize("who", ["intake", "pt", "ot"])
def test_the_intake_coordinator_and_the_therapists_can_open_the_inbox(
    cast: Any, as_user: Any, who: str
) -> None:
    assert as_user(getattr(cast, who)).get(reverse("clinic:inbox")).status_code == 200


@pytest.mark.parametrize("who", ["admin", "outsider"])
def test_the_administrator_and_an_outsider_are_refused_the_inbox(
    cast: Any, as_user: Any, who: str
) -> None:
    assert as_user(getattr(cast, who)).get(reverse("clinic:inbox")).status_code == 403


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "family"), list(PAGE_CODES))
def test_a_record_page_opens_only_for_staff_who_may_see_that_child(
    cast: Any, as_user: Any, page: str, who: str, family: str
) -> None:
    reference = getattr(cast, family).reference
    response = as_user(getattr(cast, who)).get(reverse(f"clinic:{page}", args=[reference]))
    assert response.status_code == PAGE_CODES[(who, family)]


@pytest.mark.parametrize(("action", "who", "family", "expected"), action_cases())
def test_each_change_is_allowed_only_to_the_roles_that_may_make_it(
    cast: Any, as_user: Any, pt_goal: Goal, action: str, who: str, family: str, expected: int
) -> None:
    reference = getattr(cast, family).reference
    response = as_user(getattr(cast, who)).post(
        action_url(action, reference, pt_goal), action_body(action, cast, who, family, pt_goal)
    )
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(f"/clinic/requests/{reference}/")


@pytest.mark.parametrize("page", ["inbox", *PAGES])
def test_someone_not_signed_in_is_sent_to_sign_in(cast: Any, client: Client, page: str) -> None:
    args = [] if page == "inbox" else [cast.family_one.reference]
    response = client.get(reverse(f"clinic:{page}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clinic:sign_in"))


@pytest.mark.parametrize("action", list(ACTION_CODES))
def test_someone_not_signed_in_cannot_change_anything(
    cast: Any, client: Client, pt_goal: Goal, action: str
) -> None:
    response = client.post(
        action_url(action, cast.family_one.reference, pt_goal),
        action_body(action, cast, "pt", "family_one", pt_goal),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clinic:sign_in"))
    assert not Goal.objects.exclude(pk=pt_goal.pk).exists()


def test_a_change_without_the_csrf_token_is_refused(cast: Any) -> None:
    from tests.cast import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), cast.intake)
    response = client.post(
        reverse("clinic:note", args=[cast.family_one.reference]), {"note-text": "Hello"}
    )
    assert response.status_code == 403
    assert not cast.family_one.request.notes.exists()


@pytest.mark.parametrize("page", ["inbox", *PAGES])
def test_staff_pages_are_never_stored_by_the_browser(cast: Any, as_user: Any, page: str) -> None:
    args = [] if page == "inbox" else [cast.family_one.reference]
    response = as_user(cast.intake).get(reverse(f"clinic:{page}", args=args))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_only_change_things_on_a_post(cast: Any, as_user: Any, page: str) -> None:
    url = reverse(f"clinic:{page}", args=[cast.family_one.reference])
    assert as_user(cast.intake).post(url).status_code == 405


# --- Refusals are audited --------------------------------------------------------------------


def refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["pt", "ot", "admin"])
def test_opening_a_record_that_is_not_yours_is_audited_as_refused(
    cast: Any, as_user: Any, page: str, who: str
) -> None:
    user = getattr(cast, who)
    response = as_user(user).get(reverse(f"clinic:{page}", args=[cast.family_two.reference]))

    assert response.status_code == 404
    [event] = refusals()
    assert (event.target, event.actor_id, event.detail) == (
        cast.family_two.reference,
        user.pk,
        page,
    )


def test_a_refused_change_is_audited_even_though_the_change_is_rolled_back(
    cast: Any, as_user: Any
) -> None:
    response = as_user(cast.pt).post(
        reverse("clinic:status", args=[cast.family_two.reference]),
        {"status-to_status": "contacted"},
    )

    assert response.status_code == 404
    [event] = refusals()
    assert (event.target, event.detail) == (cast.family_two.reference, "status")


def test_a_record_you_may_see_is_not_audited_as_refused(cast: Any, as_user: Any) -> None:
    assert as_user(cast.pt).get(reverse("clinic:record", args=[cast.family_one.reference]))
    assert refusals() == []


@pytest.mark.parametrize(
    "typed", ["NOPE-NOPE", "x" * 13, "<script>alert(1)<script>", "Sam Sample moved away"]
)
def test_a_reference_that_does_not_exist_is_not_found_and_nothing_of_it_is_logged(
    cast: Any, as_user: Any, typed: str
) -> None:
    response = as_user(cast.pt).get(reverse("clinic:record", args=[typed]))

    assert response.status_code == 404
    assert refusals() == []
    assert not AuditEvent.objects.filter(target__icontains=typed[:8]).exists()
    assert not AuditEvent.objects.filter(detail__icontains=typed[:8]).exists()


# --- The door: every route of the staff area ---------------------------------------------------

CARE = ("intake", "pt", "ot")
STAFF = ("intake", "pt", "ot", "admin")
ADMIN = ("admin",)
ANYONE = None

# Who each route lets through its door: the roles (any other signed-in user gets 403, audited;
# someone not signed in is sent to sign in), or ANYONE. Which child and which change is then
# the tables above. Every route of the staff area must have a row: a new one without fails.
ROUTES: dict[str, tuple[str, ...] | None] = {
    "sign_in": ANYONE,
    "two_factor": STAFF,
    "two_factor_setup": STAFF,
    "sign_out": ANYONE,
    "password_change": STAFF,
    "inbox": CARE,
    "record": STAFF,
    "status": STAFF,
    "reopen": STAFF,
    "assign": STAFF,
    "note": STAFF,
    "contact": STAFF,
    "evaluation": STAFF,
    "evaluation_cancel": STAFF,
    "evaluations": CARE,
    "figures": ("intake", "admin"),
    "export": STAFF,
    "export_fhir": STAFF,
    "plan": STAFF,
    "plan_start": STAFF,
    "plan_of_care": STAFF,
    "goal_new": STAFF,
    "goal_edit": STAFF,
    "goal_details": STAFF,
    "goal": STAFF,
    "activity_new": STAFF,
    "activity_stop": STAFF,
    "visits": STAFF,
    "visit_new": STAFF,
    "plan_details": STAFF,
    "discharge": STAFF,
    "staff": ADMIN,
    "staff_new": ADMIN,
    "staff_edit": ADMIN,
    "staff_role": ADMIN,
    "staff_active": ADMIN,
    "staff_password": ADMIN,
    "staff_two_factor": ADMIN,
    "settings": ADMIN,
    "audit": ADMIN,
    "emails": ADMIN,
    "email_send_again": ADMIN,
    "api_clients": ADMIN,
    "api_client_new": ADMIN,
    "api_client": ADMIN,
    "api_client_revoke": ADMIN,
}


def _patterns(resolver: URLResolver) -> Iterator[URLPattern]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        else:
            yield entry


def clinic_routes() -> dict[str | None, URLPattern]:
    """Every route of the staff area by name, found in the URL configuration itself."""
    _prefix, resolver = get_resolver().namespace_dict["clinic"]
    return {pattern.name: pattern for pattern in _patterns(resolver)}


def route_url(route: str, cast: Any, goal: Goal) -> str:
    """The route's URL, with family one's reference, its PT goal and the intake coordinator's
    account for whatever the route takes."""
    values = {
        "reference": cast.family_one.reference,
        "goal_id": goal.pk,
        "activity_id": 1,
        "pk": cast.intake.pk,
    }
    takes = clinic_routes()[route].pattern.converters
    return reverse(f"clinic:{route}", kwargs={name: values[name] for name in takes})


def test_every_route_of_the_staff_area_has_a_row_in_the_access_table() -> None:
    found = set(clinic_routes())

    assert None not in found, "every route of the staff area has a name"
    assert found - set(ROUTES) == set(), "routes without a row in ROUTES: who may open them?"
    assert set(ROUTES) - found == set(), "rows in ROUTES for routes that no longer exist"


def test_the_tables_above_name_only_routes_that_exist() -> None:
    assert {"inbox", *PAGES, *ACTION_CODES} <= set(clinic_routes())


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_each_route_lets_in_only_the_roles_in_its_row_and_audits_a_refusal(
    cast: Any, as_user: Any, pt_goal: Goal, route: str, who: str
) -> None:
    door = ROUTES[route]
    response = as_user(getattr(cast, who)).get(route_url(route, cast, pt_goal))

    if door is ANYONE or who in door:
        # Through the door: what they may do there is the tables above (a 403 there is a
        # change their role may not make, a 404 a child they may not see).
        assert not response.get("Location", "").startswith(reverse("clinic:sign_in"))
        assert [event for event in refusals() if not event.target] == []
    else:
        assert response.status_code == 403
        [event] = refusals()
        assert (event.actor_id, event.target) == (getattr(cast, who).pk, "")
        why = "not staff" if who == "outsider" else "not for their role"
        assert event.detail == f"{route} ({why})"


@pytest.mark.parametrize("route", [route for route, door in ROUTES.items() if door is not ANYONE])
def test_each_route_but_signing_in_and_out_sends_someone_not_signed_in_to_sign_in(
    cast: Any, client: Client, pt_goal: Goal, route: str
) -> None:
    response = client.get(route_url(route, cast, pt_goal))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clinic:sign_in"))
    assert refusals() == []


def latest_event() -> int:
    """The id of the audit log's last entry so far (0 for none)."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_therapist_opening_an_administrators_page_is_refused_and_audited_once(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.pt)
    before = latest_event()

    response = client.get(reverse("clinic:staff"))

    assert response.status_code == 403
    [event] = AuditEvent.objects.filter(pk__gt=before)
    assert (event.action, event.actor_id, event.target, event.detail) == (
        AuditAction.ACCESS_REFUSED,
        cast.pt.pk,
        "",
        "staff (not for their role)",
    )


def test_a_therapist_opening_another_childs_record_is_refused_and_audited_once(
    cast: Any, as_user: Any
) -> None:
    client = as_user(cast.pt)
    before = latest_event()

    response = client.get(reverse("clinic:record", args=[cast.family_two.reference]))

    assert response.status_code == 404
    [event] = AuditEvent.objects.filter(pk__gt=before)
    assert (event.action, event.actor_id, event.target, event.detail) == (
        AuditAction.ACCESS_REFUSED,
        cast.pt.pk,
        cast.family_two.reference,
        "record",
    )
