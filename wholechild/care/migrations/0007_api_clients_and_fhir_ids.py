import uuid

import django.utils.timezone
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import wholechild.care.models


def give_each_request_its_fhir_id(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every request already stored gets its own random id (one default would give them all
    the same)."""
    EvaluationRequest = apps.get_model("clinic", "EvaluationRequest")
    for request in EvaluationRequest.objects.filter(fhir_id__isnull=True).only("pk"):
        EvaluationRequest.objects.filter(pk=request.pk).update(fhir_id=uuid.uuid4().hex)


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0006_clinic_settings'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiClient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=40, unique=True, verbose_name='name')),
                ('scopes', models.JSONField(default=list, verbose_name='scopes')),
                ('rate_limit', models.PositiveIntegerField(default=100, verbose_name='calls an hour')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by_name', models.CharField(blank=True, max_length=150)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'API client',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='evaluationrequest',
            name='fhir_id',
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(give_each_request_its_fhir_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='evaluationrequest',
            name='fhir_id',
            field=models.CharField(default=wholechild.care.models.new_fhir_id, editable=False, max_length=32, unique=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('sign-in', 'Signed in'), ('sign-in-failed', 'Sign-in failed'), ('locked-out', 'Locked out'), ('sign-out', 'Signed out'), ('session-expired', 'Session expired'), ('two-factor-added', 'Two-factor set up'), ('two-factor-failed', 'Two-factor code refused'), ('request-received', 'Request received'), ('request-withdrawn', 'Request withdrawn by the family'), ('inbox-viewed', 'Inbox viewed'), ('access-refused', 'Record refused (not theirs to see)'), ('record-viewed', 'Record viewed'), ('record-changed', 'Record changed'), ('record-exported', 'Record exported'), ('plan-viewed', 'Plan viewed'), ('evaluations-viewed', "A therapist's evaluations viewed"), ('figures-viewed', "The clinic's figures viewed"), ('plan-changed', 'Plan changed'), ('record-deleted', 'Record deleted by the retention rule'), ('staff-changed', 'Staff account changed'), ('audit-viewed', 'Audit log viewed'), ('admin-viewed', 'Administration page viewed'), ('settings-changed', 'Clinic settings changed'), ('message-failed', 'Email not sent after every retry'), ('message-resent', 'Email sent again by an administrator'), ('api-client-changed', 'API client changed'), ('api-read', 'Record read by an API client'), ('api-screened', 'Answers screened by an API client')], db_index=True, max_length=24),
        ),
    ]
