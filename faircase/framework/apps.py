from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "faircase.framework"
    label = "framework"
