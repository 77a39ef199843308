"""Case notes reach the disclosable record, in all three formats, as entries of its chronology marked as case notes
(ADR 16)."""

import pytest
from django.urls import reverse

from faircase.casefile import services
from faircase.records.tests.reading import docx_text, fetch_record_pdf, html_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "read"),
    [("records:record", html_text), ("records:record_pdf", pdf_text), ("records:record_docx", docx_text)],
)
def test_a_note_is_in_every_format_of_the_record_marked_as_a_case_note(
    client, case, case_manager, name, read
):
    note = services.add_note(case=case, text="Met the practitioner and their companion.", by=case_manager)
    services.edit_note(note=note, text="Met the practitioner and their BMA companion.", by=case_manager)
    client.force_login(case_manager)
    if name == "records:record_pdf":  # made by the task worker: ask, then download it (ADR 39)
        text = read(fetch_record_pdf(client, case))
    else:
        text = read(client.get(reverse(name, kwargs={"case_id": case.pk})).content)
    assert "Chronology of the case" in text
    assert "Case note by Casey Manager (cm) (edited: 2 versions kept)" in text
    assert "Met the practitioner and their BMA companion." in text
