"""A system check: demo logins cannot exist outside demo mode."""

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from faircase.core.formatting import pluralise


@checks.register(checks.Tags.security)
def no_demo_logins_outside_demo_mode(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    if getattr(settings, "DEMO_MODE", False):
        return []
    from faircase.accounts.models import User

    try:
        count = User.objects.filter(is_demo=True).count()
    except DatabaseError:
        return []  # no database yet (before the first migrate): there can be no demo logins in it
    if not count:
        return []
    return [
        checks.Error(
            f"{pluralise(count, 'demo login')} {'exists' if count == 1 else 'exist'} in this database, but demo "
            "mode is off (settings.DEMO_MODE is False).",
            hint=(
                "Demo logins must never exist outside demo mode. Use a fresh database, or delete the accounts "
                "marked is_demo. They cannot sign in while demo mode is off."
            ),
            obj="faircase.demo",
            id="faircase.demo.E001",
        )
    ]
