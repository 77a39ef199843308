from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "faircase.practitioners"
    label = "practitioners"
    verbose_name = "The practitioner's voice and welfare"
