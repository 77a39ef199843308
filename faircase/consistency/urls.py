from django.urls import path

from faircase.consistency import views

app_name = "consistency"

LANGUAGE = "language/<slug:org_slug>/"

urlpatterns = [
    path("cases/<uuid:case_id>/consistency/", views.case_consistency, name="case"),
    path("language/", views.lexicon_index, name="lexicon_index"),
    path(LANGUAGE, views.lexicon, name="lexicon"),
    path(f"{LANGUAGE}terms/new/", views.term_edit, name="term_add"),
    path(f"{LANGUAGE}terms/<int:term_id>/", views.term_edit, name="term_change"),
    path(f"{LANGUAGE}terms/<int:term_id>/remove/", views.term_remove, name="term_remove"),
    path(f"{LANGUAGE}national/<slug:key>/switch-off/", views.national_switch_off, name="switch_off"),
    path(f"{LANGUAGE}national/<slug:key>/switch-on/", views.national_switch_on, name="switch_on"),
]
