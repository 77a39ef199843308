from django.urls import path

from faircase.framework import views_admin

app_name = "framework"

# Adapting the framework (organisation administrators) and reading any version. Review pages are added to
# `urlpatterns` below; organisation pages sit under organisations/<slug>/ so they cannot collide with them.
admin_urlpatterns = [
    path("", views_admin.index, name="index"),
    path("versions/<int:version_id>/", views_admin.version, name="version"),
    path("versions/<int:version_id>/download/", views_admin.export, name="export"),
    path("organisations/<slug:org_slug>/adapt/", views_admin.start, name="start"),
    path("organisations/<slug:org_slug>/draft/", views_admin.draft, name="draft"),
    path("organisations/<slug:org_slug>/draft/add/", views_admin.add, name="add"),
    path("organisations/<slug:org_slug>/draft/publish/", views_admin.publish, name="publish"),
    path("organisations/<slug:org_slug>/draft/discard/", views_admin.discard, name="discard"),
    path("organisations/<slug:org_slug>/draft/<str:code>/change/", views_admin.change, name="change"),
    path("organisations/<slug:org_slug>/draft/<str:code>/retire/", views_admin.retire, name="retire"),
    path("organisations/<slug:org_slug>/draft/<str:code>/restore/", views_admin.restore, name="restore"),
    path("organisations/<slug:org_slug>/upload/", views_admin.upload, name="upload"),
]

urlpatterns = [*admin_urlpatterns]
