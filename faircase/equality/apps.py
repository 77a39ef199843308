from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "faircase.equality"
    label = "equality"
    verbose_name = "Equality data, workforce baselines and disproportionality"
