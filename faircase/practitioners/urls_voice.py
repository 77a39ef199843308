"""The practitioner's voice (their own pages under my/) and the case team's answers and welfare record (under
cases/). Names are prefixed voice_; app_name "practitioners" is set in faircase/practitioners/urls.py."""

from django.urls import path

from faircase.practitioners import views_voice as views

MY = "my/cases/<uuid:case_id>/"
CASE = "cases/<uuid:case_id>/"

urlpatterns = [
    path(f"{MY}voice/", views.my_voice, name="voice_my_list"),
    path(f"{MY}voice/new/<str:kind>/", views.my_new, name="voice_new"),
    path(f"{MY}voice/new/<str:kind>/check/", views.my_check, name="voice_check"),
    path(f"{MY}voice/<int:submission_id>/", views.my_submission, name="voice_mine"),
    path(f"{MY}voice/<int:submission_id>/correct/", views.my_correct, name="voice_correct"),
    path(f"{MY}voice/<int:submission_id>/correct/check/", views.my_correct_check, name="voice_correct_check"),
    path(f"{CASE}voice/<int:submission_id>/acknowledge/", views.acknowledge, name="voice_acknowledge"),
    path(f"{CASE}voice/<int:submission_id>/respond/", views.respond, name="voice_respond"),
    path(f"{CASE}welfare/plan/", views.welfare_plan, name="voice_welfare_plan"),
    path(f"{CASE}welfare/contacts/new/", views.welfare_contact_new, name="voice_welfare_contact_new"),
    path(f"{CASE}welfare/occupational-health/new/", views.welfare_oh_new, name="voice_welfare_oh_new"),
    path(
        f"{CASE}welfare/occupational-health/<int:referral_id>/outcome/",
        views.welfare_oh_outcome,
        name="voice_welfare_oh_outcome",
    ),
    path(f"{CASE}welfare/distress/new/", views.welfare_distress_new, name="voice_welfare_distress_new"),
]
