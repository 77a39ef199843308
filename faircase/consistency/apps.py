from django.apps import AppConfig


class ConsistencyConfig(AppConfig):
    name = "faircase.consistency"
    label = "consistency"
    verbose_name = "Consistency: comparable cases and the language check"
