from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircase.cases"
    label = "cases"
