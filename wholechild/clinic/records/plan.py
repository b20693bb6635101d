"""The shared plan's pages: the plan (goals by discipline, shared goals, the T-scores, the
latest visits), a goal's own page with all its levels, and the pages that change it: a new
goal, a goal's details and state, a visit with the levels reached, a home activity, a
discipline's part of the plan of care with the review date, and the discharge.

Every form has a page of its own, so the plan itself is read, not filled in: a plan of sixty
goals is sixty cards, not ninety forms. Who may do what: `rules`; the writes: `actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wholechild.care import actions, audit, gas, rules
from wholechild.care.access import discipline_of
from wholechild.care.models import (
    Attendance,
    AuditAction,
    Discipline,
    EvaluationRequest,
    Goal,
    GoalDiscipline,
    GoalState,
    HomeActivity,
    Plan,
    PlanDiscipline,
    ProgressEntry,
    disciplines_of,
)
from wholechild.clinic.access import StaffRequest, staff_view

from . import plan_forms as forms
from .chart import Chart, chart
from .views import _acting, _atomic_change, _find, _find_for_update

# How many levels a goal's card lists on the plan; its own page lists them all.
LATEST_LEVELS = 3
# How many visits the plan lists; the visits page lists them all.
LATEST_VISITS = 5

SECTIONS = (
    (GoalDiscipline.PT, "pt-goals"),
    (GoalDiscipline.OT, "ot-goals"),
    (GoalDiscipline.BOTH, "shared-goals"),
)


def _plan_of(evaluation: EvaluationRequest) -> Plan:
    plan = Plan.objects.filter(request=evaluation).first()
    if plan is None:
        raise Http404
    return plan


class Level(NamedTuple):
    """A level recorded on a goal, as its card shows it."""

    at: datetime
    gas_score: int
    by_name: str


def levels_of(goals: Iterable[Goal]) -> dict[int, list[Level]]:
    """The levels recorded on each of these goals (by the goal's id), oldest first, in one
    query: as tuples rather than models, since a long plan has a thousand of them and its cards
    need only when, which and by whom."""
    found: dict[int, list[Level]] = {goal.pk: [] for goal in goals}
    rows = (
        ProgressEntry.objects.filter(goal_id__in=list(found))
        .order_by("at", "pk")
        .values_list("goal_id", "at", "gas_score", "by_name")
    )
    for goal_id, at, gas_score, by_name in rows:
        found[goal_id].append(Level(at, gas_score, by_name))
    return found


def activities_of(goals: Iterable[Goal]) -> dict[int, list[HomeActivity]]:
    """The home activities still going of each of these goals (by the goal's id), in one
    query. (A prefetch would make a queryset for every goal to hold them.)"""
    found: dict[int, list[HomeActivity]] = {goal.pk: [] for goal in goals}
    for activity in HomeActivity.objects.filter(goal_id__in=list(found), stopped=False):
        found[activity.goal_id].append(activity)
    return found


@dataclass(frozen=True)
class PlannedGoal:
    """A goal with the levels recorded on it, oldest first, and its home activities still
    going: what its card shows, and what the T-scores need of it (`gas.Levelled`)."""

    goal: Goal
    entries: list[Level]
    activities: list[HomeActivity]

    @property
    def weight(self) -> int:
        return self.goal.weight

    @property
    def state(self) -> str:
        return self.goal.state

    @property
    def baseline_level(self) -> int:
        return self.goal.baseline_level

    @property
    def disciplines(self) -> frozenset[Discipline]:
        return self.goal.disciplines

    def recorded(self) -> list[int]:
        return [entry.gas_score for entry in self.entries]


def planned(goals: list[Goal]) -> list[PlannedGoal]:
    """These goals with their levels (oldest first) and home activities, in two queries."""
    levels, activities = levels_of(goals), activities_of(goals)
    return [PlannedGoal(goal, levels[goal.pk], activities[goal.pk]) for goal in goals]


def planned_goals(plan: Plan | None) -> list[PlannedGoal]:
    """The plan's goals with their levels (oldest first) and home activities, in three
    queries."""
    return planned(list(plan.goals.all())) if plan is not None else []


def goal_chart(goal: Goal, entries: Iterable[Level]) -> Chart:
    return chart(
        start=goal.created_at.date(),
        target=goal.target_date,
        baseline_level=goal.baseline_level,
        recorded=[(entry.at.date(), entry.gas_score) for entry in entries],
    )


# A stand-in id, reversed in an address and then replaced by each goal's (or activity's) own.
_SOME_ID = 2_147_483_647


def _addresses(name: str, reference: str) -> Callable[[int], str]:
    """reverse(name, args=[reference, id]) for any id, from one reverse(): the id comes after
    the reference, so the stand-in's last occurrence is where it goes."""
    head, _id, tail = reverse(name, args=[reference, _SOME_ID]).rpartition(str(_SOME_ID))
    return lambda pk: f"{head}{pk}{tail}"


# A row of a card's table of levels: the day (for `<time datetime>`, and in words), the level
# and who recorded it.
_ROW = '<tr><td><time datetime="{}">{}</time></td><td class="gas">{}</td><td>{}</td></tr>'


class Cards:
    """The goals' cards of one page: on the plan, each compact with its latest levels; on a
    goal's own page, with `every` level. A plan of sixty goals is sixty cards, so each card
    costs what it shows: its words are put together here rather than by the template's
    `{% blocktranslate %}`, and what many cards share is worked out once a page: the addresses
    (one reverse() each), and a date, a level or a state in words, escaped once."""

    def __init__(self, user: Any, evaluation: EvaluationRequest, *, every: bool) -> None:
        self.user = user
        self.evaluation = evaluation
        self.every = every
        reference = evaluation.reference
        self.goal_url = _addresses("clinic:goal", reference)
        self.details_url = _addresses("clinic:goal_details", reference)
        self.activity_url = _addresses("clinic:activity_new", reference)
        self.stop_url = _addresses("clinic:activity_stop", reference)
        self.zone = timezone.get_current_timezone()
        self._said: dict[Hashable, SafeString] = {}
        # What every card says of its goal, translated once.
        self.chart_title = _("Levels over time for: %(goal)s. The table gives the same levels.")
        self.caption = _("Levels recorded for: %(goal)s")

    def once(self, key: Hashable, make: Callable[[], str]) -> SafeString:
        """`make()`, escaped, worked out once a page for each key."""
        found = self._said.get(key)
        if found is None:
            found = self._said[key] = escape(make())
        return found

    def label(self, goal: Goal, level: int) -> SafeString:
        """A level with its words and the goal's own, as "+1: Somewhat more than expected:
        Fifteen steps alone" (`forms.goal_level`)."""
        return self.once(("level", goal.pk, level), lambda: forms.goal_level(goal, level))

    def day(self, on: date, format: str) -> SafeString:
        """A day as the template's `|date:format` writes it."""
        return self.once(("day", on, format), lambda: date_format(on, format))

    def card(self, planned: PlannedGoal) -> dict[str, Any]:
        """What a goal's card shows: its words, levels, chart, the levels recorded (the latest
        few, or every one), its home activities, and the links this user may follow."""
        goal, entries = planned.goal, planned.entries
        editable = rules.may_change_goal(self.user, goal, self.evaluation)
        words = forms.goal_words(goal)
        anchor = f"goal-{goal.pk}"
        shown = entries if self.every else entries[-LATEST_LEVELS:]
        more = len(entries) - len(shown)
        latest = gas.latest(planned)
        target = goal.target_date
        return {
            "goal": goal,
            # The plan's cards are compact: the goal's own page has the rest.
            "compact": not self.every,
            "id": escape(anchor),
            "text": linebreaksbr(goal.text),
            # Escaped once, for the places the card names the goal.
            "words": escape(words),
            "state": goal.state,
            "state_label": self.once(
                ("state", goal.state), lambda: str(GoalState(goal.state).label)
            ),
            "latest": self.once(
                ("now at", goal.pk, latest),
                lambda: _("Now at %(level)s") % {"level": forms.goal_level(goal, latest)},
            )
            if entries
            else "",
            "target": self.once(
                ("target", target),
                lambda: _("Target date: %(on)s") % {"on": date_format(target, "j F Y")},
            ),
            # The five levels in words are on the goal's own page.
            "levels": [
                (forms.sign(level), said, level == goal.baseline_level)
                for level, said in goal.levels()
            ]
            if self.every
            else [],
            "chart": goal_chart(goal, entries).svg(
                title_id=f"{anchor}-chart", title=self.chart_title % {"goal": words}
            ),
            "caption": self.caption % {"goal": words} if shown else "",
            # The table's rows, newest first: three on the plan, a goal's page has them all.
            "rows": format_html_join(
                "", _ROW, [self._entry(goal, entry) for entry in reversed(shown)]
            ),
            "more": self.once(
                ("more", more),
                lambda: (
                    ngettext("And %(total)s earlier level", "And %(total)s earlier levels", more)
                    % {"total": more}
                ),
            )
            if more
            else "",
            "activities": [self._activity(activity, editable) for activity in planned.activities],
            # The state's form is on the goal's own page: the plan is read, not filled in.
            "state_form": forms.goal_state_form(goal) if editable and self.every else None,
            "details_url": self.details_url(goal.pk) if editable else None,
            "activity_url": self.activity_url(goal.pk) if editable else None,
            "url": escape(self.goal_url(goal.pk)),
        }

    def _entry(self, goal: Goal, entry: Level) -> tuple[str, str, str, str]:
        """What a row of the card's table says (`_ROW`)."""
        on = timezone.localtime(entry.at, self.zone).date()
        return (
            self.day(on, "Y-m-d"),
            self.day(on, "j M Y"),
            self.label(goal, entry.gas_score),
            self.once(("by", entry.by_name), lambda: entry.by_name),
        )

    def _activity(self, activity: HomeActivity, editable: bool) -> dict[str, Any]:
        watch_for = activity.watch_for
        return {
            "what": linebreaksbr(activity.what),
            "short": Truncator(activity.what).chars(50),
            "how_often": _("How often: %(often)s") % {"often": activity.how_often},
            "watch_for": _("Watch for: %(watch)s") % {"watch": watch_for} if watch_for else "",
            "stop_url": self.stop_url(activity.pk) if editable else "",
        }


def scores_of(goals: Iterable[gas.Levelled]) -> dict[str, Any]:
    """Goals' T-scores as staff read them: at the start, now, the change, and how many count."""
    scores = gas.plan_scores(goals)
    return {
        "goals": scores.goals,
        "baseline": gas.rounded(scores.baseline),
        "now": gas.rounded(scores.now),
        "change": "–" if scores.change is None else f"{scores.change:+.1f}",
    }


def scores_table(goals: list[PlannedGoal]) -> list[dict[str, Any]]:
    """The T-scores of each discipline's goals (a shared goal counts for both) and of the
    whole plan, at the start and now."""
    named = [
        (discipline.label, [goal for goal in goals if discipline in goal.disciplines])
        for discipline in Discipline
    ]
    return [
        {"name": name, **scores_of(counted)} for name, counted in [*named, (_("Whole plan"), goals)]
    ]


def _render_plan(request: StaffRequest, evaluation: EvaluationRequest) -> HttpResponse:
    audit.record(AuditAction.PLAN_VIEWED, request=request, target=evaluation.reference)
    user = request.user
    plan = Plan.objects.filter(request=evaluation).first()
    goals = planned_goals(plan)
    maker = Cards(user, evaluation, every=False)
    cards = [maker.card(goal) for goal in goals]
    sections = [
        {
            "discipline": discipline,
            "id": anchor,
            "cards": [card for card in cards if card["goal"].discipline == discipline],
        }
        for discipline, anchor in SECTIONS
    ]
    own = discipline_of(user)
    writable = plan is not None and evaluation.plan_is_writable and not plan.is_discharged
    visits = list(plan.visits.all()[: LATEST_VISITS + 1]) if plan else []
    parts = {part.discipline: part for part in plan.disciplines.all()} if plan else {}
    return render(
        request,
        "clinic/records/plan.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "withdrawn": evaluation.is_withdrawn,
            "plan": plan,
            "sections": sections,
            "goals": goals,
            "scores": scores_table(goals) if goals else [],
            "parts": [(discipline, parts.get(discipline.value)) for discipline in Discipline],
            "visits": visits[:LATEST_VISITS],
            "more_visits": len(visits) > LATEST_VISITS,
            "can_start": plan is None and rules.may_start_plan(user, evaluation),
            "writable": writable,
            "own": own,
            "can_add_goal": writable and rules.may_add_goal(user, evaluation),
            "can_record_visit": writable and rules.may_record_visit(user, evaluation),
            "can_write_plan": writable and rules.may_write_plan_of_care(user, evaluation),
            "can_discharge": plan is not None
            and not plan.is_discharged
            and rules.may_discharge(user, evaluation),
        },
    )


@staff_view()
@require_safe
def plan(request: StaffRequest, reference: str) -> HttpResponse:
    return _render_plan(request, _find(request, reference))


@staff_view()
@require_POST
@_atomic_change
def plan_start(request: StaffRequest, reference: str) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    if not rules.may_start_plan(request.user, evaluation):
        raise PermissionDenied
    _plan, created = actions.do_start_plan(evaluation, **_acting(request))
    if created:
        messages.success(request, _("Plan started."))
    return redirect("clinic:plan", reference=evaluation.reference)


def _plan_url(evaluation: EvaluationRequest, goal: Goal | None = None) -> str:
    url = reverse("clinic:plan", kwargs={"reference": evaluation.reference})
    return url + (f"#goal-{goal.pk}" if goal else "")


def _page(
    request: StaffRequest,
    evaluation: EvaluationRequest,
    template: str,
    detail: str,
    form: Any,
    **context: Any,
) -> HttpResponse:
    """One of the plan's form pages, audited as a view of the plan."""
    audit.record(
        AuditAction.PLAN_VIEWED, request=request, target=evaluation.reference, detail=detail
    )
    return render(
        request,
        template,
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "form": form,
            "back": _plan_url(evaluation, context.get("goal")),
            "problems": form.problems() if form.is_bound else [],
            **context,
        },
    )


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def goal_new(request: StaffRequest, reference: str) -> HttpResponse:
    """A new goal with its five levels and weight: the therapist's own or a shared one."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_add_goal(request.user, evaluation):
        raise PermissionDenied
    _plan_of(evaluation)
    allowed = rules.goal_disciplines_for(request.user)
    if request.method != "POST":
        form = forms.GoalForm(allowed=allowed, prefix="goal")
    else:
        if request.POST.get("goal-discipline") not in (None, *allowed):
            raise PermissionDenied  # a PT adding an OT goal, or the other way round
        form = forms.GoalForm(request.POST, allowed=allowed, prefix="goal")
        if form.is_valid():
            goal = actions.do_add_goal(evaluation, **form.cleaned_data, **_acting(request))
            messages.success(request, _("Goal added."))
            return redirect(_plan_url(evaluation, goal))
    return _page(request, evaluation, "clinic/records/goal_new.html", "new goal page", form)


def _own_goal(
    request: StaffRequest, reference: str, goal_id: int
) -> tuple[EvaluationRequest, Goal]:
    """The request (locked, inside a change) and one of its goals this user may change."""
    evaluation = _find_for_update(request, reference)
    goal = get_object_or_404(Goal, pk=goal_id, plan__request=evaluation)
    if not rules.may_change_goal(request.user, goal, evaluation):
        raise PermissionDenied
    return evaluation, goal


def _render_goal(
    request: StaffRequest,
    evaluation: EvaluationRequest,
    goal_id: int,
    *,
    state_form: forms.GoalStateForm | None = None,
) -> HttpResponse:
    """A goal's own page: its levels in words, its details, its chart, every level recorded
    and, for its therapists, the form of its state (bound, with its errors, after a refusal)."""
    found = get_object_or_404(
        Goal,
        pk=goal_id,
        plan__request=evaluation,
    )
    audit.record(
        AuditAction.PLAN_VIEWED,
        request=request,
        target=evaluation.reference,
        detail=f"goal {found.pk} page",
    )
    (with_levels,) = planned([found])
    card = Cards(request.user, evaluation, every=True).card(with_levels)
    if state_form is not None:
        card["state_form"] = state_form
    return render(
        request,
        "clinic/records/goal.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "card": card,
            "back": _plan_url(evaluation, found),
            "problems": state_form.problems() if state_form is not None else [],
        },
    )


@staff_view()
@require_safe
def goal(request: StaffRequest, reference: str, goal_id: int) -> HttpResponse:
    return _render_goal(request, _find(request, reference), goal_id)


@staff_view()
@require_POST
@_atomic_change
def goal_state(request: StaffRequest, reference: str, goal_id: int) -> HttpResponse:
    evaluation, found = _own_goal(request, reference, goal_id)
    form = forms.goal_state_form(found, request.POST)
    if not form.is_valid():
        return _render_goal(request, evaluation, found.pk, state_form=form)
    state = GoalState(form.cleaned_data["state"])
    if actions.do_set_goal_state(found, state=state, **_acting(request)):
        messages.success(request, _("Goal is now “%(state)s”.") % {"state": state.label})
    return redirect(_plan_url(evaluation, found))


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def goal_details(request: StaffRequest, reference: str, goal_id: int) -> HttpResponse:
    """A page of its own to edit a goal's words, levels and weight, with the new-goal form's
    fields and checks. Who may: as for its state (`rules.may_change_goal`)."""
    evaluation, found = _own_goal(request, reference, goal_id)
    if request.method != "POST":
        form = forms.goal_details_form(found)
    else:
        form = forms.goal_details_form(found, request.POST)
        if form.is_valid():
            if actions.do_edit_goal(found, **form.cleaned_data, **_acting(request)):
                messages.success(request, _("Goal saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(_plan_url(evaluation, found))
    return _page(
        request,
        evaluation,
        "clinic/records/goal_details.html",
        f"goal {found.pk} edit page",
        form,
        goal=found,
    )


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def activity_new(request: StaffRequest, reference: str, goal_id: int) -> HttpResponse:
    """Something for the family to do at home towards this goal."""
    evaluation, found = _own_goal(request, reference, goal_id)
    form = forms.HomeActivityForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.do_add_home_activity(found, **form.cleaned_data, **_acting(request))
        messages.success(request, _("Home activity added. The family sees it on their page."))
        return redirect(_plan_url(evaluation, found))
    return _page(
        request,
        evaluation,
        "clinic/records/activity_new.html",
        f"goal {found.pk} home activity page",
        form,
        goal=found,
    )


@staff_view()
@require_POST
@_atomic_change
def activity_stop(request: StaffRequest, reference: str, activity_id: int) -> HttpResponse:
    evaluation = _find_for_update(request, reference)
    activity = get_object_or_404(
        HomeActivity.objects.select_related("goal"),
        pk=activity_id,
        goal__plan__request=evaluation,
    )
    if not rules.may_change_goal(request.user, activity.goal, evaluation):
        raise PermissionDenied
    if actions.do_stop_home_activity(activity, **_acting(request)):
        messages.success(request, _("Home activity stopped. The family no longer sees it."))
    return redirect(_plan_url(evaluation, activity.goal))


def _visit_goals(plan: Plan) -> list[Goal]:
    open_states = (GoalState.PROPOSED, GoalState.ACTIVE)
    return list(plan.goals.filter(state__in=open_states))


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def visit_new(request: StaffRequest, reference: str) -> HttpResponse:
    """A visit, and the level reached on each goal worked on."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_record_visit(request.user, evaluation):
        raise PermissionDenied
    found = _plan_of(evaluation)
    own = discipline_of(request.user)
    assert own is not None
    allowed = [GoalDiscipline(own.value), GoalDiscipline.BOTH]
    goals = _visit_goals(found)
    data = request.POST if request.method == "POST" else None
    form = forms.VisitForm(data, allowed=allowed, goals=goals, prefix="visit")
    if form.is_valid():
        visit = actions.do_record_visit(
            evaluation,
            on=form.cleaned_data["on"],
            discipline=form.cleaned_data["discipline"],
            attendance=form.cleaned_data["attendance"],
            worked_on=form.cleaned_data["worked_on"],
            response=form.cleaned_data["response"],
            next_time=form.cleaned_data["next_time"],
            levels=form.levels(),
            **_acting(request),
        )
        messages.success(
            request,
            _("Visit recorded, with %(count)s levels.") % {"count": visit.levels.count()},
        )
        return redirect(_plan_url(evaluation) + "#visits")
    return _page(request, evaluation, "clinic/records/visit_new.html", "new visit page", form)


# The visits page shows this many, newest first, and links to the older ones.
VISITS_PER_PAGE = 20


def attendance_of(plan: Plan) -> list[dict[str, Any]]:
    """For each therapy with a part of the plan or a visit: the visits the child came to, the
    ones cancelled and missed (a joint visit counts for both), beside the sessions planned
    (sessions a week × weeks), in one query for the counts."""
    counts: dict[tuple[str, str], int] = {}
    for whose, attendance, count in (
        plan.visits.values_list("discipline", "attendance").annotate(count=Count("pk")).order_by()
    ):
        for discipline in disciplines_of(whose):
            key = (discipline, attendance)
            counts[key] = counts.get(key, 0) + count
    parts = {part.discipline: part for part in plan.disciplines.all()}
    found = []
    for discipline in Discipline:
        part = parts.get(discipline)
        seen = {kind: counts.get((discipline, kind), 0) for kind in Attendance}
        if part is None and not any(seen.values()):
            continue
        planned = (
            part.sessions_per_week * part.weeks
            if part is not None and part.sessions_per_week and part.weeks
            else None
        )
        found.append(
            {
                "name": discipline.label,
                "attended": seen[Attendance.ATTENDED],
                "cancelled": seen[Attendance.CANCELLED],
                "missed": seen[Attendance.NO_SHOW],
                "planned": planned,
            }
        )
    return found


@staff_view()
@require_safe
def visits(request: StaffRequest, reference: str) -> HttpResponse:
    """The plan's visits, newest first, twenty to a page, each with its note and the levels
    reached; above them, the visits attended, cancelled and missed against those planned."""
    evaluation = _find(request, reference)
    found = _plan_of(evaluation)
    pages = Paginator(found.visits.order_by("-on", "-pk"), VISITS_PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_related_objects(
        rows, Prefetch("levels", queryset=ProgressEntry.objects.select_related("goal"))
    )
    audit.record(
        AuditAction.PLAN_VIEWED, request=request, target=evaluation.reference, detail="visits"
    )
    return render(
        request,
        "clinic/records/visits.html",
        {
            "nav": "inbox",
            "evaluation": evaluation,
            "attendance": attendance_of(found),
            "page": page,
            "numbers": pages.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "visits": [
                {
                    "visit": visit,
                    "levels": [
                        (
                            forms.goal_words(entry.goal),
                            forms.goal_level(entry.goal, entry.gas_score),
                        )
                        for entry in visit.levels.all()
                    ],
                }
                for visit in rows
            ],
            "back": _plan_url(evaluation) + "#visits",
        },
    )


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def plan_details(request: StaffRequest, reference: str) -> HttpResponse:
    """The therapist's own discipline's part of the plan of care, and the review date."""
    evaluation = _find_for_update(request, reference)
    own = discipline_of(request.user)
    if own is None or not rules.may_write_plan_of_care(request.user, evaluation):
        raise PermissionDenied
    found = _plan_of(evaluation)
    part = PlanDiscipline.objects.filter(plan=found, discipline=own).first()
    posted = request.method == "POST"
    form = forms.PlanDisciplineForm.of(part, request.POST if posted else None)
    review = forms.ReviewDateForm(
        request.POST if posted else None,
        prefix="plan",
        initial={"review_date": found.review_date},
    )
    if posted and form.is_valid() and review.is_valid():
        changed = actions.do_update_plan_discipline(
            evaluation, discipline=own, **form.cleaned_data, **_acting(request)
        )
        moved = actions.do_set_review_date(
            evaluation, review_date=review.cleaned_data["review_date"], **_acting(request)
        )
        if changed or moved:
            messages.success(request, _("Plan of care saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(_plan_url(evaluation) + "#plan-of-care")
    page = _page(
        request,
        evaluation,
        "clinic/records/plan_details.html",
        "plan of care page",
        form,
        review=review,
        discipline=own,
    )
    return page


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
@_atomic_change
def discharge(request: StaffRequest, reference: str) -> HttpResponse:
    """The end of therapy: the summary (goals met, the T-score change, recommendations) that
    the family sees, and the request discharged."""
    evaluation = _find_for_update(request, reference)
    if not rules.may_discharge(request.user, evaluation):
        raise PermissionDenied
    found = _plan_of(evaluation)
    if found.is_discharged:
        raise PermissionDenied
    form = forms.DischargeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.do_discharge(
            evaluation,
            recommendations=form.cleaned_data["recommendations"],
            reason=form.cleaned_data["reason"],
            **_acting(request),
        )
        messages.success(request, _("Discharged. The family sees the summary on their page."))
        return redirect(_plan_url(evaluation))
    goals = planned_goals(found)
    counted = [goal for goal in goals if goal.state != GoalState.DISCONTINUED]
    return _page(
        request,
        evaluation,
        "clinic/records/discharge.html",
        "discharge page",
        form,
        scores=scores_table(goals) if goals else [],
        met=sum(1 for goal in counted if gas.is_met(goal)),
        total=len(counted),
        # Which goals are met, and which not, before the summary is written.
        goals=[
            {
                "words": forms.goal_words(goal.goal),
                "met": gas.is_met(goal),
                "state": GoalState(goal.state).label,
            }
            for goal in goals
        ],
    )
