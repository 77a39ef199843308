"""Background tasks of the disclosure bundles (Django's tasks framework; django-tasks-db runs them, ADR 39)."""

from django.tasks import task


@task
def make_bundle(bundle_id: str) -> str:
    """Gather, redact, lay out and store the bundle someone asked for."""
    from faircase.bundles.services import make_bundle as make

    return make(bundle_id=bundle_id)
