from django.urls import path

from faircase.retention import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.index, name="index"),
    path("retention/<slug:org_slug>/", views.review, name="review"),
    path("retention/<slug:org_slug>/confirm/", views.confirm, name="confirm"),
    path("retention/<slug:org_slug>/schedule/", views.schedule, name="schedule"),
    path("retention/<slug:org_slug>/legal-hold/<uuid:held_case_id>/", views.hold, name="hold"),
    path("cases/<uuid:case_id>/legal-hold/", views.case_hold, name="case_hold"),
]
