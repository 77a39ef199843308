"""Equality data and imports: pages for equality analysts and organisation administrators. Names are prefixed
data_ and import_; app_name "equality" is set in faircase/equality/urls.py."""

from django.urls import path

from faircase.equality import views_data as views

urlpatterns = [
    path("practitioners/", views.practitioners, name="data_practitioners"),
    path("practitioners/<int:practitioner_id>/", views.practitioner, name="data_practitioner"),
    path("baselines/", views.baselines, name="data_baselines"),
    path("imports/", views.imports, name="import_index"),
    path("imports/workforce/", views.import_workforce, name="import_workforce"),
    path("imports/cases/", views.import_cases, name="import_cases"),
    path("imports/cases/confirm/", views.import_cases_confirm, name="import_cases_confirm"),
]
