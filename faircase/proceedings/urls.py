"""A case's investigation, under cases/<id>/investigation/."""

from django.urls import path

from faircase.proceedings import views

app_name = "proceedings"

CASE = "cases/<uuid:case_id>/investigation/"

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
]
