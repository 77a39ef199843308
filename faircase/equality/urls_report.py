"""The disproportionality report: the equality home page, the report and its files. Names are unprefixed
(home, report, report_file); app_name "equality" is set in faircase/equality/urls.py."""

from django.urls import path

from faircase.equality import views_report as views

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("report.<str:fmt>", views.report_file, name="report_file"),
]
