from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "faircase.api"
    label = "api"
