"""English that the Welsh crawl found on the case team's welfare pages and on the practitioner's invitation
email (issue 16): each now reads in Welsh for whoever chose it, and in English for everyone else."""

import pytest
from django.core import mail
from django.urls import reverse

from faircase.practitioners import services_portal

pytestmark = pytest.mark.django_db


def _welfare_contact_page(case, user, signed_in):
    response = signed_in(user).get(
        reverse("practitioners:voice_welfare_contact_new", kwargs={"case_id": case.pk})
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_welfare_contact_form_reads_in_welsh_for_a_welsh_reader(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    page = _welfare_contact_page(case, case_manager, signed_in)
    assert "Dyddiad y cysylltiad" in page and "Cofnodi&#39;r cyswllt" in page
    assert "Date of contact" not in page and "Record the contact" not in page


def test_the_welfare_contact_form_stays_in_english_by_default(case, case_manager, signed_in):
    page = _welfare_contact_page(case, case_manager, signed_in)
    assert "Date of contact" in page and "Dyddiad y cysylltiad" not in page


def test_the_invitation_email_is_in_the_practitioners_language_not_the_senders(case, case_manager):
    case.organisation.default_language = "cy"
    case.organisation.save(update_fields=["default_language"])
    services_portal.invite_practitioner(case=case, email="dr.eirlys@example.test", by=case_manager)
    email = mail.outbox[-1]
    assert email.subject.startswith("Eich cyfrif faircase: ")
    assert "Mae'r ddolen yn gweithio unwaith." in email.body
    assert "The link works once." not in email.body


def test_the_invitation_email_stays_in_english_for_an_english_practitioner(case, case_manager):
    services_portal.invite_practitioner(case=case, email="dr.ember@example.test", by=case_manager)
    email = mail.outbox[-1]
    assert email.subject.startswith("Your faircase account: ")
    assert "open this link within 7 days:" in email.body
