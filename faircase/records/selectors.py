"""Reading the record files people asked for (ADR 39). The case has already come through the access kernel
(faircase.access.guard.case_view): a file is found only among that case's, so an identifier from another case
answers 404 like any case the person may not see."""

import uuid

from django.http import Http404

from faircase.cases.models import Case
from faircase.records.models import RecordFile


def record_file_of(case: Case, record_file_id: uuid.UUID) -> RecordFile:
    try:
        return RecordFile.objects.of_case(case).get(pk=record_file_id)
    except RecordFile.DoesNotExist as error:
        raise Http404("No such file") from error


def newest_for(*, case: Case, fmt: str) -> RecordFile | None:
    """The latest request for the record of `case` as `fmt` (the benchmark and the tests read it)."""
    return RecordFile.objects.of_case(case).filter(format=fmt).order_by("-requested_at", "-pk").first()
