from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "wholechild.family"
    verbose_name = "The family's request and status page"
