"""Background tasks of the process app (Django's tasks framework; django-tasks-db runs them in production)."""

from django.tasks import task


@task
def send_reminder(reminder_id: int) -> str:
    """Email one reminder and mark it sent, or record the failure for the next run to retry."""
    from faircase.process.reminders import send

    return send(reminder_id)
