"""Background tasks of the records (Django's tasks framework; django-tasks-db runs them in production, ADR 39)."""

from django.tasks import task


@task
def make_record_file(record_file_id: str) -> str:
    """Lay out the record file someone asked for, or reuse the file of the same record made earlier."""
    from faircase.records.services import make_record_file as make

    return make(record_file_id=record_file_id)
