from django.apps import AppConfig


class NhsukFormsConfig(AppConfig):
    name = "faircase.nhsuk_forms"
    label = "nhsuk_forms"
