from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "faircase.process"
    label = "process"
    verbose_name = "Process and timescales"

    def ready(self) -> None:
        from faircase.process.case_sections import register_record_sections, register_sections
        from faircase.process.chronology_sources import register_chronology

        register_sections()
        register_record_sections()
        register_chronology()
