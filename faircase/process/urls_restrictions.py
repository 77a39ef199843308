"""Restrictions, decisions, Advice, referrals (under a case) and the monthly exclusions return (under an
organisation). Names are prefixed restriction_; app_name "process" is set in faircase/process/urls.py."""

from django.urls import path

from faircase.process import views_restrictions as views

CASE = "cases/<uuid:case_id>/"

urlpatterns = [
    path(f"{CASE}restrictions/new/", views.choose_kind, name="restriction_new"),
    path(f"{CASE}restrictions/new/<str:kind>/", views.new_restriction, name="restriction_new_kind"),
    path(f"{CASE}restrictions/<uuid:restriction_id>/", views.restriction_detail, name="restriction_detail"),
    path(
        f"{CASE}restrictions/<uuid:restriction_id>/periods/<int:number>/review/",
        views.review_period,
        name="restriction_review",
    ),
    path(f"{CASE}restrictions/<uuid:restriction_id>/end/", views.end_restriction, name="restriction_end"),
    path(f"{CASE}decisions-not-to-exclude/new/", views.new_decision, name="restriction_decision_new"),
    path(f"{CASE}advice/new/", views.new_advice, name="restriction_advice_new"),
    path(
        f"{CASE}advice/<int:advice_id>/actions/new/",
        views.new_advice_action,
        name="restriction_advice_action_new",
    ),
    path(
        f"{CASE}advice/actions/<int:action_id>/close/",
        views.close_advice_action,
        name="restriction_advice_action_close",
    ),
    path(f"{CASE}referrals/new/", views.new_referral, name="restriction_referral_new"),
    path(
        "organisations/<slug:org_slug>/exclusions-return/", views.exclusions_return, name="restriction_return"
    ),
    path(
        "organisations/<slug:org_slug>/exclusions-return/<str:month>.<str:fmt>",
        views.exclusions_return_file,
        name="restriction_return_file",
    ),
]
