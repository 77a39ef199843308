from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "faircase.documents"
    label = "documents"
    verbose_name = "Documents and evidence on a case"

    def ready(self) -> None:
        from faircase.documents.case_sections import register_record_sections, register_sections
        from faircase.documents.chronology_sources import register_chronology

        register_sections()
        register_record_sections()
        register_chronology()
