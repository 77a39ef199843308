"""A case's investigation, under cases/<id>/investigation/, and what follows the report (the decision, the
hearing and the appeal), under cases/<id>/decision/."""

from django.urls import path

from faircase.proceedings import views, views_decision

app_name = "proceedings"

CASE = "cases/<uuid:case_id>/investigation/"
DECISION = "cases/<uuid:case_id>/decision/"

urlpatterns = [
    path(CASE, views.investigation, name="investigation"),
    path(f"{CASE}appoint/", views.appoint, name="appoint"),
    path(f"{CASE}terms-of-reference/", views.terms, name="terms"),
    path(f"{CASE}interviews/add/", views.interview, name="interview"),
    path(
        f"{CASE}interviews/<uuid:interview_id>/comments/", views.interview_comments, name="interview_comments"
    ),
    path(f"{CASE}report/", views.report, name="report"),
    path(f"{CASE}report/factual-accuracy/", views.factual_accuracy, name="factual_accuracy"),
    path(DECISION, views_decision.decision, name="decision"),
    path(f"{DECISION}record/", views_decision.decide, name="decide"),
    path(f"{DECISION}hearing/", views_decision.hearing, name="hearing"),
    path(f"{DECISION}hearing/outcome/", views_decision.hearing_outcome, name="hearing_outcome"),
    path(f"{DECISION}appeal/", views_decision.appeal, name="appeal"),
    path(f"{DECISION}appeal/outcome/", views_decision.appeal_outcome, name="appeal_outcome"),
]
