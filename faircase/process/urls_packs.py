"""Policy packs and key dates. Names are prefixed pack_; app_name "process" is set in faircase/process/urls.py."""

from django.urls import path

from faircase.process import views_packs as views

urlpatterns = [
    path("policy-packs/", views.pack_list, name="pack_list"),
    path("cases/<uuid:case_id>/key-dates/new/", views.key_date, name="pack_key_date"),
    path("cases/<uuid:case_id>/policy-pack/", views.case_version, name="pack_case_version"),
]
