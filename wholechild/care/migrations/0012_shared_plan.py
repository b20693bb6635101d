"""The shared plan kept as therapists keep it: Goal Attainment Scaling levels and weights,
goals shared by PT and OT, visits, the home program, the plan of care and the discharge
summary (docs/shared-plan.md).

A goal written before levels were kept already says two of them: its baseline is where the
child started (-2) and the goal itself the outcome expected (0). Those are copied; the other
three stay blank until a therapist writes them."""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def levels_from_goals(apps: Any, schema_editor: Any) -> None:
    goals = apps.get_model("clinic", "Goal")
    for goal in goals.objects.filter(level_expected="").iterator():
        goal.level_much_less = goal.baseline
        goal.level_expected = goal.text
        goal.save(update_fields=["level_much_less", "level_expected"])


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0011_inbox_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HomeActivity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("what", models.TextField(max_length=1000, verbose_name="what to do")),
                ("how_often", models.CharField(max_length=200, verbose_name="how often")),
                (
                    "watch_for",
                    models.TextField(blank=True, max_length=1000, verbose_name="what to watch for"),
                ),
                ("stopped", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="PlanDiscipline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "discipline",
                    models.CharField(
                        choices=[("pt", "Physical therapy"), ("ot", "Occupational therapy")],
                        max_length=2,
                        verbose_name="discipline",
                    ),
                ),
                ("therapist_name", models.CharField(blank=True, max_length=150)),
                (
                    "findings",
                    models.TextField(blank=True, max_length=4000, verbose_name="findings"),
                ),
                (
                    "sessions_per_week",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="sessions a week"
                    ),
                ),
                (
                    "weeks",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="for how many weeks"
                    ),
                ),
                (
                    "minutes",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="minutes a session"
                    ),
                ),
            ],
            options={
                "ordering": ["discipline"],
            },
        ),
        migrations.CreateModel(
            name="Visit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("on", models.DateField(verbose_name="date of the visit")),
                (
                    "discipline",
                    models.CharField(
                        choices=[
                            ("pt", "Physical therapy"),
                            ("ot", "Occupational therapy"),
                            ("both", "Shared: physical and occupational therapy"),
                        ],
                        max_length=4,
                        verbose_name="discipline",
                    ),
                ),
                (
                    "attendance",
                    models.CharField(
                        choices=[
                            ("attended", "Attended"),
                            ("cancelled", "Cancelled"),
                            ("no-show", "Did not come"),
                        ],
                        max_length=12,
                        verbose_name="attendance",
                    ),
                ),
                (
                    "worked_on",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="what was worked on"
                    ),
                ),
                (
                    "response",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="how the child responded"
                    ),
                ),
                (
                    "next_time",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="the plan for next time"
                    ),
                ),
                ("by_name", models.CharField(max_length=150)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["-on", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="goal",
            name="baseline_level",
            field=models.SmallIntegerField(default=-2, verbose_name="level at the start"),
        ),
        migrations.AddField(
            model_name="goal",
            name="difficulty",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="difficulty"),
        ),
        migrations.AddField(
            model_name="goal",
            name="importance",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="importance"),
        ),
        migrations.AddField(
            model_name="goal",
            name="level_expected",
            field=models.TextField(
                blank=True, max_length=500, verbose_name="0: the expected outcome"
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="level_less",
            field=models.TextField(
                blank=True, max_length=500, verbose_name="-1: somewhat less than expected"
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="level_more",
            field=models.TextField(
                blank=True, max_length=500, verbose_name="+1: somewhat more than expected"
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="level_much_less",
            field=models.TextField(
                blank=True, max_length=500, verbose_name="-2: much less than expected"
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="level_much_more",
            field=models.TextField(
                blank=True, max_length=500, verbose_name="+2: much more than expected"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharge_goals_met",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharge_goals_total",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharge_recommendations",
            field=models.TextField(blank=True, max_length=4000, verbose_name="recommendations"),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharge_t_baseline",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharge_t_final",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharged_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="discharged_by_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="plan",
            name="review_date",
            field=models.DateField(blank=True, null=True, verbose_name="review date"),
        ),
        migrations.AlterField(
            model_name="goal",
            name="discipline",
            field=models.CharField(
                choices=[
                    ("pt", "Physical therapy"),
                    ("ot", "Occupational therapy"),
                    ("both", "Shared: physical and occupational therapy"),
                ],
                max_length=4,
                verbose_name="discipline",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.CheckConstraint(
                condition=models.Q(("baseline_level__gte", -2), ("baseline_level__lte", -1)),
                name="goal_baseline_level_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("importance__gte", 1),
                    ("importance__lte", 3),
                    ("difficulty__gte", 1),
                    ("difficulty__lte", 3),
                ),
                name="goal_weight_range",
            ),
        ),
        migrations.AddField(
            model_name="homeactivity",
            name="created_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="homeactivity",
            name="goal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="home_activities",
                to="clinic.goal",
            ),
        ),
        migrations.AddField(
            model_name="plandiscipline",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="disciplines",
                to="clinic.plan",
            ),
        ),
        migrations.AddField(
            model_name="plandiscipline",
            name="therapist",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="visits", to="clinic.plan"
            ),
        ),
        migrations.AddField(
            model_name="progressentry",
            name="visit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="levels",
                to="clinic.visit",
            ),
        ),
        migrations.AddConstraint(
            model_name="progressentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("visit__isnull", False)),
                fields=("visit", "goal"),
                name="progress_once_per_visit",
            ),
        ),
        migrations.AddConstraint(
            model_name="plandiscipline",
            constraint=models.UniqueConstraint(
                fields=("plan", "discipline"), name="plan_discipline_once"
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["plan", "-on", "-id"], name="visit_plan_newest"),
        ),
        migrations.RunPython(levels_from_goals, migrations.RunPython.noop),
    ]
