"""The database table behind the shared rate-limit cache (settings.CACHES["ratelimit"]) when no
Redis is configured. createcachetable does nothing for a cache that is not in the database, and
nothing for a table that exists."""

from django.core.management import call_command
from django.db import migrations

TABLE = "wholechild_ratelimit"


def create_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    quoted = schema_editor.connection.ops.quote_name(TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {quoted}")


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
