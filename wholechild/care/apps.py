from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "wholechild.care"
    # The label is the one these models, tables, migrations and content types have had since
    # the first release, when they lived in wholechild.clinic: keeping it means moving the code
    # moved no row (docs/architecture.md).
    label = "clinic"
    verbose_name = "Care records"
