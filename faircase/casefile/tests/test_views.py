"""The notes' pages: add, read, edit with every version shown, clear errors, and nothing on the practitioner's
own pages."""

import pytest
from django.urls import reverse

from faircase.casefile import services
from faircase.casefile.models import Note
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_case_manager_adds_a_note_and_reads_it(client, case, case_manager):
    client.force_login(case_manager)
    response = client.post(
        reverse("casefile:add", kwargs={"case_id": case.pk}), {"text": "Met the clinical lead at Fenwick."}
    )
    note = Note.objects.of_case(case).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/notes/{note.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Met the clinical lead at Fenwick." in page and "Version 1" in page


def test_an_empty_note_is_refused_with_a_clear_message_and_nothing_saved(client, case, case_manager):
    client.force_login(case_manager)
    events = AuditEvent.objects.count()
    response = client.post(reverse("casefile:add", kwargs={"case_id": case.pk}), {"text": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the note" in page
    assert not Note.objects.of_case(case).exists() and AuditEvent.objects.count() == events


def test_an_edit_shows_both_versions(client, case, case_manager):
    note = services.add_note(case=case, text="The first wording.", by=case_manager)
    client.force_login(case_manager)
    url = reverse("casefile:edit", kwargs={"case_id": case.pk, "note_id": note.pk})
    assert "The first wording." in client.get(url).content.decode()
    response = client.post(url, {"text": "The second wording."}, follow=True)
    page = response.content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert page.index("The second wording.") < page.index("The first wording.")


def test_the_case_page_shows_the_latest_notes_and_the_chronology(client, case, case_manager):
    services.add_note(case=case, text="A note for the case page.", by=case_manager)
    client.force_login(case_manager)
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'id="notes"' in page and 'id="chronology"' in page
    assert page.count("A note for the case page.") == 2  # in the notes section and in the chronology's
    assert reverse("cases:chronology", kwargs={"case_id": case.pk}) in page


def test_a_note_is_written_as_text_never_as_markup(client, case, case_manager):
    services.add_note(case=case, text="<script>alert('x')</script>", by=case_manager)
    client.force_login(case_manager)
    page = client.get(reverse("casefile:list", kwargs={"case_id": case.pk})).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_practitioner_never_sees_a_note_nor_the_notes_pages(client, case, case_manager):
    from faircase.practitioners.tests.portal_helpers import practitioner_user

    note = services.add_note(case=case, text="Internal: Larkspur ward staffing.", by=case_manager)
    practitioner = practitioner_user(case)
    client.force_login(practitioner)
    own_page = client.get(reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    assert own_page.status_code == 200 and "Larkspur" not in own_page.content.decode()
    for url in (
        reverse("casefile:list", kwargs={"case_id": case.pk}),
        reverse("casefile:detail", kwargs={"case_id": case.pk, "note_id": note.pk}),
        reverse("cases:chronology", kwargs={"case_id": case.pk}),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("casefile:search"), {"q": "Larkspur"}).status_code in {302, 404}
