"""Reads for equality data and imports, always scoped to the organisations where the user may handle equality
data (`equality.handle_data`: equality analysts and organisation administrators). For anyone else the pages
and the things on them do not exist (404)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.models import Organisation, Viewer
from faircase.accounts.selectors import organisations_with_role
from faircase.cases.models import Practitioner

from .models import EqualityRecord, HistoricCase, ImportBatch, WorkforceBaseline

REFERENCE_CHUNK = 500  # references per query: well inside every database's limit on parameters


def equality_organisations(user: Viewer) -> QuerySet[Organisation]:
    """The organisations whose equality data the user may see and change, by name."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return organisations_with_role(user, R.HANDLES_EQUALITY_DATA).order_by("name")


def equality_organisations_or_404(user: Viewer) -> list[Organisation]:
    organisations = list(equality_organisations(user))
    if not organisations:
        raise Http404("Not available")
    return organisations


def chosen_organisation(organisations: list[Organisation], slug: str) -> Organisation | None:
    """The organisation a filter asks for, among the user's; None for all of them (or an unknown slug)."""
    return next((o for o in organisations if o.slug == slug), None)


def practitioners_for_equality(
    user: Viewer, *, organisation: Organisation | None = None, recorded: str = "", search: str = ""
) -> QuerySet[Practitioner]:
    """Practitioners in the user's equality organisations, with whether their equality data is recorded
    (`has_equality`, `equality_updated_at`): never the values."""
    practitioners = Practitioner.objects.filter(organisation__in=equality_organisations(user))
    if organisation is not None:
        practitioners = practitioners.filter(organisation=organisation)
    if search:
        practitioners = practitioners.filter(
            Q(full_name__icontains=search) | Q(registration_number__icontains=search)
        )
    practitioners = practitioners.annotate(
        has_equality=Exists(EqualityRecord.objects.filter(practitioner=OuterRef("pk"))),
        equality_updated_at=F("equality__updated_at"),
    )
    if recorded == "yes":
        practitioners = practitioners.filter(has_equality=True)
    elif recorded == "no":
        practitioners = practitioners.filter(has_equality=False)
    return practitioners.select_related("organisation").order_by("full_name", "pk")


def recorded_counts(user: Viewer, *, organisation: Organisation | None = None) -> dict[str, int]:
    practitioners = practitioners_for_equality(user, organisation=organisation)
    counts = practitioners.aggregate(total=Count("pk"), recorded=Count("equality"))
    return {"total": counts["total"], "recorded": counts["recorded"]}


def get_practitioner_for_equality(user: Viewer, practitioner_id: Any) -> Practitioner:
    """One practitioner whose equality data the user may handle; 404 for everyone else."""
    try:
        practitioner = (
            Practitioner.objects.filter(organisation__in=equality_organisations(user))
            .select_related("organisation")
            .get(pk=practitioner_id)
        )
    except (Practitioner.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("Not available") from error
    if not user.has_perm("equality.handle_data", practitioner.organisation):
        raise Http404("Not available")
    return practitioner


def equality_record_for(practitioner: Practitioner) -> EqualityRecord | None:
    return EqualityRecord.objects.select_related("updated_by").filter(practitioner=practitioner).first()


def import_batches(organisations: Iterable[Organisation], *, limit: int = 50) -> list[ImportBatch]:
    """The latest imports into these organisations, newest first."""
    return list(
        ImportBatch.objects.filter(organisation__in=list(organisations))
        .select_related("organisation", "imported_by")
        .order_by("-imported_at", "-pk")[:limit]
    )


def baselines_held(organisations: Iterable[Organisation]) -> list[dict[str, Any]]:
    """For each organisation, period, profession and dimension held: how many groups, the total headcount and
    when it was imported."""
    return [
        dict(row)
        for row in WorkforceBaseline.objects.filter(organisation__in=list(organisations))
        .values("organisation__name", "organisation__slug", "period", "profession", "dimension")
        .annotate(groups=Count("pk"), headcount=Sum("headcount"), imported_at=Max("batch__imported_at"))
        .order_by("organisation__name", "-period", "profession", "dimension")
    ]


def historic_cases_held(organisations: Iterable[Organisation]) -> list[dict[str, Any]]:
    """For each organisation, period and profession: how many historic cases are held, and their dates."""
    return [
        dict(row)
        for row in HistoricCase.objects.filter(organisation__in=list(organisations))
        .values("organisation__name", "organisation__slug", "period", "profession")
        .annotate(cases=Count("pk"), first=Min("date_raised"), last=Max("date_raised"))
        .order_by("organisation__name", "-period", "profession")
    ]


def historic_references_held(organisation: Organisation, references: list[str]) -> set[str]:
    """Which of these references the organisation already holds as historic cases."""
    held: set[str] = set()
    for start in range(0, len(references), REFERENCE_CHUNK):
        chunk = references[start : start + REFERENCE_CHUNK]
        held.update(
            HistoricCase.objects.filter(organisation=organisation, reference__in=chunk).values_list(
                "reference", flat=True
            )
        )
    return held


def baseline_keys_held(
    organisation: Organisation, keys: set[tuple[str, str, str]]
) -> dict[tuple[str, str, str], int]:
    """How many headcounts the organisation holds now for each (period, profession, dimension) in `keys`."""
    if not keys:
        return {}
    periods = {k[0] for k in keys}
    rows = (
        WorkforceBaseline.objects.filter(organisation=organisation, period__in=periods)
        .values_list("period", "profession", "dimension")
        .annotate(n=Count("pk"))
    )
    return {(p, pr, d): n for p, pr, d, n in rows if (p, pr, d) in keys}
