from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "faircase.retention"
    label = "retention"
    verbose_name = "Retention and deletion"
