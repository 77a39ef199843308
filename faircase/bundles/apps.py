from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "faircase.bundles"
    label = "bundles"
    verbose_name = "Disclosure bundles"

    def ready(self) -> None:
        from faircase.bundles.case_sections import register_sections

        register_sections()
