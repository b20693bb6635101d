from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CareConfig(AppConfig):
    name = "wholechild.care"
    # The label is the one these models, tables, migrations and content types have had since
    # the first release, when they lived in wholechild.clinic: keeping it means moving the code
    # moved no row (docs/architecture.md).
    label = "clinic"
    verbose_name = "Care records"

    def ready(self) -> None:
        # SQLite's writers queue in each process rather than sleep in SQLite's retries.
        from .sqlite import queue_writers

        connection_created.connect(queue_writers, dispatch_uid="wholechild-queue-writers")
