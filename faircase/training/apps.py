from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "faircase.training"
    label = "training"
    verbose_name = "Training: the framework's case studies, worked alone or in a facilitated session"

    def ready(self) -> None:
        from faircase.training import checks  # noqa: F401 (registers the check of the study files)
