from django.urls import path

from faircase.oversight import views

app_name = "oversight"

urlpatterns = [
    path("oversight/", views.index, name="index"),
    path("organisations/<slug:org_slug>/oversight/", views.organisation, name="organisation"),
]
