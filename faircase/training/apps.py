from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "faircase.training"
    label = "training"
    verbose_name = "Training: the framework's case studies, worked alone or in a facilitated session"
