from typing import Any

from django.db.models import QuerySet

from faircase.core.models import AuditEvent


def events_for_case(case: Any) -> QuerySet[AuditEvent]:
    """A case's history, newest first. The caller has already fetched the case through a scoped selector."""
    return AuditEvent.objects.filter(case=case).order_by("-sequence")
