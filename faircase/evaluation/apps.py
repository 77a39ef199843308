from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "faircase.evaluation"
    label = "evaluation"
    verbose_name = "The evaluation of the framework"
