"""Background tasks of the notifications (Django's tasks framework; django-tasks-db runs them in production)."""

from django.tasks import task


@task
def send_notification(notification_id: int) -> str:
    """Email one item of new work to someone who wants an email each."""
    from faircase.notifications.services import send_one

    return send_one(notification_id)
