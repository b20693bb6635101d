"""A goal's card, on the plan and on the goal's own page (plan.Cards, _goal_card.html): its
words, where it is now and its target date, the chart of every level recorded, the table of the
latest (and how many earlier), the home activities, and the links, each named for a screen
reader and escaped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.urls import reverse

from tests.clinic.records.helpers import add_goal, plan_url
from wholechild.care.models import (
    Discipline,
    Goal,
    GoalDiscipline,
    HomeActivity,
    Plan,
    ProgressEntry,
)
from wholechild.clinic.records import plan as plan_views

pytestmark = pytest.mark.django_db

SET_ON = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)  # the target date is 31 March 2027 (add_goal)


def goal_with_levels(plan: Plan, by: Any, levels: list[tuple[int, int]], **kwargs: Any) -> Goal:
    """A PT goal set on 1 January 2027, with a level on each (day of January, level) given."""
    goal = add_goal(plan, kwargs.pop("discipline", Discipline.PT), kwargs.pop("text"), by)
    Goal.objects.filter(pk=goal.pk).update(created_at=SET_ON)
    for day, level in levels:
        ProgressEntry.objects.create(
            goal=goal,
            gas_score=level,
            by_name="Pat Example",
            at=datetime(2027, 1, day, 15, 30, tzinfo=UTC),
        )
    return goal


def card_of(page: str, goal: Goal) -> str:
    start = page.index(f'<article class="goal" id="goal-{goal.pk}"')
    return page[start : page.index("</article>", start)]


def rows_of(card: str) -> list[tuple[str, str, str, str]]:
    return re.findall(
        r'<tr><td><time datetime="([^"]+)">([^<]+)</time></td>'
        r'<td class="gas">([^<]+)</td><td>([^<]+)</td></tr>',
        card,
    )


def test_a_plan_card_shows_the_latest_three_levels_newest_first_and_counts_the_rest(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    five = goal_with_levels(
        plan, cast.pt, [(4, -2), (11, -1), (18, -1), (25, 0), (29, 1)], text="Walks ten steps"
    )
    four = goal_with_levels(plan, cast.pt, [(4, -2), (11, -1), (18, 0), (25, 0)], text="Hops")
    three = goal_with_levels(plan, cast.pt, [(4, -2), (11, -1), (18, 0)], text="Climbs")
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()

    card = card_of(page, five)
    assert rows_of(card) == [
        # Each level in the GAS's words, then in the goal's own.
        (
            "2027-01-29",
            "29 Jan 2027",
            "+1: Somewhat more than expected: Fifteen steps alone",
            "Pat Example",
        ),
        ("2027-01-25", "25 Jan 2027", "0: As expected: Ten steps alone", "Pat Example"),
        (
            "2027-01-18",
            "18 Jan 2027",
            "−1: Somewhat less than expected: Five steps holding a hand",
            "Pat Example",
        ),
    ]
    assert '<caption class="visually-hidden">Levels recorded for: Walks ten steps</caption>' in card
    goal_page = reverse("clinic:goal", args=[cast.family_one.reference, five.pk])
    assert (
        f'<a href="{goal_page}">And 2 earlier levels'
        '<span class="visually-hidden"> – Walks ten steps</span></a>'
    ) in card
    assert "And 1 earlier level<span" in card_of(page, four)
    assert len(rows_of(card_of(page, three))) == 3
    assert "earlier level" not in card_of(page, three)


def test_the_card_says_where_the_goal_is_now_and_by_when(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    walking = goal_with_levels(plan, cast.pt, [(4, -2), (11, 1)], text="Walks ten steps")
    hopping = goal_with_levels(plan, cast.pt, [], text="Hops on one foot")
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()

    card = card_of(page, walking)
    assert (
        '<strong class="goal-state goal-state--proposed">Proposed</strong>\n'
        '    <span class="goal__latest">Now at +1: Somewhat more than expected: '
        "Fifteen steps alone</span>"
        "<br>Target date: 31 March 2027</p>"
    ) in card
    card = card_of(page, hopping)
    assert '<span class="goal__latest">No level recorded yet</span>' in card
    assert "Target date: 31 March 2027" in card
    assert "<table" not in card


def test_the_chart_draws_every_level_at_its_date_and_level(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    levels = [(4, -2), (11, -1), (18, -1), (25, 0), (29, 1)]
    goal = goal_with_levels(plan, cast.pt, levels, text="Walks ten steps")
    card = card_of(as_user(cast.pt).get(plan_url(cast.family_one)).content.decode(), goal)

    # From 1 January (set) to 31 March (due): 89 days across 280 pixels from x=30; the levels
    # +2 to -2 from y=10 to y=110.
    def x(day: int) -> float:
        return round(30 + 280 * (date(2027, 1, day) - date(2027, 1, 1)).days / 89, 1)

    y = {2: 10, 1: 35, 0: 60, -1: 85, -2: 110}
    points = " ".join(f"{x(day):g},{y[level]}" for day, level in levels)
    assert f'<polyline points="{points}" class="goal-chart__line"/>' in card
    squares = "".join(f"M{x(day) - 4:g},{y[level] - 4}h8v8h-8z" for day, level in levels)
    assert f'<path d="{squares}" class="goal-chart__point"/>' in card
    assert '<line x1="30.0" y1="110.0" x2="310.0" y2="60.0" class="goal-chart__expected"/>' in card
    assert (
        f'role="img" aria-labelledby="goal-{goal.pk}-chart" focusable="false">\n'
        f'    <title id="goal-{goal.pk}-chart">Levels over time for: Walks ten steps. '
        "The table gives the same levels.</title>"
    ) in card
    assert re.findall(r'<text x="24" y="[\d.]+">([^<]+)</text>', card) == [
        "+2",
        "+1",
        "0",
        "−1",
        "−2",
    ]
    assert '<text x="30.0" y="128" class="goal-chart__axis">Jan 2027</text>' in card
    assert 'text-anchor="end">Mar 2027</text>' in card
    assert '<figcaption class="goal-chart__key">Squares: the levels recorded.' in card


def test_the_goals_words_are_escaped_wherever_the_card_names_it(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    goal = goal_with_levels(
        plan,
        cast.pt,
        [(4, -2), (11, -1), (18, -1), (25, 0)],
        text='Uses <b>both</b> hands & "says" it\'s done\nand more',
    )
    page = as_user(cast.pt).get(plan_url(cast.family_one)).content.decode()

    card = card_of(page, goal)
    assert "<b>" not in card
    words = "Uses &lt;b&gt;both&lt;/b&gt; hands &amp; &quot;says&quot; it&#x27;s done and more"
    assert "hands &amp; &quot;says&quot; it&#x27;s done<br>and more</a></h3>" in card
    assert f"Levels over time for: {words}. The table" in card
    assert f"Levels recorded for: {words}</caption>" in card
    assert card.count(f'<span class="visually-hidden"> – {words}</span>') == 4


def test_each_link_is_the_goals_own_address_and_only_for_its_therapists(
    cast: Any, as_user: Any, plan: Plan
) -> None:
    pt_goal = goal_with_levels(plan, cast.pt, [(4, -2)], text="Walks ten steps")
    shared = goal_with_levels(
        plan, cast.pt, [], text="Dresses standing up", discipline=GoalDiscipline.BOTH
    )
    activity = HomeActivity.objects.create(
        goal=pt_goal, what="Stand at the sofa", how_often="Twice a day", watch_for="Tired legs"
    )
    reference = cast.family_one.reference
    for who, goal, editable in (
        (cast.pt, pt_goal, True),
        (cast.ot, pt_goal, False),
        (cast.ot, shared, True),
    ):
        card = card_of(as_user(who).get(plan_url(cast.family_one)).content.decode(), goal)
        assert f'href="{reverse("clinic:goal", args=[reference, goal.pk])}"' in card
        for name in ("goal_details", "activity_new"):
            assert (reverse(f"clinic:{name}", args=[reference, goal.pk]) in card) is editable
    card = card_of(as_user(cast.pt).get(plan_url(cast.family_one)).content.decode(), pt_goal)
    stop = reverse("clinic:activity_stop", args=[reference, activity.pk])
    assert f'<form method="post" action="{stop}" class="inline-form no-print">' in card
    assert "How often: Twice a day<br>Watch for: Tired legs" in card


def test_an_address_made_once_is_reverse_for_every_id() -> None:
    # Even a reference with the stand-in id's digits in it: the id comes after the reference.
    for reference in ("7QZH-04Q6", "2147483647"):
        for name in ("clinic:goal", "clinic:goal_details", "clinic:activity_stop"):
            address = plan_views._addresses(name, reference)
            for pk in (1, 42, 2147483647):
                assert address(pk) == reverse(name, args=[reference, pk])


def test_the_goals_own_page_lists_every_level(cast: Any, as_user: Any, plan: Plan) -> None:
    levels = [(4, -2), (11, -1), (18, -1), (25, 0), (29, 1)]
    goal = goal_with_levels(plan, cast.pt, levels, text="Walks ten steps")
    page = (
        as_user(cast.pt)
        .get(reverse("clinic:goal", args=[cast.family_one.reference, goal.pk]))
        .content.decode()
    )

    card = card_of(page, goal)
    assert [row[0] for row in rows_of(card)] == [f"2027-01-{day:02d}" for day, _ in levels[::-1]]
    assert "earlier level" not in card
    assert "Target date: " not in card  # it is in the details' list
    assert '<dt class="summary-list__key">Target date</dt>' in card
    assert "<polyline points=" in card
    assert f'<h1 class="heading-l goal__heading" id="goal-{goal.pk}-title">' in page
    assert "<h3" not in card


def test_the_plans_t_scores_are_the_goals_levels_read_as_models(cast: Any, plan: Plan) -> None:
    goal_with_levels(plan, cast.pt, [(4, -2), (11, 1)], text="Walks ten steps")
    goal_with_levels(plan, cast.pt, [(4, -1)], text="Hops", discipline=GoalDiscipline.BOTH)
    goal_with_levels(plan, cast.pt, [], text="Climbs")

    as_models = list(plan.goals.prefetch_related("progress"))
    planned = plan_views.planned_goals(plan)

    assert [goal.recorded() for goal in planned] == [goal.recorded() for goal in as_models]
    assert plan_views.scores_of(planned) == plan_views.scores_of(as_models)
    assert plan_views.scores_table(planned)[-1]["goals"] == 3


def test_a_level_the_goal_has_no_words_for_is_said_in_the_gass_words_alone() -> None:
    from wholechild.clinic.records.plan_forms import goal_level

    goal = Goal(level_expected="Ten steps alone", level_more="")
    assert goal_level(goal, 0) == "0: As expected: Ten steps alone"
    assert goal_level(goal, 1) == "+1: Somewhat more than expected"
    assert goal_level(goal, -2) == "−2: Much less than expected"
