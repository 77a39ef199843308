from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircase.cases"
    label = "cases"

    def ready(self) -> None:
        from faircase.cases.case_sections import register_sections

        register_sections()
