"""What each simulated user of the load test may do, worked out once from the demo data before the server starts.

The demo's accounts are made ordinary accounts (demo logins cannot exist outside demo mode, and the load test runs
the production settings), each with an authenticator app and recovery codes made through the real second-factor
services, so every simulated user signs in with a password and a second factor as production asks. The plan lists,
for each account, what its roles let it reach, read through the access kernel: the cases it may see, those it may
add a note to, the Principle pages of reviews it may answer, and whether it reads the equality report.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from faircase.accounts.models import Membership, User
from faircase.accounts.roles import READS_PUBLISHED_EQUALITY_STATISTICS
from faircase.accounts.second_factor import services as second_factor
from faircase.cases.models import Case
from faircase.framework.models import Review
from faircase.framework.principles import PRINCIPLES_IN_ORDER

# Enough cases a user to spread the reads over the caseload, few enough that the plan stays small.
CASES_PER_ACCOUNT = 25


def _totp_code(key_hex: str) -> str:
    return f"{second_factor._totp(key_hex).token():06d}"


@transaction.atomic
def make_accounts_ordinary(usernames: list[str]) -> dict[str, list[str]]:
    """The demo accounts, made ordinary and given an authenticator app and ten recovery codes each: the codes, by
    username. Each simulated user signs in with a code of its own (a code from the app may be used once in its
    30 seconds, and several simulated users share an account)."""
    # Every demo login, practitioners' too: production refuses to start while one exists (faircase.demo.checks).
    User.objects.filter(is_demo=True).update(is_demo=False)
    codes: dict[str, list[str]] = {}
    for user in User.objects.filter(username__in=usernames).order_by("username"):
        key_hex = second_factor.new_totp_key()
        second_factor.add_authenticator_app(user=user, key_hex=key_hex, code=_totp_code(key_hex))
        codes[user.username] = second_factor.make_recovery_codes(user=user)
    return codes


def _reachable(user: User) -> dict[str, Any]:
    from faircase.access.guard import allows

    cases = list(Case.objects.visible_to(user).order_by("-opened_at", "pk")[:CASES_PER_ACCOUNT])
    open_reviews = (
        Review.objects.visible_to(user)
        .filter(case__in=[c.pk for c in cases], status=Review.Status.IN_PROGRESS)
        .select_related("case")
    )
    principle_pages = [
        reverse(
            "reviews:principle",
            kwargs={"case_id": review.case_id, "review_id": review.pk, "principle": principle.value},
        )
        for review in open_reviews
        if allows(user, review.case, "review.answer")
        for principle in PRINCIPLES_IN_ORDER
    ]
    return {
        "case_pages": [reverse("cases:detail", kwargs={"case_id": c.pk}) for c in cases],
        "note_pages": [
            reverse("casefile:add", kwargs={"case_id": c.pk}) for c in cases if allows(user, c, "note.add")
        ],
        "principle_pages": principle_pages,
        "reads_equality_report": Membership.objects.filter(
            user=user, role__in=READS_PUBLISHED_EQUALITY_STATISTICS
        ).exists(),
    }


def build_plan(accounts: list[dict[str, str]]) -> list[dict[str, Any]]:
    """One entry an account that has something to read: its sign-in (password and recovery codes) and what it
    may reach. `accounts` is the demo's list of logins (username, password)."""
    staff = [a for a in accounts if Membership.objects.filter(user__username=a["username"]).exists()]
    codes = make_accounts_ordinary([a["username"] for a in staff])
    plan = []
    for account in staff:
        user = User.objects.get(username=account["username"])
        reach = _reachable(user)
        if not reach["case_pages"] and not reach["reads_equality_report"]:
            continue
        plan.append(
            {
                "username": account["username"],
                "password": account["password"],
                "role": account.get("role", ""),
                "recovery_codes": codes[account["username"]],
                **reach,
            }
        )
    return plan
