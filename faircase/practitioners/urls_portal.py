from django.urls import path

from faircase.practitioners import views_portal as views

CASE = "cases/<uuid:case_id>/"

urlpatterns = [
    path(f"{CASE}practitioner/invite/", views.invite, name="portal_invite"),
    path(f"{CASE}concerns/<int:concern_id>/share/", views.share_concern, name="portal_share_concern"),
    path("my/invitation/<str:token>/", views.invitation, name="portal_invitation"),
    path("my/", views.home, name="portal_home"),
    path("my/cases/<uuid:case_id>/", views.case, name="portal_case"),
    path("support/", views.support_list, name="portal_support_list"),
    path("support/<slug:org_slug>/new/", views.support_edit, name="portal_support_add"),
    path("support/<slug:org_slug>/<int:entry_id>/", views.support_edit, name="portal_support_edit"),
]
