"""faircase's JSON API, version 1: read-only, for signed-in users (the browser session), scoped exactly as the
pages are. A case the user may not see does not exist here either (404). The OpenAPI description is at
/api/v1/openapi.json."""

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from faircase.access.guard import case_for_request
from faircase.api.pagination import BoundedLimitOffsetPagination
from faircase.cases.models import Case
from faircase.framework import selectors as framework_selectors
from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE, PRINCIPLES_IN_ORDER, Principle


def _signed_in_only(view: Any) -> Any:
    """For the OpenAPI description: 401 JSON, like every operation, when nobody is signed in."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="faircase API",
    version="1",
    description=(
        "Read-only access to faircase for signed-in users, scoped to what each user may see. "
        "The five Principles of the framework are fixed: they can be read, never changed."
    ),
    auth=django_auth,
    urls_namespace="api",
    # The interactive docs page loads scripts that the Content Security Policy does not allow; the OpenAPI
    # description below is what clients and tools use.
    docs_url=None,
    docs_decorator=_signed_in_only,
)

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


# ---- schemas ---------------------------------------------------------------------------------------------


class Message(Schema):
    message: str


class PrincipleOut(Schema):
    code: str
    name: str
    position: int


class ConsiderationOut(Schema):
    code: str
    text: str
    guidance: str
    review_points: list[str]
    retired: bool


class PrincipleWithConsiderations(PrincipleOut):
    considerations: list[ConsiderationOut]


class VersionRef(Schema):
    organisation: str | None
    number: int


class FrameworkVersionOut(Schema):
    organisation: str | None
    national: bool
    number: int
    title: str
    change_note: str
    published_at: dt.datetime | None
    based_on: VersionRef | None
    principles: list[PrincipleWithConsiderations]


class CaseOut(Schema):
    id: uuid.UUID
    reference: str
    organisation: str
    practitioner: str
    stage: str
    stage_name: str
    opened_at: dt.datetime

    @staticmethod
    def resolve_organisation(case: Any) -> str:
        return case.organisation.slug

    @staticmethod
    def resolve_practitioner(case: Any) -> str:
        return case.practitioner.full_name


class ReviewOut(Schema):
    review_point: str
    status: str
    framework_version: int
    started_at: dt.datetime
    completed_at: dt.datetime | None


class CaseDetailOut(CaseOut):
    policy: str
    policy_name: str
    patient_safety_incident: bool
    closed_at: dt.datetime | None
    outcome: str
    open_follow_ups: int
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_policy_name(case: Any) -> str:
        return case.get_policy_display()

    @staticmethod
    def resolve_open_follow_ups(case: Any) -> int:
        return framework_selectors.open_follow_ups(case).count()

    @staticmethod
    def resolve_reviews(case: Any) -> list[dict[str, Any]]:
        return [
            {
                "review_point": r.review_point,
                "status": r.status,
                "framework_version": r.version.number,
                "started_at": r.started_at,
                "completed_at": r.completed_at,
            }
            for r in framework_selectors.reviews_for_case(case)
        ]


# ---- the Principles: fixed ---------------------------------------------------------------------------------


def _principle(principle: Principle) -> dict[str, Any]:
    return {
        "code": principle.value,
        "name": principle.label,
        "position": PRINCIPLES_IN_ORDER.index(principle) + 1,
    }


@api.get(
    "/principles", response=list[PrincipleOut], tags=["framework"], summary="The five Principles, in order"
)
def list_principles(request: HttpRequest) -> list[dict[str, Any]]:
    return [_principle(p) for p in PRINCIPLES_IN_ORDER]


@api.get(
    "/principles/{code}", response=PrincipleOut, tags=["framework"], summary="One of the five Principles"
)
def get_principle(request: HttpRequest, code: str) -> dict[str, Any]:
    if code not in Principle.values:
        raise Http404("No such Principle")
    return _principle(Principle(code))


def _refuse(response: HttpResponse) -> Status:
    response["Allow"] = "GET"
    return Status(405, {"message": FIXED_PRINCIPLES_MESSAGE})


# Whoever asks, the answer is the same: the Principles cannot be created, changed or removed. No sign-in is
# needed to be told so, and the refusal changes nothing.
@api.api_operation(WRITE_METHODS, "/principles", auth=None, response={405: Message}, include_in_schema=False)
def refuse_principles(request: HttpRequest, response: HttpResponse) -> Status:
    return _refuse(response)


@api.api_operation(
    WRITE_METHODS, "/principles/{code}", auth=None, response={405: Message}, include_in_schema=False
)
def refuse_principle(request: HttpRequest, code: str, response: HttpResponse) -> Status:
    return _refuse(response)


# ---- the framework version in use ----------------------------------------------------------------------------


@api.get(
    "/framework/current",
    response=FrameworkVersionOut,
    tags=["framework"],
    summary="The framework version an organisation uses now",
)
def current_framework(request: HttpRequest, org: str) -> dict[str, Any]:
    """Only for members of the organisation (any role); for anyone else the organisation does not exist."""
    organisation = framework_selectors.member_organisation(request.user, org)
    if organisation is None:
        raise Http404("No such organisation")
    version = framework_selectors.current_version(organisation)
    considerations = framework_selectors.considerations_in(version)
    based_on = version.based_on
    return {
        "organisation": version.organisation.slug if version.organisation else None,
        "national": version.is_national,
        "number": version.number,
        "title": version.title,
        "change_note": version.change_note,
        "published_at": version.published_at,
        "based_on": None
        if based_on is None
        else {
            "organisation": based_on.organisation.slug if based_on.organisation else None,
            "number": based_on.number,
        },
        "principles": [
            {**_principle(p), "considerations": [c for c in considerations if c.principle == p.value]}
            for p in PRINCIPLES_IN_ORDER
        ],
    }


# ---- cases -------------------------------------------------------------------------------------------------


@api.get("/cases", response=list[CaseOut], tags=["cases"], summary="Cases you may see, newest first")
@paginate(BoundedLimitOffsetPagination)
def list_cases(request: HttpRequest, org: str = "", stage: str = "") -> Any:
    cases = Case.objects.visible_to(request.user).select_related("organisation", "practitioner")
    if org:
        cases = cases.filter(organisation__slug=org)
    if stage:
        cases = cases.filter(stage=stage)
    return cases.order_by("-opened_at", "reference")


@api.get("/cases/{case_id}", response=CaseDetailOut, tags=["cases"], summary="One case you may see")
def get_case(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Reading a case through the API is audited, as on the case page."""
    return case_for_request(request, case_id, "case.api_read")
