"""The header's navigation, by what the signed-in user may do."""

from typing import Any

from django.urls import reverse

from faircase.access.policy import DISCLOSES_FOR_ORGANISATION
from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, roles_in
from faircase.process.selectors import return_organisations_for


def navigation(request: Any) -> list[dict[str, Any]]:
    from faircase.evaluation.selectors import readable_organisations as evaluation_organisations
    from faircase.oversight.selectors import oversight_organisations
    from faircase.practitioners.selectors import is_portal_only
    from faircase.practitioners.surveys import results_organisations

    user = request.user
    if is_portal_only(user):
        # A practitioner has their own view only: their cases, nothing of the staff pages.
        href = reverse("practitioners:portal_home")
        return [{"href": href, "text": "Your cases", "current": request.path.startswith("/my/")}]
    items = [
        {"href": reverse("cases:list"), "text": "Cases"},
        {"href": reverse("casefile:search"), "text": "Search"},
        {"href": reverse("process:deadlines_yours"), "text": "Deadlines"},
    ]
    returns = return_organisations_for(user).first()
    if returns is not None:
        items.append(
            {
                "href": reverse("process:restriction_return", kwargs={"org_slug": returns.slug}),
                "text": "Exclusions return",
            }
        )
    if oversight_organisations(user).exists():
        items.append({"href": reverse("oversight:index"), "text": "Oversight"})
    organisations = list(organisations_for(user))
    if organisations:
        items.append({"href": reverse("process:pack_list"), "text": "Policy packs"})
        items.append({"href": reverse("practitioners:portal_support_list"), "text": "Support directory"})
        items.append({"href": reverse("training:index"), "text": "Training"})
    if any(roles_in(user, org) & R.READS_PUBLISHED_EQUALITY_STATISTICS for org in organisations):
        items.append({"href": reverse("equality:home"), "text": "Equality"})
    if results_organisations(user).exists():
        items.append({"href": reverse("practitioners:survey_results_index"), "text": "Survey results"})
    if evaluation_organisations(user).exists():
        items.append({"href": reverse("evaluation:report"), "text": "Evaluation"})
    if any(roles_in(user, org) & R.ADAPTS_FRAMEWORK for org in organisations):
        items.append({"href": reverse("framework:index"), "text": "Framework"})
    # Disclosure bundles (issue 14, ADR 32): subject access requests are the organisation administrator's.
    disclosing = next(
        (org for org in organisations if roles_in(user, org) & DISCLOSES_FOR_ORGANISATION), None
    )
    if disclosing is not None:
        items.append(
            {
                "href": reverse("bundles:organisation", kwargs={"org_slug": disclosing.slug}),
                "text": "Disclosure",
            }
        )
    if user.is_active and any(roles_in(user, org) & R.MANAGES_PEOPLE for org in organisations):
        items.append({"href": reverse("people:index"), "text": "People"})
    # The retention review (faircase.retention) is the organisation administrator's.
    if user.is_active and any(R.Role.ORG_ADMIN in roles_in(user, org) for org in organisations):
        items.append({"href": reverse("retention:index"), "text": "Retention"})
    for item in items:
        item["current"] = request.path.startswith(item["href"])
    return items
