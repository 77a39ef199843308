from django.urls import path

from faircase.accounts.single_sign_on import views

app_name = "single_sign_on"
urlpatterns = [
    path("accounts/single-sign-on/", views.start, name="start"),
    path("accounts/single-sign-on/callback/", views.callback, name="callback"),
    # The emailed invitation: the token stands in for being known, until the provider vouches for the person.
    path("accounts/single-sign-on/invitation/<str:token>/", views.invitation, name="invitation"),
]
