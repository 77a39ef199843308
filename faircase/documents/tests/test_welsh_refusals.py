"""A file or a change refused by the documents' services is refused in the language in use (issue 16)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from faircase.documents import services
from faircase.documents.choices import Kind, Marking
from faircase.documents.forms import UploadForm
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document

pytestmark = pytest.mark.django_db


def _refused_file(case, by, content, name) -> str:
    with pytest.raises(ValidationError) as refusal:
        services.add_document(
            case=case, file=files.upload(name, content, "application/pdf"), name=name, kind=Kind.STATEMENT,
            dated=dt.date(2026, 3, 2), marking=Marking.DISCLOSABLE, by=by,
        )  # fmt: skip
    return " ".join(refusal.value.message_dict["file"])


def test_a_bad_upload_is_refused_in_welsh_for_a_welsh_reader(case, case_manager):
    with translation.override("cy"):
        assert _refused_file(case, case_manager, files.pdf(), "statement.docx") == (
            "Mae'r ffeil yn PDF, ond mae ei henw'n gorffen â .docx. Ailenwch hi i orffen â .pdf, "
            "yna ei huwchlwytho eto"
        )
        assert _refused_file(case, case_manager, b"Notes\n", "notes.pdf").startswith(
            "Rhaid i'r ffeil fod yn PDF"
        )
        assert services.too_large_message() == "Rhaid i'r ffeil fod yn llai na 25 MB"
        help_text = str(UploadForm(max_size="25 MB").fields["file"].help_text)
        assert help_text == (
            "PDF, dogfen Word (DOC neu DOCX), delwedd (PNG neu JPEG) neu e-bost (EML neu MSG), sy'n llai na 25 MB."
        )


def test_the_same_refusals_read_as_before_in_english(case, case_manager):
    with translation.override("en"):
        assert _refused_file(case, case_manager, files.pdf(), "statement.docx") == (
            "The file is a PDF, but its name ends in .docx. Rename it to end in .pdf, then upload it again"
        )
        help_text = str(UploadForm(max_size="25 MB").fields["file"].help_text)
        assert help_text == (
            "A PDF, Word document (DOC or DOCX), image (PNG or JPEG) or email (EML or MSG), smaller than 25 MB."
        )


def test_a_marking_change_that_changes_nothing_is_refused_in_welsh(case, case_manager):
    document = add_document(case, case_manager)
    with translation.override("cy"), pytest.raises(ValidationError) as refusal:
        services.change_marking(document=document, marking="redacted", reason="Wedi'i olygu", by=case_manager)
    assert refusal.value.message_dict["marking"] == [
        "Ychwanegwch gopi wedi'i olygu o'r fersiwn gyfredol yn gyntaf"
    ]
