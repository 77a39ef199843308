from django.apps import AppConfig


class SecondLookConfig(AppConfig):
    name = "faircase.second_look"
    label = "second_look"
    verbose_name = "A blind second look at significant decisions"

    def ready(self) -> None:
        from faircase.second_look.case_sections import register_sections

        register_sections()
