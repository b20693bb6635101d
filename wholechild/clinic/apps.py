from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "wholechild.clinic"
    verbose_name = "The clinic"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-ins, sign-outs and failures go to the audit log)
