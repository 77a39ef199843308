"""The blind second look: the case team's pages under cases/<id>/second-look/, the reviewer's under second-looks/."""

from django.urls import path

from faircase.second_look import views

app_name = "second_look"

CASE = "cases/<uuid:case_id>/second-look/"

urlpatterns = [
    path(CASE, views.case_page, name="case"),
    path(f"{CASE}new/", views.new, name="new"),
    path(f"{CASE}new/<str:decision>/", views.new_for, name="new_for"),
    path(f"{CASE}<uuid:second_look_id>/", views.draft, name="draft"),
    path(f"{CASE}<uuid:second_look_id>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{CASE}<uuid:second_look_id>/record/", views.record, name="record"),
    path("second-looks/", views.mine, name="mine"),
    path("second-looks/<uuid:second_look_id>/", views.review, name="review"),
]
