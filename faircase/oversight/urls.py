from django.urls import path

from faircase.oversight import views

app_name = "oversight"

urlpatterns = [
    path("oversight/", views.index, name="index"),
    # Under /oversight/, so the header marks Oversight as the current section on every oversight page.
    path("oversight/<slug:org_slug>/", views.organisation, name="organisation"),
]
