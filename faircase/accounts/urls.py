from django.urls import path

from faircase.accounts import views
from faircase.accounts.second_factor import views as second_factor_views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("session/extend/", views.session_extend, name="session_extend"),
    # The second factor (ADR 30): the sign-in step, and the person's own "Account security" pages.
    path("sign-in/second-factor/", second_factor_views.second_factor_step, name="second_factor"),
    path("security/", second_factor_views.security, name="security"),
    path("security/language/", second_factor_views.choose_language, name="security_language"),
    path(
        "security/authenticator-app/",
        second_factor_views.add_authenticator_app,
        name="security_authenticator_app",
    ),
    path(
        "security/authenticator-app/remove/",
        second_factor_views.remove_authenticator_app,
        name="security_remove_authenticator_app",
    ),
    path("security/passkeys/add/", second_factor_views.add_passkey, name="security_add_passkey"),
    path(
        "security/passkeys/<int:passkey_id>/remove/",
        second_factor_views.remove_passkey,
        name="security_remove_passkey",
    ),
    path("security/recovery-codes/", second_factor_views.recovery_codes, name="security_recovery_codes"),
]
