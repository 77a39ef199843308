"""The one way in to case data: scoped querysets for the case and for every model that belongs to a case.

    Case.objects.visible_to(user)                  the cases a person may open
    Case.objects.with_capability(user, capability) ... and may change, read the history of, and so on
    Case.objects.oversight_of(organisation, user)  an organisation's cases, for returns, overviews and counts
    Case.objects.own_cases_of(user)                the practitioner's own cases, for their own pages
    Case.objects.for_system("reminders")           every case, for a named command or task, never for a person

and the same methods on every case-owned model (`Review.objects.visible_to(user)`), plus
`Review.objects.of_case(case)` for the rows of a case already fetched through this door.

The rule is SQL, written once in `access_q`; the permission predicates (faircase.access.guard) ask the same
query, so there is no second copy of it in Python. Models are looked up lazily: this module sits below every app.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.db.models import Model, OuterRef, Q, QuerySet

from faircase.access.policy import (
    DISCLOSES_FOR_ORGANISATION,
    DISCLOSES_NAMED_CASE,
    GRANTS,
    OVERSIGHT_ROLES,
    Capability,
)

if TYPE_CHECKING:
    # Only named in annotations (this module comes first: the models import it).
    from faircase.accounts.models import Organisation, Viewer
    from faircase.cases.models import Case, Practitioner

_Owned = TypeVar("_Owned", bound=Model)

# The commands and tasks that read case data for no one in particular. Each is named where it reads.
SYSTEM_PURPOSES = frozenset(
    {
        "reminders",  # the daily deadline reminders
        "notifications",  # the notifications of new work, made from audit events and sent by email
        "command",  # faircase commands run by an operator on the server (record export, cases list)
        "demo",  # the demo loader and the synthetic data generator
        "bench",  # make bench
        "audit",  # checks of the audit trail
        # Counts for the equality statistics, read by those the equality rules allow for the organisations they
        # may analyse, and published with small numbers suppressed: never a case's content.
        "statistics",
        # The monthly retention review (faircase retention review): which closed cases are due, never their content.
        "retention",
        # The task worker making a record file someone asked for (ADR 39): it reads the request's row, then the
        # case through the scope of the person who asked.
        "record_files",
    }
)


class AccessError(RuntimeError):
    """A read that tried to go around the access kernel."""


def _is_person(user: Viewer) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "pk", None))


def _model(label: str) -> Any:
    return apps.get_model(label)


def _not_kept_away_q(user: Viewer, *, prefix: str = "") -> Q:
    """Neither excluded for a conflict of interest nor the practitioner the case is about."""
    excluded = _model("cases.ConflictExclusion").objects.filter(user=user).values("case_id")
    own_records = (
        _model("practitioners.PractitionerAccount").objects.filter(user=user).values("practitioner_id")
    )
    return ~Q(**{f"{prefix}id__in": excluded}) & ~Q(**{f"{prefix}practitioner_id__in": own_records})


def _granted_q(user: Viewer, capability: Capability, *, prefix: str = "") -> Q:
    grant = GRANTS[capability]
    organisations = (
        _model("accounts.Membership")
        .objects.filter(user=user, role__in=grant.organisation_roles)
        .values("organisation_id")
    )
    named = _model("cases.CaseMember").objects.filter(user=user, role__in=grant.case_roles).values("case_id")
    return Q(**{f"{prefix}organisation_id__in": organisations}) | Q(**{f"{prefix}id__in": named})


def access_q(user: Viewer, capability: Capability = Capability.VIEW, *, prefix: str = "") -> Q:
    """The rule, as a condition on cases: visible to the user and, beyond seeing, granted the capability."""
    if not _is_person(user):
        return Q(pk__in=[])
    condition = _granted_q(user, Capability.VIEW, prefix=prefix) & _not_kept_away_q(user, prefix=prefix)
    if capability != Capability.VIEW:
        condition &= _granted_q(user, capability, prefix=prefix)
    return condition


def granted_beyond_view_q(user: Viewer, capability: Capability) -> Q:
    """The part of `access_q(user, capability)` left to check on a case already fetched through `visible_to`:
    seeing it and not being kept away are settled by that fetch, so only the capability's own grant remains. The
    case page's fetch annotates this per capability (a third of the subqueries to compile, ADR 38)."""
    if not _is_person(user):
        return Q(pk__in=[])
    if capability == Capability.VIEW:
        return Q(pk__isnull=False)
    return _granted_q(user, capability)


def oversight_q(organisation: Organisation, user: Viewer) -> Q:
    """An organisation's cases for someone who oversees it as a whole; nothing for anyone else."""
    if not _is_person(user):
        return Q(pk__in=[])
    oversees = (
        _model("accounts.Membership")
        .objects.filter(user=user, organisation=organisation, role__in=OVERSIGHT_ROLES)
        .values("organisation_id")
    )
    return Q(organisation=organisation, organisation_id__in=oversees) & _not_kept_away_q(user)


def administered_q(organisation: Organisation, user: Viewer) -> Q:
    """An organisation's cases for its administrator's retention review, which lists references and rules and
    opens no case; conflicts and the administrator's own cases still keep a case away (faircase.retention)."""
    if not _is_person(user):
        return Q(pk__in=[])
    administers = (
        _model("accounts.Membership")
        .objects.filter(user=user, organisation=organisation, role="org_admin")
        .values("organisation_id")
    )
    return Q(organisation=organisation, organisation_id__in=administers) & _not_kept_away_q(user)


def disclosure_q(user: Viewer, *, organisation_wide: bool = False) -> Q:
    """Cases whose disclosure bundle the user may prepare: every case of an organisation they administer and,
    unless `organisation_wide`, the cases they are named on as case manager. Never a case they are kept away from."""
    if not _is_person(user):
        return Q(pk__in=[])
    administers = (
        _model("accounts.Membership")
        .objects.filter(user=user, role__in=DISCLOSES_FOR_ORGANISATION)
        .values("organisation_id")
    )
    condition = Q(organisation_id__in=administers)
    if not organisation_wide:
        named = (
            _model("cases.CaseMember")
            .objects.filter(user=user, role__in=DISCLOSES_NAMED_CASE)
            .values("case_id")
        )
        condition |= Q(id__in=named)
    return condition & _not_kept_away_q(user)


def subject_access_cases(user: Viewer, practitioner: Practitioner) -> QuerySet[Any] | None:
    """Every case about `practitioner`, for an administrator of their organisation answering their subject access
    request; None when the user may not answer it: not an administrator there, the practitioner themselves, or
    kept away from any one of the cases (a bundle missing a case would be an incomplete answer, so another
    administrator must prepare it)."""
    Case = _model("cases.Case")
    if not _is_person(user) or practitioner is None:
        return None
    administers = (
        _model("accounts.Membership")
        .objects.filter(
            user=user, organisation_id=practitioner.organisation_id, role__in=DISCLOSES_FOR_ORGANISATION
        )
        .exists()
    )
    if not administers:
        return None
    if (
        _model("practitioners.PractitionerAccount")
        .objects.filter(user=user, practitioner=practitioner)
        .exists()
    ):
        return None
    cases: QuerySet[Any] = Case.objects.filter(
        practitioner=practitioner, organisation_id=practitioner.organisation_id
    )
    if cases.exclude(_not_kept_away_q(user)).exists():
        return None
    return cases


def practitioners_kept_from(user: Viewer) -> QuerySet[Any]:
    """The practitioners with a case the user is kept away from (a conflict, or their own): whose subject access
    bundles the user may neither prepare nor open, nor see listed."""
    Case = _model("cases.Case")
    kept: QuerySet[Any] = Case.objects.exclude(_not_kept_away_q(user)).values("practitioner_id")
    return kept


def people_with_access(case: Case, capability: Capability = Capability.VIEW) -> QuerySet[Any]:
    """The active people who may see `case` (and, beyond seeing, hold `capability`): the rule of `access_q` read
    from the case's side, for choosing who may own its work. Built from the same grants table; a property test
    holds the two to the same answer for every person."""
    User = _model("accounts.User")

    def granted(wanted: Capability) -> Q:
        grant = GRANTS[wanted]
        in_organisation = (
            _model("accounts.Membership")
            .objects.filter(organisation_id=case.organisation_id, role__in=grant.organisation_roles)
            .values("user_id")
        )
        named = (
            _model("cases.CaseMember")
            .objects.filter(case_id=case.pk, role__in=grant.case_roles)
            .values("user_id")
        )
        return Q(pk__in=in_organisation) | Q(pk__in=named)

    excluded = _model("cases.ConflictExclusion").objects.filter(case_id=case.pk).values("user_id")
    subject = (
        _model("practitioners.PractitionerAccount")
        .objects.filter(practitioner_id=case.practitioner_id)
        .values("user_id")
    )
    condition = granted(Capability.VIEW) & ~Q(pk__in=excluded) & ~Q(pk__in=subject)
    if capability != Capability.VIEW:
        condition &= granted(capability)
    people: QuerySet[Any] = User.objects.filter(condition, is_active=True).order_by("full_name", "username")
    return people


class CaseQuerySet(QuerySet["Case"]):
    def visible_to(self, user: Viewer) -> Self:
        return self.filter(access_q(user))

    def with_capability(self, user: Viewer, capability: Capability) -> Self:
        return self.filter(access_q(user, capability))

    def visible_in_parts(self, user: Viewer) -> list[Self]:
        """`visible_to(user)` cut into disjoint parts that an index reads in order (ADR 37): one per organisation
        where the user's role shows every case (`organisation_id = X`, read newest first by the case list's
        index), then the cases they are named on elsewhere (through CaseMember's (user, case) index). An OR of
        the two, as `visible_to` asks, leaves the planner nothing to read in order, so a list sorted every
        visible case to keep fifty. The same grants and the same conflicts as `access_q`; a test holds the
        union of the parts to `visible_to` for every kind of person."""
        if not _is_person(user):
            return []
        grant = GRANTS[Capability.VIEW]
        organisation_ids = sorted(
            set(
                _model("accounts.Membership")
                .objects.filter(user=user, role__in=grant.organisation_roles)
                .values_list("organisation_id", flat=True)
            )
        )
        kept_away = _not_kept_away_q(user)
        named = (
            _model("cases.CaseMember").objects.filter(user=user, role__in=grant.case_roles).values("case_id")
        )
        parts = [self.filter(kept_away, organisation_id=organisation) for organisation in organisation_ids]
        parts.append(self.filter(kept_away, id__in=named).exclude(organisation_id__in=organisation_ids))
        return parts

    def oversight_of(self, organisation: Organisation, user: Viewer) -> Self:
        return self.filter(oversight_q(organisation, user))

    def administered_by(self, organisation: Organisation, user: Viewer) -> Self:
        return self.filter(administered_q(organisation, user))

    def for_disclosure(self, user: Viewer, *, organisation_wide: bool = False) -> Self:
        """The cases whose disclosure bundle the user may prepare (faircase.bundles)."""
        return self.filter(disclosure_q(user, organisation_wide=organisation_wide))

    def own_cases_of(self, user: Viewer) -> Self:
        """The cases about the practitioner records linked to the user: their own pages, nothing more."""
        if not _is_person(user):
            return self.none()
        own_records = (
            _model("practitioners.PractitionerAccount").objects.filter(user=user).values("practitioner_id")
        )
        return self.filter(practitioner_id__in=own_records)

    def of_case(self, case: Case) -> Self:
        """The one case the caller already fetched through the kernel, as a queryset (to annotate or join)."""
        if case is None or getattr(case, "pk", None) is None:
            raise AccessError("of_case needs a saved case fetched through faircase.access")
        return self.filter(pk=case.pk)

    def for_system(self, purpose: str) -> Self:
        if purpose not in SYSTEM_PURPOSES:
            raise AccessError(f"'{purpose}' is not a named system purpose (faircase.access.scopes)")
        return self.all()


class CaseOwnedQuerySet(QuerySet[_Owned]):
    """Rows that belong to a case. The model names the path to its case in `case_path` (default "case")."""

    def _case_path(self) -> str:
        return getattr(self.model, "case_path", "case")

    def _cases(self) -> Any:
        return _model("cases.Case").objects

    def visible_to(self, user: Viewer) -> Self:
        return self.filter(**{f"{self._case_path()}__in": self._cases().visible_to(user).values("pk")})

    def with_capability(self, user: Viewer, capability: Capability) -> Self:
        return self.filter(
            **{f"{self._case_path()}__in": self._cases().with_capability(user, capability).values("pk")}
        )

    def oversight_of(self, organisation: Organisation, user: Viewer) -> Self:
        return self.filter(
            **{f"{self._case_path()}__in": self._cases().oversight_of(organisation, user).values("pk")}
        )

    def own_cases_of(self, user: Viewer) -> Self:
        return self.filter(**{f"{self._case_path()}__in": self._cases().own_cases_of(user).values("pk")})

    def of_case(self, case: Case | OuterRef | uuid.UUID) -> Self:
        """The rows of one case that the caller fetched through the kernel (a view's decorator, a scope), or, in
        a correlated subquery, of the outer query's case (`OuterRef("pk")`)."""
        if case is None or getattr(case, "pk", case) is None:
            raise AccessError("of_case needs a saved case fetched through faircase.access")
        return self.filter(**{self._case_path(): case})

    def of_cases(self, cases: QuerySet[Any]) -> Self:
        """The rows of several cases, given as a scoped case queryset."""
        if not isinstance(cases, CaseQuerySet):
            raise AccessError("of_cases needs a case queryset from a scope of faircase.access")
        return self.filter(**{f"{self._case_path()}__in": cases.values("pk")})

    def for_system(self, purpose: str) -> Self:
        if purpose not in SYSTEM_PURPOSES:
            raise AccessError(f"'{purpose}' is not a named system purpose (faircase.access.scopes)")
        return self.all()


class SecondLookQuerySet(CaseOwnedQuerySet[Any]):
    """A blind second look is the one piece of a case someone outside it may read: the anonymised summary asked
    of them, while they stay independent of the case."""

    # The states a reviewer sees: not a draft, not withdrawn.
    REVIEWER_SEES = ("sent", "answered", "recorded")

    def asked_of(self, user: Viewer) -> Self:
        if not _is_person(user):
            return self.none()
        named = _model("cases.CaseMember").objects.filter(user=user).values("case_id")
        return (
            self.filter(reviewer=user, status__in=self.REVIEWER_SEES)
            .exclude(case_id__in=named)
            .filter(_not_kept_away_q(user, prefix="case__"))
        )


# The methods through which case data may be read outside services (checked by the architecture test).
SCOPED_ENTRY_POINTS = frozenset(
    {
        "visible_to",
        "visible_in_parts",
        "with_capability",
        "oversight_of",
        "administered_by",
        "own_cases_of",
        "of_case",
        "of_cases",
        "for_system",
        "asked_of",
        "for_disclosure",
    }
)
