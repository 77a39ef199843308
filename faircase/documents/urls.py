"""A case's documents, under cases/<id>/documents/."""

from django.urls import path

from faircase.documents import views

app_name = "documents"

CASE = "cases/<uuid:case_id>/documents/"
DOCUMENT = f"{CASE}<uuid:document_id>/"

urlpatterns = [
    path(CASE, views.case_documents, name="list"),
    path(f"{CASE}add/", views.add, name="add"),
    path(DOCUMENT, views.detail, name="detail"),
    path(f"{DOCUMENT}new-version/", views.add_version, name="add_version"),
    path(f"{DOCUMENT}redacted-copy/", views.add_redacted, name="add_redacted"),
    path(f"{DOCUMENT}marking/", views.mark, name="mark"),
    path(f"{DOCUMENT}versions/<uuid:version_id>/download/", views.download, name="download"),
]
