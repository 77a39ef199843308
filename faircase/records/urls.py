from django.urls import path

from faircase.records import views

app_name = "records"
urlpatterns = [
    path("cases/<uuid:case_id>/record/", views.record, name="record"),
    path("cases/<uuid:case_id>/record.pdf", views.record_pdf, name="record_pdf"),
    path("cases/<uuid:case_id>/record.docx", views.record_docx, name="record_docx"),
    path("cases/<uuid:case_id>/record/files/<uuid:file_id>/", views.record_file, name="file"),
    path(
        "cases/<uuid:case_id>/record/files/<uuid:file_id>/status",
        views.record_file_status,
        name="file_status",
    ),
    path(
        "cases/<uuid:case_id>/record/files/<uuid:file_id>/download",
        views.record_file_download,
        name="file_download",
    ),
]
