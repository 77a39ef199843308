from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "faircase.records"
    label = "records"
