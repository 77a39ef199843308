"""Reads of a case's investigation. Each takes a case the caller fetched through the access kernel (a view's
`@case_view`, a command's `for_system`), so what it returns is scoped by construction."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from faircase.accounts.models import User
from faircase.cases.models import Case, Concern
from faircase.core.page_reads import read_once
from faircase.documents.choices import Kind
from faircase.documents.models import Document
from faircase.framework.models import Review
from faircase.framework.principles import ReviewPoint
from faircase.practitioners.models import Submission
from faircase.proceedings.models import Appeal, Hearing, Interview, Investigation, ReportDecision


@read_once
def investigation_of(case: Case) -> Investigation | None:
    investigation = (
        Investigation.objects.of_case(case)
        .select_related("investigator", "appointed_by", "terms_set_by", "report", "report_received_by")
        .select_related("factual_accuracy")
        .first()
    )
    if investigation is not None:
        investigation.case = case
    return investigation


def investigation_or_404(case: Case) -> Investigation:
    investigation = investigation_of(case)
    if investigation is None:
        raise Http404("No investigation on this case")
    return investigation


def allegations_of(investigation: Investigation) -> list[Concern]:
    return list(investigation.allegations.order_by("raised_on", "id"))


def interviews_of(case: Case) -> QuerySet[Interview]:
    return Interview.objects.of_case(case).select_related("minutes").order_by("held_on", "recorded_at", "id")


def interview_in(case: Case, interview_id: uuid.UUID | str) -> Interview:
    try:
        interview = interviews_of(case).get(pk=interview_id)
    except (Interview.DoesNotExist, ValueError) as error:
        raise Http404("No such interview") from error
    interview.case = case
    return interview


def concerns_of(case: Case) -> QuerySet[Concern]:
    return Concern.objects.of_case(case).order_by("raised_on", "id")


def documents_of_kind(case: Case, kind: str) -> QuerySet[Document]:
    return Document.objects.of_case(case).filter(kind=kind).order_by("-dated", "-added_at")


def minutes_of(case: Case) -> QuerySet[Document]:
    return documents_of_kind(case, Kind.MINUTES)


def reports_of(case: Case) -> QuerySet[Document]:
    return documents_of_kind(case, Kind.REPORT)


def factual_accuracy_submissions(case: Case) -> QuerySet[Submission]:
    return (
        Submission.objects.of_case(case)
        .filter(kind=Submission.Kind.FACTUAL_ACCURACY)
        .order_by("submitted_at")
    )


def people_of_the_organisation(case: Case) -> QuerySet[Any]:
    """Everyone active in the case's organisation, to choose the case investigator from. Who may not be chosen
    (a conflict, the practitioner, the case manager) is refused by the service with the reason, not hidden."""
    people: QuerySet[Any] = (
        User.objects.filter(memberships__organisation_id=case.organisation_id, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )
    return people


def determination_reviews(case: Case) -> QuerySet[Review]:
    """Completed framework reviews of the case at the determination review point not yet taken with a decision."""
    return (
        Review.objects.of_case(case)
        .filter(review_point=ReviewPoint.DETERMINATION, status=Review.Status.COMPLETED)
        .filter(report_decision__isnull=True)
        .select_related("completed_by")
        .order_by("-completed_at")
    )


@read_once
def decision_of(case: Case) -> ReportDecision | None:
    decision = (
        ReportDecision.objects.of_case(case)
        .select_related("decided_by", "review", "review__completed_by")
        .first()
    )
    if decision is not None:
        decision.case = case
    return decision


def hearing_of(case: Case) -> Hearing | None:
    hearing = (
        Hearing.objects.of_case(case)
        .select_related("recorded_by", "outcome_recorded_by")
        .prefetch_related("panel")
        .first()
    )
    if hearing is not None:
        hearing.case = case
    return hearing


def appeal_of(case: Case) -> Appeal | None:
    appeal = (
        Appeal.objects.of_case(case)
        .select_related("recorded_by", "outcome_recorded_by")
        .prefetch_related("panel")
        .first()
    )
    if appeal is not None:
        appeal.case = case
    return appeal
