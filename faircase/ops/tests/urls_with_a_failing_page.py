"""faircase's URLs and one page that fails with the case's own words in its exception, for the logging tests."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import path

from faircase.cases.models import Case
from faircase.config.urls import urlpatterns as faircase_urlpatterns


def fail_with_case_content(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = Case.objects.select_related("practitioner").get(pk=case_id)
    concern = case.concerns.first()
    # An exception message holding what someone typed, as a bug in a real page might raise.
    raise ValueError(f"Could not file {concern.description!r} for {case.practitioner.full_name}")


urlpatterns = [
    path("ops-test/fail/<uuid:case_id>/", fail_with_case_content, name="ops_test_fail"),
    *faircase_urlpatterns,
]

handler404 = "faircase.core.views.not_found"
handler500 = "faircase.core.views.server_error"
