"""The database itself refuses to change the audit log, not only the app.

PostgreSQL refuses UPDATE and DELETE on the table (TRUNCATE, which only an administrator or the
test runner's flush uses, is left alone). SQLite refuses UPDATE; a DELETE trigger would also
stop the test runner emptying the database between browser tests, so there the app's own
refusal (AuditEvent and its queryset) is what guards deletion.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "clinic_auditevent"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION wholechild_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER wholechild_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION wholechild_audit_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS wholechild_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS wholechild_audit_append_only();
"""
SQLITE_UP = f"""
CREATE TRIGGER wholechild_audit_no_update BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, 'The audit log is append-only.');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS wholechild_audit_no_update;"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0002_ratecount_and_audit_actions")]

    operations = [migrations.RunPython(create, drop)]
