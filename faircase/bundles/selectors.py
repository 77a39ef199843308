"""Reads for disclosure bundles, every one through the access kernel (faircase.access.scopes): what a user may not
prepare or download answers 404 (Http404), the same whether it exists or not."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from faircase.access.policy import DISCLOSES_FOR_ORGANISATION
from faircase.access.scopes import practitioners_kept_from, subject_access_cases
from faircase.accounts.models import Organisation, Viewer, signed_in
from faircase.accounts.selectors import roles_in
from faircase.bundles.choices import Kind
from faircase.bundles.models import Bundle
from faircase.cases.models import Case, Practitioner

CASE_RELATED = ("organisation", "practitioner", "opened_by", "pack_version")


def administers(user: Viewer, organisation: Organisation) -> bool:
    return bool(DISCLOSES_FOR_ORGANISATION & roles_in(user, organisation))


def organisation_for(user: Viewer, slug: str) -> Organisation:
    """An organisation the user administers (and so answers subject access requests for), or 404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not signed_in(user) or not administers(user, organisation):
        raise Http404("Not available")
    return organisation


def practitioners_of(user: Viewer, organisation: Organisation) -> QuerySet[Practitioner]:
    """The practitioners whose subject access request the user may answer."""
    return (
        Practitioner.objects.filter(organisation=organisation)
        .exclude(pk__in=practitioners_kept_from(user))
        .order_by("full_name", "pk")
    )


def subject_access_for(
    user: Viewer, organisation: Organisation, practitioner_id: Any
) -> tuple[Practitioner, list[Case]]:
    """The practitioner and every case about them, for an administrator who may answer their subject access
    request; 404 otherwise (ADR 32: kept away from one of their cases, or the practitioner themselves)."""
    try:
        practitioner = Practitioner.objects.get(pk=practitioner_id, organisation=organisation)
    except (Practitioner.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("Not available") from error
    cases = subject_access_cases(user, practitioner)
    if cases is None:
        raise Http404("Not available")
    return practitioner, list(cases.select_related(*CASE_RELATED).order_by("opened_at", "reference"))


def tribunal_case_for(user: Viewer, case_id: Any) -> Case:
    """A case whose tribunal bundle the user may prepare (its named case manager, an administrator), or 404."""
    if not signed_in(user):
        raise Http404("Not available")
    try:
        return Case.objects.for_disclosure(user).select_related(*CASE_RELATED).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("Not available") from error


def bundles_visible_to(user: Viewer, organisation: Organisation) -> QuerySet[Bundle]:
    """The organisation's bundles the user may open: every subject access bundle for an administrator (unless kept
    away from one of the practitioner's cases, checked on opening), and the tribunal bundles of the cases the user
    may prepare them for."""
    if not signed_in(user):
        return Bundle.objects.none()
    tribunal = Q(kind=Kind.TRIBUNAL, case__in=Case.objects.for_disclosure(user).values("pk"))
    subject_access = Q(kind=Kind.SUBJECT_ACCESS) & ~Q(practitioner_id__in=practitioners_kept_from(user))
    condition = tribunal | subject_access if administers(user, organisation) else tribunal
    return (
        Bundle.objects.filter(condition, organisation=organisation)
        .select_related("practitioner", "case", "prepared_by", "released_by")
        .order_by("-prepared_at", "id")
    )


def bundle_for(user: Viewer, organisation: Organisation, bundle_id: Any) -> Bundle:
    try:
        bundle = bundles_visible_to(user, organisation).get(pk=bundle_id)
    except (Bundle.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404("Not available") from error
    if bundle.kind == Kind.SUBJECT_ACCESS and subject_access_cases(user, bundle.practitioner) is None:
        raise Http404("Not available")
    return bundle


def organisation_of_case_for(user: Viewer, slug: str) -> Organisation:
    """The organisation of a bundle page: any organisation where the user may prepare some bundle, or 404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not signed_in(user):
        raise Http404("Not available")
    if administers(user, organisation):
        return organisation
    if not Case.objects.for_disclosure(user).filter(organisation=organisation).exists():
        raise Http404("Not available")
    return organisation


def tribunal_bundles_of(user: Viewer, case: Case) -> list[Bundle] | None:
    """The case's tribunal bundles, newest first, for someone who may prepare one; None for anyone else."""
    if not signed_in(user) or not Case.objects.for_disclosure(user).filter(pk=case.pk).exists():
        return None
    return list(
        Bundle.objects.filter(kind=Kind.TRIBUNAL, case=case)
        .select_related("organisation", "practitioner", "case")
        .order_by("-prepared_at", "id")
    )
