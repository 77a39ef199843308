"""Reads for the consistency lens and the language check.

Comparable cases are the organisation's other closed cases whose main concern has the same category and
severity, about a practitioner of the same profession in the same setting. Nothing else is compared: never
equality data (faircase.equality) and never the place of qualification. A test fails if this app reads either.

Counts cover the comparable cases the user oversees or may see (faircase.access: conflicts and their own cases
left out), in one aggregate query that also says which of them the user may open; references are listed only for
those. What may be shown of the cases they may not open is decided in disclosure.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext

from faircase.accounts.models import Organisation
from faircase.accounts.selectors import organisations_with_role
from faircase.cases import selectors as case_selectors
from faircase.cases.choices import ConcernCategory, Profession, Setting
from faircase.cases.choices import Severity as ConcernSeverity
from faircase.cases.models import Case, Concern, StageMove
from faircase.consistency.comparison import Comparison, build_comparison
from faircase.consistency.language import Lexicon, national_terms, organisation_term
from faircase.consistency.models import LexiconSwitchOff, LexiconTerm
from faircase.consistency.rules import EDITS_LANGUAGE_LIST
from faircase.consistency.severity import severity
from faircase.process.models import RegulatorReferral, Restriction

if TYPE_CHECKING:
    from faircase.accounts.models import User

# Least severe first, as the concern form offers them.
CONCERN_SEVERITY_ORDER = tuple(ConcernSeverity.values)
VISIBLE_LIMIT = 20


def main_concern(concerns: Iterable[Concern]) -> Concern | None:
    """A case's main concern: the most severe, then the earliest raised (then the first recorded)."""

    def key(concern: Concern) -> tuple:
        rank = (
            CONCERN_SEVERITY_ORDER.index(concern.severity)
            if concern.severity in CONCERN_SEVERITY_ORDER
            else -1
        )
        return (-rank, concern.raised_on, concern.pk or 0)

    return min(concerns, key=key, default=None)


@dataclass(frozen=True)
class Profile:
    """What makes a case comparable."""

    category: str
    severity: str
    profession: str
    setting: str

    @property
    def rows(self) -> list[tuple[str, str]]:
        return [
            (gettext("Category of the main concern"), ConcernCategory(self.category).label),
            (gettext("Severity of the main concern"), ConcernSeverity(self.severity).label.split(":")[0]),
            (gettext("Profession"), Profession(self.profession).label),
            (gettext("Setting"), Setting(self.setting).label),
        ]


def profile_of(case: Case) -> Profile | None:
    main = main_concern(case_selectors.concerns_for(case))
    if main is None:
        return None
    return Profile(
        category=main.category,
        severity=main.severity,
        profession=case.practitioner.profession,
        setting=case.practitioner.setting,
    )


def counted_cases(case: Case, user: User) -> QuerySet[Case]:
    """The cases the lens may count for this user: the organisation's, if they oversee it, and any they may see."""
    return Case.objects.oversight_of(case.organisation, user) | Case.objects.visible_to(user)


def _comparable(case: Case, profile: Profile, pool: QuerySet[Case]) -> QuerySet[Case]:
    """The comparable closed cases of the organisation within a scoped pool of cases.

    "Main concern is category C at severity S" is asked as: the case has a concern C at S (a cheap, indexed
    filter first), none more severe than S, and its earliest concern at S is C. That is `main_concern` in SQL.
    """
    more_severe = CONCERN_SEVERITY_ORDER[CONCERN_SEVERITY_ORDER.index(profile.severity) + 1 :]
    return (
        pool.filter(
            organisation_id=case.organisation_id,
            closed_at__isnull=False,
            practitioner__profession=profile.profession,
            practitioner__setting=profile.setting,
        )
        .exclude(pk=case.pk)
        .filter(
            Exists(
                Concern.objects.filter(
                    case=OuterRef("pk"), category=profile.category, severity=profile.severity
                )
            )
        )
        .exclude(Exists(Concern.objects.filter(case=OuterRef("pk"), severity__in=more_severe)))
        .alias(
            main_category=Subquery(
                Concern.objects.filter(case=OuterRef("pk"), severity=profile.severity)
                .order_by("raised_on", "id")
                .values("category")[:1]
            )
        )
        .filter(main_category=profile.category)
    )


def _with_handling(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case's route, restriction level and referral as ranks on the ladders of severity.yaml."""
    sev = severity()

    def highest(steps: Iterable[Any], exists_for: Any) -> models.Case:
        whens = [
            When(exists_for(step), then=Value(step.rank)) for step in sorted(steps, key=lambda s: -s.rank)
        ]
        return models.Case(*whens, default=Value(0), output_field=IntegerField())

    route = highest(
        [s for s in sev.routes.ranked if s.members],
        lambda step: (
            Exists(StageMove.objects.filter(case=OuterRef("pk"), to_stage__in=step.members))
            | Q(stage__in=step.members)
        ),
    )
    restriction = highest(
        [s for s in sev.restrictions.ranked if s.members],
        lambda step: Exists(Restriction.objects.filter(case=OuterRef("pk"), kind__in=step.members)),
    )
    top_referral = max(sev.referrals.ranked, key=lambda s: s.rank or 0)
    referral = models.Case(
        When(
            Exists(RegulatorReferral.objects.filter(case=OuterRef("pk")))
            | Q(outcome__in=top_referral.members),
            then=Value(top_referral.rank),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return cases.annotate(route_rank=route, restriction_rank=restriction, referral_rank=referral)


HANDLING = ("route_rank", "restriction_rank", "referral_rank", "outcome")


def comparison_for(case: Case, user: User, profile: Profile | None = None) -> Comparison | None:
    """Counts of the comparable closed cases by route, restriction, referral and outcome: one grouped query."""
    profile = profile or profile_of(case)
    if profile is None:
        return None
    comparable = _comparable(case, profile, counted_cases(case, user))
    can_open = models.Case(
        When(pk__in=Case.objects.visible_to(user).values("pk"), then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )
    rows = (
        _with_handling(comparable)
        .annotate(can_open=can_open)
        .values(*HANDLING, "can_open")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return build_comparison(rows)


def visible_comparable_cases(
    case: Case, profile: Profile, user: User, limit: int = VISIBLE_LIMIT
) -> list[dict]:
    """Comparable cases the user may see, most recently closed first (one more than `limit`, to tell if
    there are more)."""
    return list(
        _with_handling(_comparable(case, profile, Case.objects.visible_to(user)))
        .order_by("-closed_at", "reference")
        .values("pk", "reference", "closed_at", *HANDLING)[: limit + 1]
    )


def handling_so_far(case: Case) -> dict[str, Any]:
    """This case's own route, restriction level and referral so far, on the same ladders."""
    handling: dict[str, Any] = _with_handling(Case.objects.of_case(case)).values(*HANDLING).get()
    return handling


# ---- the language check -------------------------------------------------------------------------------------


def lexicon_for(organisation: Organisation | None) -> Lexicon:
    """The shipped national terms the organisation has not switched off, and its own terms."""
    if organisation is None:
        return Lexicon(terms=national_terms())
    off = set(LexiconSwitchOff.objects.filter(organisation=organisation).values_list("key", flat=True))
    own = [organisation_term(entry) for entry in LexiconTerm.objects.filter(organisation=organisation)]
    return Lexicon(terms=tuple(t for t in national_terms() if t.key not in off) + tuple(own))


def lexicon_for_chosen(organisations: list[Any], chosen: Any) -> Lexicon:
    """On a form that spans organisations: the lexicon of the one chosen, else of the first."""
    organisation = next(
        (o for o in organisations if str(o.pk) == str(chosen)), organisations[0] if organisations else None
    )
    return lexicon_for(organisation)


def switch_offs_for(organisation: Organisation) -> dict[str, LexiconSwitchOff]:
    return {
        s.key: s
        for s in LexiconSwitchOff.objects.filter(organisation=organisation).select_related("switched_off_by")
    }


def own_terms_for(organisation: Organisation) -> QuerySet[LexiconTerm]:
    return LexiconTerm.objects.filter(organisation=organisation).order_by("term")


def own_term_in(organisation: Organisation, term_id: int) -> LexiconTerm | None:
    return LexiconTerm.objects.filter(organisation=organisation, pk=term_id).first()


def lexicon_organisations_for(user: User) -> QuerySet[Organisation]:
    """Organisations whose language list the user may change (their administrators)."""
    return organisations_with_role(user, EDITS_LANGUAGE_LIST).order_by("name")
