"""The inbox's search text, filled in for every request, and its trigram index on PostgreSQL.

Written by hand (docs/decisions.md, "The inbox at a million requests"). SQLite has no trigram
index: there the search reads the one column, with no function called per row. The open
requests' index walks the open views in their order (and counts them) without touching the
finished ones, which at a network's scale are most of the table; the finished requests' index
walks the finished view, newest change first."""

from typing import Any

from django.db import migrations, models

from wholechild.care.search import search_text

BATCH = 1000
# wholechild.care.models.FINISHED_IN_ORDER, as it was written here.
FINISHED = ["closed", "discharged", "withdrawn"]


def fill_search_text(apps: Any, schema_editor: Any) -> None:
    requests = apps.get_model("clinic", "EvaluationRequest")
    batch = []
    fields = ("pk", "reference", "parent_name", "child_first_name", "email", "phone")
    for row in requests.objects.only(*fields).order_by("pk").iterator(chunk_size=BATCH):
        row.search_text = search_text(
            reference=row.reference,
            parent_name=row.parent_name,
            child_first_name=row.child_first_name,
            email=row.email,
            phone=row.phone,
        )
        batch.append(row)
        if len(batch) == BATCH:
            requests.objects.bulk_update(batch, ["search_text"])
            batch = []
    requests.objects.bulk_update(batch, ["search_text"])


def add_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS request_search_trgm ON clinic_evaluationrequest "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    # The extension stays: other databases' objects may use it, and it holds no data.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS request_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0010_audit_filter_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationrequest",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
        migrations.AddIndex(
            model_name="evaluationrequest",
            index=models.Index(
                condition=models.Q(("status__in", FINISHED), _negated=True),
                fields=["urgency_rank", "created_at", "id", "status"],
                name="request_open_order",
            ),
        ),
        migrations.AddIndex(
            model_name="evaluationrequest",
            index=models.Index(
                condition=models.Q(("status__in", FINISHED)),
                fields=["status_changed_at", "id"],
                name="request_finished_order",
            ),
        ),
    ]
