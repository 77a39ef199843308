from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "faircase.demo"
    label = "demo"
