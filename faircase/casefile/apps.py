from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "faircase.casefile"
    label = "casefile"
    verbose_name = "Case notes"

    def ready(self) -> None:
        from faircase.casefile.case_sections import register_all

        register_all()
