from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "faircase.backups"
    label = "backups"
    verbose_name = "Backup and restore"
