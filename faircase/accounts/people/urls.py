from django.urls import path

from faircase.accounts.people import views

app_name = "people"

PERSON = "organisations/<slug:org_slug>/people/<int:user_id>/"

urlpatterns = [
    path("people/", views.index, name="index"),
    path("organisations/<slug:org_slug>/people/", views.people, name="list"),
    path("organisations/<slug:org_slug>/people/add/", views.add, name="add"),
    path("organisations/<slug:org_slug>/language/", views.organisation_languages, name="languages"),
    path(PERSON, views.person, name="person"),
    path(f"{PERSON}roles/<str:role>/revoke/", views.revoke, name="revoke"),
    path(f"{PERSON}deactivate/", views.deactivate, name="deactivate"),
    path(f"{PERSON}set-password-link/", views.send_link, name="send_link"),
    path(f"{PERSON}single-sign-on/invite/", views.invite_to_single_sign_on, name="sso_invite"),
    path(f"{PERSON}single-sign-on/unbind/", views.unbind_single_sign_on, name="sso_unbind"),
    # Sign-in help (ADR 30): lift a lockout, reset a lost second factor.
    path(f"{PERSON}lift-lockout/", views.lift_lockout, name="lift_lockout"),
    path(f"{PERSON}reset-second-factor/", views.reset_second_factor, name="reset_second_factor"),
    # The person's own page, reached by the link emailed to them: the token stands in for signing in.
    path("accounts/set-password/<str:uidb64>/<str:token>/", views.set_password, name="set_password"),
]
