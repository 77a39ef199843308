from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "faircase.oversight"
    label = "oversight"
    verbose_name = "Oversight of an organisation's cases"
