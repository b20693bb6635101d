from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "wholechild.clinic"
    # "clinic" is the label of the care records (wholechild.care), kept from the first release.
    label = "clinic_pages"
    verbose_name = "The clinic"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-ins, sign-outs and failures go to the audit log)
