from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircase.cases"
    label = "cases"

    def ready(self) -> None:
        from faircase.cases.case_sections import register_record_sections, register_sections
        from faircase.cases.chronology_sources import register_chronology

        register_sections()
        register_record_sections()
        register_chronology()
