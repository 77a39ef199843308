"""The header's navigation, by what the signed-in user may do."""

from collections.abc import Set as AbstractSet
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.access.policy import DISCLOSES_FOR_ORGANISATION, OVERSIGHT_ROLES
from faircase.accounts import roles as R
from faircase.accounts.models import Organisation
from faircase.accounts.selectors import organisations_and_roles
from faircase.process.selectors import RETURN_ROLES


def _first_with(
    mine: list[tuple[Organisation, frozenset[str]]], roles: AbstractSet[str]
) -> Organisation | None:
    """The first organisation, by name, where the user holds one of `roles`: what each area's own selector of
    organisations answers for them (faircase/core/tests/test_navigation_reads.py compares the two)."""
    return next((organisation for organisation, held in mine if held & roles), None)


def navigation(request: Any) -> list[dict[str, Any]]:
    from faircase.practitioners.selectors import is_portal_only
    from faircase.practitioners.surveys import RESULTS_ROLES

    user = request.user
    if is_portal_only(user):
        # A practitioner has their own view only: their cases, nothing of the staff pages.
        href = reverse("practitioners:portal_home")
        return [{"href": href, "text": _("Your cases"), "current": request.path.startswith("/my/")}]
    items = [
        {"href": reverse("cases:list"), "text": _("Cases")},
        {"href": reverse("casefile:search"), "text": _("Search")},
        {"href": reverse("process:deadlines_yours"), "text": _("Deadlines")},
    ]
    # Every page shows this header: one read of the user's organisations and roles answers all of it (ADR 38).
    mine = organisations_and_roles(user)
    returns = _first_with(mine, RETURN_ROLES)
    if returns is not None:
        items.append(
            {
                "href": reverse("process:restriction_return", kwargs={"org_slug": returns.slug}),
                "text": _("Exclusions return"),
            }
        )
    if _first_with(mine, OVERSIGHT_ROLES) is not None:
        items.append({"href": reverse("oversight:index"), "text": _("Oversight")})
    if mine:
        items.append({"href": reverse("process:pack_list"), "text": _("Policy packs")})
        items.append({"href": reverse("practitioners:portal_support_list"), "text": _("Support directory")})
        items.append({"href": reverse("training:index"), "text": _("Training")})
    if _first_with(mine, R.READS_PUBLISHED_EQUALITY_STATISTICS) is not None:
        items.append({"href": reverse("equality:home"), "text": _("Equality")})
    if _first_with(mine, RESULTS_ROLES) is not None:
        items.append({"href": reverse("practitioners:survey_results_index"), "text": _("Survey results")})
    if _first_with(mine, R.READS_PUBLISHED_EQUALITY_STATISTICS) is not None:
        items.append({"href": reverse("evaluation:report"), "text": _("Evaluation")})
    if _first_with(mine, R.ADAPTS_FRAMEWORK) is not None:
        items.append({"href": reverse("framework:index"), "text": _("Framework")})
    # Disclosure bundles (issue 14, ADR 32): subject access requests are the organisation administrator's.
    disclosing = _first_with(mine, DISCLOSES_FOR_ORGANISATION)
    if disclosing is not None:
        items.append(
            {
                "href": reverse("bundles:organisation", kwargs={"org_slug": disclosing.slug}),
                "text": _("Disclosure"),
            }
        )
    if user.is_active and _first_with(mine, R.MANAGES_PEOPLE) is not None:
        items.append({"href": reverse("people:index"), "text": _("People")})
    # The retention review (faircase.retention) is the organisation administrator's.
    if user.is_active and _first_with(mine, frozenset({R.Role.ORG_ADMIN})) is not None:
        items.append({"href": reverse("retention:index"), "text": _("Retention")})
    for item in items:
        item["current"] = request.path.startswith(item["href"])
    return items
