from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "faircase.retention"
    label = "retention"
    verbose_name = "Retention and deletion"

    def ready(self) -> None:
        from faircase.retention.case_sections import register_record_sections, register_sections

        register_sections()
        register_record_sections()
