"""The practitioner's journey in Welsh (issue 16): the invitation, their case, giving their account and the
surveys read in Welsh for a practitioner who chose it, what they write is kept as typed, and Welsh data falls
back to English where it has none."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from faircase.core import catalogues
from faircase.practitioners import services_portal, services_surveys, surveys
from faircase.practitioners.models import Submission
from faircase.practitioners.tests.portal_helpers import PASSWORD, practitioner_user

pytestmark = pytest.mark.django_db


def _welsh_practitioner(case):
    return practitioner_user(case, language="cy")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _invitation_url(case, case_manager):
    services_portal.invite_practitioner(case=case, email="dr.eirlys@example.test", by=case_manager)
    match = re.search(r"/my/invitation/([A-Za-z0-9_\-]+)/", mail.outbox[-1].body)
    assert match
    return reverse("practitioners:portal_invitation", kwargs={"token": match.group(1)})


def test_the_practitioners_messages_all_have_welsh():
    assert "practitioners" not in catalogues.missing()


def test_the_invitation_reads_in_welsh_for_a_browser_that_chose_it(case, case_manager, client):
    url = _invitation_url(case, case_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = _page(client, url)
    assert 'lang="cy"' in page
    assert "Sefydlu eich cyfrif faircase" in page
    assert "Set up your faircase account" not in page
    # The choice of language names each language in itself.
    assert "Cymraeg" in page and "English" in page


def test_the_set_up_page_starts_from_the_organisations_language(case, case_manager, client):
    case.organisation.default_language = "cy"
    case.organisation.save(update_fields=["default_language"])
    page = _page(client, _invitation_url(case, case_manager))
    assert re.search(r'<input[^>]*value="cy"[^>]*checked', page)


def test_the_language_chosen_on_set_up_is_kept_on_the_account(case, case_manager, client):
    url = _invitation_url(case, case_manager)
    response = client.post(
        url, {"language": "cy", "username": "eirlys", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 302
    from faircase.accounts.models import User

    assert User.objects.get(username="eirlys").language == "cy"
    home = _page(client, response.url)
    assert 'lang="cy"' in home
    assert "Eich achosion" in home
    assert "Mae eich cyfrif wedi" in home  # the message after set-up, in the language just chosen


def test_setting_up_without_choosing_leaves_the_organisation_default_to_apply(case, case_manager, client):
    url = _invitation_url(case, case_manager)
    client.post(url, {"username": "eirlys", "password": PASSWORD, "password_again": PASSWORD})
    from faircase.accounts.models import User

    assert User.objects.get(username="eirlys").language == ""


def test_the_portal_home_and_case_page_read_in_welsh(case, signed_in):
    client = signed_in(_welsh_practitioner(case))
    home = _page(client, reverse("practitioners:portal_home"))
    assert 'lang="cy"' in home
    assert f"Eich achos gyda {case.organisation.name}" in home
    page = _page(client, reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    assert 'lang="cy"' in page
    for welsh in (
        "Y pryderon",
        "Eich hawliau",
        "Dweud eich dweud",
        "Llythyrau a anfonwyd atoch",
        "Cymorth i chi",
    ):
        assert welsh in page
    assert "Rhoi eich fersiwn chi" in page  # a right, from Python
    for english in ("Your rights", "Have your say", "Support for you", "To give your account"):
        assert english not in page


def test_the_same_case_page_stays_english_for_a_practitioner_who_chose_english(case, signed_in):
    client = signed_in(practitioner_user(case, language="en"))
    page = _page(client, reverse("practitioners:portal_case", kwargs={"case_id": case.pk}))
    assert "Your rights" in page
    assert "Eich hawliau" not in page


def test_an_account_given_in_welsh_is_checked_and_kept_exactly_as_typed(case, signed_in):
    typed = "Dilynais y protocol ar y ward. Ŵyr Siôn: ŵ ŷ â ê î ô û ŵ, Ŷ Â Ê — \u2018dyfynodau\u2019 a \u201cmwy\u201d."
    client = signed_in(_welsh_practitioner(case))
    form = _page(client, reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"}))
    assert 'lang="cy"' in form
    assert "Rhoi eich fersiwn chi" in form
    assert "Give your account" not in form
    response = client.post(
        reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"}), {"text": typed}
    )
    assert response.status_code == 302
    check = _page(client, response.url)
    assert "Gwiriwch eich fersiwn chi cyn i chi ei hanfon" in check
    assert "Nawr anfonwch ef" in check
    assert "Check your account" not in check
    assert "Ŵyr Siôn: ŵ ŷ â ê î ô û ŵ, Ŷ Â Ê" in check
    sent = client.post(response.url)
    assert sent.status_code == 302
    submission = Submission.objects.get(case=case)
    assert submission.text == typed
    detail = _page(client, sent.url)
    assert "Rydym wedi cael eich fersiwn chi ar" in detail


def test_the_companions_role_is_stored_in_english_and_shown_in_welsh(case, signed_in):
    client = signed_in(_welsh_practitioner(case))
    url = reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "companion"})
    response = client.post(
        url, {"companion_name": "Gwenllian Parri", "companion_role": "colleague", "text": ""}
    )
    sent = client.post(response.url)
    submission = Submission.objects.get(case=case)
    assert submission.companion_role == "A colleague"
    assert "Gwenllian Parri, cydweithiwr" in _page(client, sent.url)


def test_the_survey_asks_its_questions_in_welsh(case, case_manager, signed_in):
    services_surveys.invite_to_survey(case=case, point="first_meeting", by=case_manager)
    client = signed_in(_welsh_practitioner(case))
    page = _page(
        client,
        reverse("practitioners:survey_answer_own", kwargs={"case_id": case.pk, "point": "first_meeting"}),
    )
    assert 'lang="cy"' in page
    assert "Sut oedd eich profiad?" in page
    for question in surveys.experience_questions():
        assert question.text_cy and question.text_cy in html.unescape(page)
        assert question.text not in page
    assert "Cytuno'n gryf" in html.unescape(page)
    assert "Strongly agree" not in page


def test_a_survey_question_without_welsh_falls_back_to_english():
    question = surveys.Question(key="k", text="How was it?", text_cy="")
    with translation.override("cy"):
        assert question.shown_text == "How was it?"
    welsh = surveys.Question(key="k", text="How was it?", text_cy="Sut oedd e?")
    with translation.override("cy"):
        assert welsh.shown_text == "Sut oedd e?"
    with translation.override("en"):
        assert welsh.shown_text == "How was it?"


def test_support_and_the_process_read_in_welsh_and_fall_back_to_english(case, signed_in):
    from faircase.practitioners.models import SupportEntry

    SupportEntry.objects.create(
        organisation=case.organisation,
        key="llinell-gymorth-dyffryn",
        name="Valley wellbeing line",
        name_cy="Llinell lesiant y dyffryn",
        description="Someone to talk to.",
        description_cy="Rhywun i siarad ag ef.",
        last_checked_on="2026-11-01",
    )
    SupportEntry.objects.create(
        organisation=case.organisation,
        key="english-only",
        name="Harbour peer group",
        description="Peers who have been through a case.",
        last_checked_on="2026-11-01",
    )
    client = signed_in(_welsh_practitioner(case))
    page = html.unescape(_page(client, reverse("practitioners:portal_case", kwargs={"case_id": case.pk})))
    assert "Llinell lesiant y dyffryn" in page and "Rhywun i siarad ag ef." in page
    assert "Valley wellbeing line" not in page
    assert "Harbour peer group" in page and "Peers who have been through a case." in page  # no Welsh: English
    assert "Samaritans" in page and "Ffoniwch 116 123, unrhyw bryd" in page  # a national entry's Welsh
    from faircase.practitioners.support_data import process_for

    assert process_for(case.policy)["plain_english_cy"] in page


def test_every_national_support_entry_and_process_has_welsh():
    from faircase.practitioners.support_data import directory_entries, processes

    for entry in directory_entries():
        assert entry["name_cy"] and entry["description_cy"], entry["key"]
        assert bool(entry["contact_cy"]) == bool(entry["contact"]), entry["key"]
    for key, process in processes().items():
        assert process["name_cy"] and process["plain_english_cy"], key
