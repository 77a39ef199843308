from django.apps import AppConfig


class SecondLookConfig(AppConfig):
    name = "faircase.second_look"
    label = "second_look"
    verbose_name = "A blind second look at significant decisions"
