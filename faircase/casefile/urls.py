"""A case's notes, under cases/<id>/notes/."""

from django.urls import path

from faircase.casefile import views

app_name = "casefile"

CASE = "cases/<uuid:case_id>/notes/"
NOTE = f"{CASE}<uuid:note_id>/"

urlpatterns = [
    path("search/", views.search, name="search"),
    path(CASE, views.case_notes, name="list"),
    path(f"{CASE}add/", views.add, name="add"),
    path(NOTE, views.detail, name="detail"),
    path(f"{NOTE}edit/", views.edit, name="edit"),
]
