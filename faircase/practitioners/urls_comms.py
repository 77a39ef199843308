"""Letters and the communication log. Staff pages sit under cases/<uuid>/ (case_view); the practitioner's
own letters under my/ (own_case_view); letter templates under organisations/<slug>/ (organisation admins)."""

from django.urls import path

from faircase.practitioners import views_comms

urlpatterns = [
    path("cases/<uuid:case_id>/letters/new/", views_comms.letter_new, name="comms_letter_new"),
    path(
        "cases/<uuid:case_id>/letters/drafts/<int:draft_id>/",
        views_comms.letter_draft,
        name="comms_letter_draft",
    ),
    path(
        "cases/<uuid:case_id>/letters/drafts/<int:draft_id>/discard/",
        views_comms.letter_draft_discard,
        name="comms_letter_draft_discard",
    ),
    path(
        "cases/<uuid:case_id>/letters/<int:letter_id>/pdf/", views_comms.letter_pdf, name="comms_letter_pdf"
    ),
    path(
        "cases/<uuid:case_id>/letters/<int:letter_id>/email-again/",
        views_comms.letter_email_again,
        name="comms_letter_email_again",
    ),
    path("cases/<uuid:case_id>/representative/", views_comms.representative, name="comms_representative"),
    path("cases/<uuid:case_id>/letters/language/", views_comms.letter_language, name="comms_letter_language"),
    path("cases/<uuid:case_id>/communications/new/", views_comms.log, name="comms_log"),
    path(
        "my/cases/<uuid:case_id>/letters/<int:letter_id>/pdf/",
        views_comms.my_letter_pdf,
        name="comms_my_letter_pdf",
    ),
    path("organisations/<slug:org_slug>/letter-templates/", views_comms.templates, name="comms_templates"),
    path(
        "organisations/<slug:org_slug>/letter-templates/<str:kind>/",
        views_comms.template,
        name="comms_template",
    ),
]
