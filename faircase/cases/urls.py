from django.urls import path

from faircase.cases import views, views_chronology

app_name = "cases"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.open_case, name="open"),
    path("practitioners/new/", views.add_practitioner, name="add_practitioner"),
    path("cases/<uuid:case_id>/", views.case_detail, name="detail"),
    path("cases/<uuid:case_id>/concerns/new/", views.add_concern, name="add_concern"),
    path("cases/<uuid:case_id>/people/", views.name_person, name="name_person"),
    path("cases/<uuid:case_id>/conflicts/", views.exclude_person, name="exclude_person"),
    path("cases/<uuid:case_id>/being-fair/", views.being_fair, name="being_fair"),
    path("cases/<uuid:case_id>/move/", views.move_stage, name="move"),
    path("cases/<uuid:case_id>/history/", views.history, name="history"),
    path("cases/<uuid:case_id>/chronology/", views_chronology.chronology, name="chronology"),
]
