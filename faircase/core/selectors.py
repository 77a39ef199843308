from django.db.models import QuerySet

from faircase.cases.models import Case
from faircase.core.models import AuditEvent


def events_for_case(case: Case) -> QuerySet[AuditEvent]:
    """A case's history, newest first. The caller has already fetched the case through a scoped selector."""
    return AuditEvent.objects.filter(case=case).order_by("-sequence")
