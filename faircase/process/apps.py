from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "faircase.process"
    label = "process"
    verbose_name = "Process and timescales"
