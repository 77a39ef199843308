from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "faircase.notifications"
    label = "notifications"
    verbose_name = "Notifications of new work"

    def ready(self) -> None:
        from faircase.notifications import receivers

        receivers.connect()
