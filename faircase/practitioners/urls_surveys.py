from django.urls import path

from faircase.practitioners import views_surveys as views

urlpatterns = [
    path("survey/<str:token>/", views.answer, name="survey_answer"),
    path("my/cases/<uuid:case_id>/survey/<str:point>/", views.answer_own, name="survey_answer_own"),
    path("cases/<uuid:case_id>/survey/invite/", views.invite, name="survey_invite"),
    path(
        "cases/<uuid:case_id>/decision-confidence/<int:review_id>/",
        views.confidence,
        name="survey_confidence",
    ),
    path("surveys/results/", views.results_index, name="survey_results_index"),
    path("surveys/results/<slug:org_slug>/", views.results, name="survey_results"),
]
