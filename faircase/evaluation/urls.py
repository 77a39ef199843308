from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.report, name="report"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/evaluation.<str:fmt>", views.organisation_file, name="organisation_file"),
    path("<slug:slug>/adoption/", views.adoption, name="adoption"),
]
