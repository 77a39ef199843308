from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "faircase.practitioners"
    label = "practitioners"
    verbose_name = "The practitioner's voice and welfare"

    def ready(self) -> None:
        from faircase.practitioners.case_sections import register_record_sections, register_sections
        from faircase.practitioners.chronology_sources import register_chronology

        register_sections()
        register_record_sections()
        register_chronology()
