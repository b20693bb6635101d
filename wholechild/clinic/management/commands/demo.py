"""Fill the local database with a demo clinic: one account per role and forty requests.

    wholechild demo

Everything is clearly fictional ("Demo Parent 07", example.invalid addresses). The passwords are
new each run and printed once. It refuses to run with DJANGO_ENV=production: printed passwords
and invented families have no place in a real clinic's database. Running it again resets the
demo passwords and adds no second copy of the requests.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wholechild.care import actions, intake
from wholechild.care.models import (
    AppointmentPlace,
    ContactMethod,
    ContactOutcome,
    Discipline,
    EvaluationRequest,
    GoalDiscipline,
    GoalState,
    Role,
    StaffProfile,
    Status,
)

REQUESTS = 40
SATURDAY = 5
ACCOUNTS = {
    "demo-intake": Role.INTAKE,
    "demo-pt": Role.PT,
    "demo-ot": Role.OT,
    "demo-admin": Role.ADMIN,
}
# What the demo families told the check: every urgency, and PT, OT, both and keep watching.
SCREENINGS: list[dict[str, Any]] = [
    {"age_months": 30, "red_flags": ["lost-skills"]},
    {
        "age_months": 20,
        "milestones": {"walks-alone": "not-yet", "takes-few-steps": "not-yet"},
    },
    {"age_months": 84, "concerns": ["handwriting-scissors", "hand-skills"]},
    {"age_months": 48, "concerns": ["balance-coordination", "hand-skills"]},
    {"age_months": 5, "concerns": ["head-tilt"]},
    {"age_months": 36, "concerns": ["in-toeing"]},
]
# How far along each demo request is, in turn.
STAGES = [Status.NEW] * 4 + [
    Status.CONTACTED,
    Status.BOOKED,
    Status.EVALUATED,
    Status.IN_THERAPY,
    Status.CLOSED,
]


class Command(BaseCommand):
    help = "Fill the local database with a demo clinic (refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.LOCAL:
            raise CommandError(
                "wholechild demo only runs in local mode: it prints passwords and invents "
                "families. Unset DJANGO_ENV=production to try it on your own machine."
            )
        with transaction.atomic():
            staff, passwords = self._accounts()
            created = self._requests(staff)
        self.stdout.write("Demo clinic ready. Sign in at /clinic/sign-in/ as:\n")
        for username, password in passwords.items():
            role = Role(ACCOUNTS[username]).label
            self.stdout.write(f"  {username:<12} {password}   ({role})")
        self.stdout.write(
            "\nThe administrator sets up two-factor at first sign-in (any TOTP app).\n"
            f"{created} new demo request(s); {REQUESTS} in all.\n"
        )

    def _accounts(self) -> tuple[dict[str, Any], dict[str, str]]:
        User = get_user_model()
        staff: dict[str, Any] = {}
        passwords: dict[str, str] = {}
        for username, role in ACCOUNTS.items():
            user, _created = User.objects.get_or_create(
                username=username, defaults={"first_name": "Demo", "last_name": str(role.label)}
            )
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_active = True
            user.save()
            StaffProfile.objects.update_or_create(user=user, defaults={"role": role})
            staff[role] = user
            passwords[username] = password
        return staff, passwords

    def _requests(self, staff: dict[str, Any]) -> int:
        now = timezone.now()
        created = 0
        for number in range(1, REQUESTS + 1):
            screening = SCREENINGS[number % len(SCREENINGS)]
            months = screening["age_months"]
            details = {
                "parent_name": f"Demo Parent {number:02d}",
                "email": f"demo{number:02d}@example.invalid",
                "phone": "" if number % 3 else f"555 01{number:02d}",
                "child_first_name": f"Demo Child {number:02d}",
                # Fixed, not "today minus the age", so that a second run is a true replay.
                "child_birth_date": date(2026, 1, 1) - timedelta(days=months * 30),
                "preferred_language": "Español" if number % 7 == 0 else "English",
                "best_time_to_call": "Weekday mornings" if number % 2 else "",
            }
            try:
                sent = actions.do_submit_request(
                    details=details,
                    screening=screening,
                    submission_key=f"demo-{number:02d}",
                    notify=False,
                    received_at=now - timedelta(hours=11 * number),
                )
            except intake.IdempotencyConflict:
                continue
            if not sent.created:
                continue
            created += 1
            self._progress(sent.request, STAGES[number % len(STAGES)], staff)
        return created

    def _progress(self, request: EvaluationRequest, stage: Status, staff: dict[str, Any]) -> None:
        """Walk the request along the path to `stage`, its steps spread over its time so far."""
        path = [Status.CONTACTED, Status.BOOKED, Status.EVALUATED, Status.IN_THERAPY]
        if stage == Status.CLOSED:
            steps = [Status.CONTACTED, Status.CLOSED]
        elif stage in path:
            steps = path[: path.index(stage) + 1]
        else:
            steps = []
        coordinator = staff[Role.INTAKE]
        if stage == Status.NEW and request.pk % 2:
            actions.do_log_contact(
                request,
                method=ContactMethod.PHONE,
                outcome=ContactOutcome.NO_ANSWER,
                at=request.created_at + timedelta(hours=2),
                by=coordinator,
            )
        waited = timezone.now() - request.created_at
        for number, step in enumerate(steps, start=1):
            at = request.created_at + waited * number / (len(steps) + 1)
            if step == Status.CONTACTED:
                actions.do_log_contact(
                    request,
                    method=ContactMethod.PHONE,
                    outcome=ContactOutcome.REACHED,
                    at=at,
                    by=coordinator,
                )
            elif step == Status.BOOKED:
                self._book(request, stage, staff, at)
            else:
                actions.do_move_status(
                    request,
                    to=step,
                    by=coordinator,
                    reason="The family found another clinic" if step == Status.CLOSED else "",
                    at=at,
                )
        if stage == Status.IN_THERAPY:
            self._plan(request, staff)

    def _book(
        self, request: EvaluationRequest, stage: Status, staff: dict[str, Any], at: datetime
    ) -> None:
        """The evaluation with the demo PT and OT: to come for a request still booked (on a
        weekday, one request an hour), an hour after the step for one already evaluated."""
        coordinator = staff[Role.INTAKE]
        if stage == Status.BOOKED:
            day = timezone.localdate() + timedelta(days=1 + request.pk % 4)
            while day.weekday() >= SATURDAY:
                day += timedelta(days=1)
            starts = timezone.make_aware(datetime.combine(day, time(9 + request.pk % 7)))
        else:
            actions.do_move_status(request, to=Status.BOOKED, by=coordinator, at=at)
            starts = at + timedelta(hours=1)
        for _slot in range(24):
            booking = actions.Booking(
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                place=AppointmentPlace.CLINIC,
                pt=staff[Role.PT],
                ot=staff[Role.OT],
                family_note="Please bring comfortable clothes and any reports you have.",
            )
            try:
                actions.do_book_evaluation(request, booking=booking, by=coordinator, notify=False)
                return
            except actions.Clash:
                starts += timedelta(hours=1)

    def _plan(self, request: EvaluationRequest, staff: dict[str, Any]) -> None:
        """A plan as the therapists keep it: a PT goal, an OT goal and a shared one, each with
        its five levels; the plan of care; two visits with the levels reached; and something
        for the family to do at home (docs/shared-plan.md)."""
        pt, ot = staff[Role.PT], staff[Role.OT]
        actions.do_start_plan(request, by=pt)
        today = timezone.localdate()
        target = today + timedelta(weeks=12)
        walking = actions.do_add_goal(
            request,
            discipline=Discipline.PT,
            text="Walks ten steps on their own across the playroom",
            baseline="Walks two steps holding one hand",
            measure="Steps walked without help, best of three tries",
            target_date=target,
            state=GoalState.ACTIVE,
            level_much_less="Two steps holding one hand",
            level_less="Five steps holding one hand",
            level_expected="Ten steps on their own",
            level_more="Ten steps on their own, and stops without falling",
            level_much_more="Walks across the playroom and back, carrying a toy",
            by=pt,
        )
        spoon = actions.do_add_goal(
            request,
            discipline=Discipline.OT,
            text="Feeds themself with a spoon for half a meal",
            baseline="Holds the spoon, needs help to scoop",
            measure="Spoonfuls brought to the mouth without help in one meal",
            target_date=target,
            state=GoalState.ACTIVE,
            level_much_less="Holds the spoon; an adult scoops",
            level_less="Scoops and eats a few spoonfuls",
            level_expected="Half a meal without help",
            level_more="Most of a meal without help",
            level_much_more="A whole meal, with little spilled",
            importance=2,
            by=ot,
        )
        dressing = actions.do_add_goal(
            request,
            discipline=GoalDiscipline.BOTH,
            text="Pulls on trousers standing, holding on with one hand",
            baseline="Dressed sitting on the floor",
            measure="Trousers pulled up while standing, in the session",
            target_date=target,
            level_much_less="Dressed sitting on the floor",
            level_less="Stands holding on while an adult pulls them up",
            level_expected="Pulls them up standing, holding on with one hand",
            level_more="Pulls them up standing, without holding on",
            level_much_more="Dresses lower half standing, without help",
            by=ot,
        )
        for part, who, findings in (
            (Discipline.PT, pt, "Walks with one hand held; low muscle tone in the trunk."),
            (Discipline.OT, ot, "Whole-hand grasp; needs help with feeding and dressing."),
        ):
            actions.do_update_plan_discipline(
                request,
                discipline=part,
                findings=findings,
                sessions_per_week=1,
                weeks=12,
                minutes=45,
                by=who,
            )
        actions.do_set_review_date(request, review_date=today + timedelta(weeks=6), by=pt)
        actions.do_record_visit(
            request,
            on=today - timedelta(days=7),
            discipline=Discipline.PT,
            attendance="attended",
            worked_on="Walking between two benches",
            response="Enjoyed it; tired after ten minutes",
            next_time="Walking on the mat",
            levels={walking.pk: -1},
            by=pt,
        )
        actions.do_record_visit(
            request,
            on=today - timedelta(days=2),
            discipline=GoalDiscipline.BOTH,
            attendance="attended",
            worked_on="Snack time with a spoon; trousers at the bench",
            levels={spoon.pk: 0, dressing.pk: -1},
            by=ot,
        )
        actions.do_add_home_activity(
            walking,
            what="Hold one hand lightly while your child walks from the sofa to you",
            how_often="A few minutes, twice a day",
            watch_for="Tired legs or stumbling: stop and play sitting down",
            by=pt,
        )
