from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "faircase.bundles"
    label = "bundles"
    verbose_name = "Disclosure bundles"
