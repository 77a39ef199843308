from django.urls import path

from faircase.records import views

app_name = "records"
urlpatterns = [
    path("cases/<uuid:case_id>/record/", views.record, name="record"),
    path("cases/<uuid:case_id>/record.pdf", views.record_pdf, name="record_pdf"),
    path("cases/<uuid:case_id>/record.docx", views.record_docx, name="record_docx"),
]
