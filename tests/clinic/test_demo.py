"""`wholechild demo`: a demo clinic for trying WholeChild locally, never in production."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from tests.test_settings import production
from wholechild.care.access import role_of
from wholechild.care.models import EvaluationRequest, HomeActivity, Plan

pytestmark = pytest.mark.django_db


def demo_requests() -> Any:
    """The demo's requests (the cast's families may share the database)."""
    return EvaluationRequest.objects.filter(parent_name__startswith="Demo Parent ")


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    rows = [line.split() for line in output.splitlines() if line.startswith("  demo-")]
    return {row[0]: row[1] for row in rows}


def test_it_creates_one_account_per_role_with_the_printed_passwords() -> None:
    passwords = printed_passwords(run_demo())

    assert set(passwords) == {"demo-intake", "demo-pt", "demo-ot", "demo-admin"}
    request = RequestFactory().post("/clinic/sign-in/")
    roles = {}
    for username, password in passwords.items():
        user = authenticate(request, username=username, password=password)
        assert user is not None, username
        roles[username] = role_of(user)
    assert roles == {
        "demo-intake": "intake",
        "demo-pt": "pt",
        "demo-ot": "ot",
        "demo-admin": "admin",
    }


def test_it_adds_forty_clearly_fictional_requests_across_every_urgency() -> None:
    run_demo()

    requests = demo_requests()
    assert requests.count() == 40
    assert set(Counter(r.urgency for r in requests)) == {"urgent", "soon", "routine"}
    assert {r.recommended for r in requests} >= {"pt", "ot", "both"}
    assert all(r.child_first_name.startswith("Demo Child ") for r in requests)
    assert all(r.email.endswith("@example.invalid") for r in requests if r.email)
    assert (
        Plan.objects.filter(request__in=requests)
        .filter(goals__discipline="pt")
        .filter(goals__discipline="ot")
        .exists()
    )


def test_a_child_in_therapy_has_a_plan_as_the_therapists_keep_it() -> None:
    run_demo()

    plan = Plan.objects.filter(request__in=demo_requests(), request__status="in-therapy").first()
    assert plan is not None
    assert {goal.discipline for goal in plan.goals.all()} == {"pt", "ot", "both"}
    assert all(goal.level_much_more for goal in plan.goals.all())
    assert plan.visits.count() == 2
    assert plan.review_date is not None
    assert {part.discipline for part in plan.disciplines.all()} == {"pt", "ot"}
    assert HomeActivity.objects.filter(goal__plan=plan).exists()


def test_running_it_again_resets_the_passwords_and_adds_no_second_copy() -> None:
    first = printed_passwords(run_demo())
    second = printed_passwords(run_demo())

    assert demo_requests().count() == 40
    assert first["demo-pt"] != second["demo-pt"]
    request = RequestFactory().post("/clinic/sign-in/")
    assert authenticate(request, username="demo-pt", password=first["demo-pt"]) is None


def test_it_is_refused_in_production(settings: Any) -> None:
    settings.LOCAL = False
    with pytest.raises(CommandError, match="only runs in local mode"):
        run_demo()
    assert not demo_requests().exists()


def test_the_command_line_refuses_it_in_production(
    wholechild: Any, environment: dict[str, str]
) -> None:
    result = wholechild("demo", env=production(environment))

    assert result.returncode == 1
    assert "refused with DJANGO_ENV=production" in result.stderr
    assert "demo-admin" not in result.stdout


def test_the_command_line_fills_a_local_database(wholechild: Any) -> None:
    result = wholechild("demo")

    assert result.returncode == 0, result.stderr
    assert len(printed_passwords(result.stdout)) == 4
    assert "40 new demo request(s)" in result.stdout
