"""The forms of the shared plan: a goal with its five levels and weight, its state, a visit with
the levels reached, a home activity, a discipline's part of the plan of care, the review date
and the discharge summary.

Who may use which is decided in `rules`; these forms only offer and accept what it allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wholechild.care.models import (
    Attendance,
    DischargeReason,
    GasScore,
    Goal,
    GoalDiscipline,
    GoalState,
    PlanDiscipline,
    disciplines_of,
)

from .forms import StaffForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT = {"type": "date"}


def _date_field(
    label: StrOrPromise, what: StrOrPromise, *, required: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        # No "for example" hint: a browser shows its own date control, in its own order
        # (Chromium's mm/dd/yyyy), beside which "2027-03-31" read as the order to type. A
        # browser without one shows a text box, and a wrong entry is told the order.
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Enter %(what)s") % {"what": what},
            "invalid": _("Enter %(what)s as year-month-day, for example 2027-03-31")
            % {"what": what},
        },
    )


def sign(level: int) -> str:
    """A GAS level as a signed number, with a true minus: "−2", "0", "+1"."""
    return f"{level:+d}".replace("-", "−") if level else "0"


def gas_label(score: int) -> str:
    """A GAS level with its words, as "+1: Somewhat more than expected"."""
    return f"{sign(score)}: {GasScore(score).label}"


def goal_level(goal: Goal, score: int) -> str:
    """A level as the goal itself words it, after the GAS label: "+1: Somewhat more than
    expected: Fifteen steps alone" (the label alone where the goal has no words for it), as
    the visit's form offers it and the cards and the visits list say it."""
    words = dict(goal.levels())[score]
    return f"{gas_label(score)}: {words}" if words else gas_label(score)


def goal_words(goal: Goal, length: int = 60) -> str:
    """A goal's text on one line, cut to about `length` characters, to name it in labels."""
    return Truncator(" ".join(goal.text.split())).chars(length)


WEIGHTS = [(1, _("1: a little")), (2, _("2: moderately")), (3, _("3: very"))]


def _level(label: StrOrPromise, help_text: StrOrPromise, what: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe %(what)s") % {"what": what}},
    )


class GoalDetailsForm(StaffForm):
    """A goal's words, baseline, measure, target date, its five levels and its weight: editing
    a goal, and (with whose it is) adding one, so both accept and refuse the same answers."""

    text = forms.CharField(
        label=_("Goal"),
        help_text=_("What the child will do, in words the family understands."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the goal")},
    )
    baseline = forms.CharField(
        label=_("Baseline"),
        help_text=_("What the child can do now."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter the baseline")},
    )
    measure = forms.CharField(
        label=_("How it is measured"),
        max_length=300,
        error_messages={"required": _("Enter how the goal is measured")},
    )
    target_date = _date_field(_("Target date"), _("the target date"))
    level_much_less = _level(
        _("−2: much less than expected"),
        _("Usually where the child is now."),
        _("level −2"),
    )
    level_less = _level(_("−1: somewhat less than expected"), "", _("level −1"))
    level_expected = _level(
        _("0: the expected outcome"), _("What you expect by the target date."), _("level 0")
    )
    level_more = _level(_("+1: somewhat more than expected"), "", _("level +1"))
    level_much_more = _level(_("+2: much more than expected"), "", _("level +2"))
    baseline_level = forms.TypedChoiceField(
        label=_("Where the child starts"),
        help_text=_("−2 as a rule; −1 when the child could still get worse."),
        choices=[(-2, _("−2")), (-1, _("−1"))],
        coerce=int,
        initial=-2,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the child starts")},
    )
    importance = forms.TypedChoiceField(
        label=_("How important it is to the child and family"),
        choices=WEIGHTS,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how important the goal is")},
    )
    difficulty = forms.TypedChoiceField(
        label=_("How hard it will be to reach"),
        choices=WEIGHTS,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how hard the goal will be")},
    )

    FIELDS: ClassVar[tuple[str, ...]] = (
        "text",
        "baseline",
        "measure",
        "target_date",
        "level_much_less",
        "level_less",
        "level_expected",
        "level_more",
        "level_much_more",
        "baseline_level",
        "importance",
        "difficulty",
    )


class GoalForm(GoalDetailsForm):
    """A new goal: the therapist's own discipline's, or one shared with the other."""

    discipline = forms.ChoiceField(
        label=_("Whose goal it is"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose goal it is")},
    )

    field_order = ["discipline", *GoalDetailsForm.FIELDS]

    def __init__(self, *args: Any, allowed: list[GoalDiscipline], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"discipline": allowed[0].value} if allowed else {})
        super().__init__(*args, **kwargs)
        field = self.fields["discipline"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(choice.value, choice.label) for choice in allowed]
        field.error_messages["invalid_choice"] = _(
            "Choose your own discipline, or shared with the other therapist"
        )


class GoalStateForm(StaffForm):
    state = forms.ChoiceField(label=_("State"), choices=GoalState.choices)


def goal_state_form(goal: Goal, data: Any = None) -> GoalStateForm:
    form = GoalStateForm(data, prefix=f"goal-{goal.pk}-state", initial={"state": goal.state})
    # Every goal has this form: the label names the goal, so a screen reader says which.
    form.fields["state"].label = _("State of: %(goal)s") % {"goal": goal_words(goal)}
    return form


def goal_details_form(goal: Goal, data: Any = None) -> GoalDetailsForm:
    """The form to edit a goal, filled in with what it says now."""
    initial = {name: getattr(goal, name) for name in GoalDetailsForm.FIELDS}
    return GoalDetailsForm(data, prefix="goal", initial=initial)


NOT_WORKED_ON = ""


class VisitForm(StaffForm):
    """A visit: when, whose, whether the child came, the short note, and a level for each goal
    worked on (the goals of the visit's disciplines that are proposed or active)."""

    on = _date_field(_("Date of the visit"), _("the date of the visit"))
    discipline = forms.ChoiceField(
        label=_("Whose visit it was"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose visit it was")},
    )
    attendance = forms.ChoiceField(
        label=_("Did the child come?"),
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the child came")},
    )
    worked_on = forms.CharField(
        label=_("What was worked on"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    response = forms.CharField(
        label=_("How the child responded"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_time = forms.CharField(
        label=_("The plan for next time"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, allowed: list[GoalDiscipline], goals: list[Goal], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {"on": timezone.localdate(), "discipline": allowed[0].value if allowed else ""},
        )
        super().__init__(*args, **kwargs)
        field = self.fields["discipline"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(choice.value, choice.label) for choice in allowed]
        own = disciplines_of(allowed[0].value) if allowed else frozenset()

        def order(goal: Goal) -> int:
            # The therapist's own goals first, then the shared ones, then the other discipline's.
            return 0 if goal.disciplines == own else 1 if goal.disciplines & own else 2

        self.goals = sorted(goals, key=order)
        for goal in self.goals:
            whose = goal.get_discipline_display()
            self.fields[self.level_name(goal)] = forms.TypedChoiceField(
                label=_("Level reached: %(goal)s") % {"goal": goal_words(goal)},
                help_text=whose
                if goal.disciplines & own
                else _("%(whose)s: only in a joint visit") % {"whose": whose},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(NOT_WORKED_ON, _("Not worked on"))]
                + [(level, goal_level(goal, level)) for level, _words in goal.levels()],
            )

    @staticmethod
    def level_name(goal: Goal) -> str:
        return f"level_{goal.pk}"

    def level_fields(self) -> list[Any]:
        return [self[self.level_name(goal)] for goal in self.goals]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        levels = self.levels()
        if levels and cleaned.get("attendance") not in (None, Attendance.ATTENDED):
            first = self.level_name(next(g for g in self.goals if g.pk in levels))
            self.add_error(first, _("Levels are recorded only for a visit the child came to"))
        discipline = cleaned.get("discipline")
        if discipline:
            covered = disciplines_of(discipline)
            for goal in self.goals:
                if goal.pk in levels and not goal.disciplines & covered:
                    self.add_error(
                        self.level_name(goal),
                        _("This goal is not one this visit's discipline works on"),
                    )
        return cleaned

    def levels(self) -> dict[int, int]:
        data = getattr(self, "cleaned_data", {})
        return {
            goal.pk: data[self.level_name(goal)]
            for goal in self.goals
            if data.get(self.level_name(goal)) is not None
        }


class HomeActivityForm(StaffForm):
    what = forms.CharField(
        label=_("What to do"),
        help_text=_("In plain words: the family reads this on their page."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter what the family should do")},
    )
    how_often = forms.CharField(
        label=_("How often"),
        help_text=_("For example, 5 minutes, twice a day"),
        max_length=200,
        error_messages={"required": _("Enter how often")},
    )
    watch_for = forms.CharField(
        label=_("What to watch for"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _count(label: StrOrPromise, largest: int, what: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=largest,
        error_messages={
            "invalid": _("Enter %(what)s as a whole number") % {"what": what},
            "min_value": _("Enter %(what)s of 1 or more") % {"what": what},
            "max_value": _("Enter %(what)s of %(largest)s or fewer")
            % {"what": what, "largest": largest},
        },
    )


class PlanDisciplineForm(StaffForm):
    """One discipline's part of the plan of care, written by its therapist."""

    findings = forms.CharField(
        label=_("Findings of the evaluation"),
        help_text=_("In your words, for the family, the child's doctor and an insurer."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    sessions_per_week = _count(_("Sessions a week"), 7, _("the sessions a week"))
    minutes = _count(_("Minutes a session"), 240, _("the minutes a session"))
    weeks = _count(_("For how many weeks"), 104, _("the number of weeks"))

    FIELDS: ClassVar[tuple[str, ...]] = ("findings", "sessions_per_week", "weeks", "minutes")

    @classmethod
    def of(cls, part: PlanDiscipline | None, data: Any = None) -> PlanDisciplineForm:
        initial = {name: getattr(part, name) for name in cls.FIELDS} if part else {}
        return cls(data, prefix="part", initial=initial)


class ReviewDateForm(StaffForm):
    review_date = _date_field(_("Review date"), _("the review date"), required=False)


class DischargeForm(StaffForm):
    reason = forms.ChoiceField(
        label=_("Why the therapy ends"),
        choices=DischargeReason.choices,
        widget=forms.RadioSelect,
        help_text=_("The family reads this on their page."),
        error_messages={"required": _("Choose why the therapy ends")},
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        help_text=_("What you recommend now: the family reads this on their page."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter your recommendations")},
    )
    confirm = forms.BooleanField(
        label=_("The therapy has ended: discharge the child and keep the plan as a record"),
        error_messages={"required": _("Confirm that the therapy has ended")},
    )
