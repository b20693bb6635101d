from django.apps import AppConfig


class ParentsConfig(AppConfig):
    name = "wholechild.parents"
    verbose_name = "The parent's check"
