from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "faircase.proceedings"
    label = "proceedings"
    verbose_name = "The investigation of a case"

    def ready(self) -> None:
        from faircase.proceedings.case_sections import register_record_sections, register_sections
        from faircase.proceedings.chronology_sources import register_chronology

        register_sections()
        register_record_sections()
        register_chronology()
