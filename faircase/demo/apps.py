from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "faircase.demo"
    label = "demo"
    verbose_name = "Demo"

    def ready(self) -> None:
        from faircase.demo import checks  # noqa: F401  (registers the system check)
