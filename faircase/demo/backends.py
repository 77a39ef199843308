"""Sign-in that refuses demo logins outside demo mode."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class DemoAwareModelBackend(ModelBackend):
    """Django's ModelBackend, except that an account marked is_demo cannot sign in, or stay signed in,
    unless settings.DEMO_MODE is True. Use it in place of ModelBackend in AUTHENTICATION_BACKENDS."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not getattr(settings, "DEMO_MODE", False):
            return False
        return super().user_can_authenticate(user)
