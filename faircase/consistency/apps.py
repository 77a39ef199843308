from django.apps import AppConfig


class ConsistencyConfig(AppConfig):
    name = "faircase.consistency"
    label = "consistency"
    verbose_name = "Consistency: comparable cases and the language check"

    def ready(self) -> None:
        from faircase.consistency.case_sections import register_sections

        register_sections()
