from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "faircase.core"
    label = "core"
    verbose_name = "Audit trail"
