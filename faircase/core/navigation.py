"""The header's navigation, by what the signed-in user may do."""

from typing import Any

from django.urls import reverse

from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, roles_in


def navigation(request: Any) -> list[dict[str, Any]]:
    user = request.user
    path = request.path
    items = [{"href": reverse("cases:list"), "text": "Cases"}]
    organisations = list(organisations_for(user))
    if any(roles_in(user, org) & R.ADAPTS_FRAMEWORK for org in organisations):
        items.append({"href": reverse("framework:index"), "text": "Framework"})
    for item in items:
        item["current"] = path.startswith(item["href"])
    return items
