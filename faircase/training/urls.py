from django.urls import path

from faircase.training import views

app_name = "training"

ORGANISATION = "training/<slug:org_slug>/"
STUDY = f"{ORGANISATION}studies/<slug:study>/"
SESSION = f"{ORGANISATION}sessions/<int:session_id>/"

urlpatterns = [
    path("training/", views.index, name="index"),
    path(ORGANISATION, views.home, name="home"),
    path(f"{ORGANISATION}record/", views.record, name="record"),
    path(STUDY, views.study, name="study"),
    path(f"{STUDY}<slug:stage>/", views.stage, name="stage"),
    path(f"{STUDY}<slug:stage>/view/", views.stage_view, name="stage_view"),
    path(f"{ORGANISATION}sessions/new/", views.session_new, name="session_new"),
    path(f"{ORGANISATION}sessions/join/", views.session_join, name="session_join"),
    path(SESSION, views.session, name="session"),
    path(f"{SESSION}close/", views.session_close, name="session_close"),
    path(f"{SESSION}<slug:stage>/", views.session_stage, name="session_stage"),
    path(f"{SESSION}<slug:stage>/view/", views.session_stage_view, name="session_stage_view"),
]
