"""Disclosure bundles: an organisation's under bundles/<org>/, a case's tribunal bundle under its case."""

from django.urls import path

from faircase.bundles import views

app_name = "bundles"

ORGANISATION = "bundles/<slug:org_slug>/"
BUNDLE = f"{ORGANISATION}<uuid:bundle_id>/"

urlpatterns = [
    path(ORGANISATION, views.organisation, name="organisation"),
    path(f"{ORGANISATION}practitioners/<int:practitioner_id>/", views.subject_access, name="subject_access"),
    path("cases/<uuid:case_id>/tribunal-bundle/", views.tribunal, name="tribunal"),
    path(BUNDLE, views.detail, name="detail"),
    path(f"{BUNDLE}status", views.status, name="status"),
    path(f"{BUNDLE}ask-again/", views.ask_again, name="ask_again"),
    path(f"{BUNDLE}release/", views.release, name="release"),
    path(f"{BUNDLE}bundle.pdf", views.download, name="download"),
]
