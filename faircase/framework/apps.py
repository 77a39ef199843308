from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "faircase.framework"
    label = "framework"

    def ready(self) -> None:
        from faircase.framework.chronology_sources import register_chronology

        register_chronology()
