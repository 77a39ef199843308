"""WCAG 3.3.4 (error prevention): what the practitioner writes is shown back to them, with a way to change it,
before it is sent; what was sent is never edited, but the practitioner can send a correction, which the case
team sees beside the original, in the chronology and in the record, and which is audited. Also the two small
portal findings: one h1 on a confirmation page, and link text that tells two submissions apart."""

import re

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import UserFactory
from faircase.cases.chronology import chronology_for
from faircase.core.models import AuditEvent
from faircase.practitioners import services_voice as services
from faircase.practitioners.models import PractitionerAccount, Submission
from faircase.practitioners.presenters_voice import case_voice_context, submissions_for_record

ACCOUNT = "I wrote the summary before the ward round changed the dose."
CORRECTION = "The ward round was on 2 March, not 1 March as I wrote."


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="pat", full_name="Pat Practitioner")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def _new_url(case, kind="account"):
    return reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": kind})


def _check_url(case, kind="account"):
    return reverse("practitioners:voice_check", kwargs={"case_id": case.pk, "kind": kind})


def test_the_form_leads_to_check_your_answers_and_nothing_is_sent_yet(case, practitioner_user, signed_in):
    client = signed_in(practitioner_user)
    response = client.post(_new_url(case), {"text": ACCOUNT})
    assert response.status_code == 302
    assert response.url == _check_url(case)
    assert not Submission.objects.exists()

    page = client.get(response.url).content.decode()
    assert "Check your account before you send it" in page
    assert ACCOUNT in page
    assert "nhsuk-summary-list" in page
    assert re.search(r'href="' + re.escape(_new_url(case)) + r'#id_text"', page)
    assert ">Send<" in page or "Send\n" in page or "Send</button>" in page


def test_change_brings_back_what_they_wrote(case, practitioner_user, signed_in):
    client = signed_in(practitioner_user)
    client.post(_new_url(case), {"text": ACCOUNT})
    page = client.get(_new_url(case)).content.decode()
    assert ACCOUNT in page


def test_send_on_the_check_page_sends_once(case, practitioner_user, signed_in):
    client = signed_in(practitioner_user)
    client.post(_new_url(case), {"text": ACCOUNT})
    response = client.post(_check_url(case))
    submission = Submission.objects.get(case=case)
    assert submission.text == ACCOUNT
    assert response.url == reverse(
        "practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": submission.pk}
    )
    # the draft is gone: sending again (a double click, the back button) sends nothing more
    again = client.post(_check_url(case))
    assert again.status_code == 302 and again.url == _new_url(case)
    assert Submission.objects.count() == 1


def test_check_page_without_a_draft_goes_back_to_the_form(case, practitioner_user, signed_in):
    response = signed_in(practitioner_user).get(_check_url(case))
    assert response.status_code == 302 and response.url == _new_url(case)


def test_the_confirmation_page_has_one_h1(case, practitioner_user, signed_in):
    submission = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    page = (
        signed_in(practitioner_user)
        .get(reverse("practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": submission.pk}))
        .content.decode()
    )
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_two_accounts_have_links_that_tell_them_apart(case, practitioner_user, signed_in):
    services.submit(case=case, kind="account", text="First", by=practitioner_user)
    services.submit(case=case, kind="account", text="Second", by=practitioner_user)
    for name in ("voice_my_list", "portal_case"):
        page = (
            signed_in(practitioner_user)
            .get(reverse(f"practitioners:{name}", kwargs={"case_id": case.pk}))
            .content.decode()
        )
        texts = re.findall(r"<a [^>]*>(.*?)</a>", page, flags=re.S)
        texts = [re.sub(r"<[^>]+>|\s+", " ", t).strip() for t in texts]
        accounts = [t for t in texts if t.startswith("My account of what happened")]
        assert len(accounts) == 2, texts
        assert len(set(accounts)) == 2, accounts


def test_a_correction_is_a_new_linked_submission_and_the_original_is_unchanged(case, practitioner_user):
    original = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    correction = services.submit_correction(original=original, text=CORRECTION, by=practitioner_user)
    original.refresh_from_db()
    assert original.text == ACCOUNT
    assert correction.corrects == original
    assert correction.kind == original.kind
    assert correction.text == CORRECTION
    event = AuditEvent.objects.get(action="practitioner.submission_correct", case_id=case.pk)
    assert event.summary["after"]["corrects"] == original.pk


def test_a_correction_needs_words(case, practitioner_user):
    from django.core.exceptions import ValidationError

    original = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    with pytest.raises(ValidationError):
        services.submit_correction(original=original, text="  ", by=practitioner_user)


def test_the_practitioner_corrects_through_check_your_answers(case, practitioner_user, signed_in):
    original = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    kwargs = {"case_id": case.pk, "submission_id": original.pk}
    client = signed_in(practitioner_user)
    detail = client.get(reverse("practitioners:voice_mine", kwargs=kwargs)).content.decode()
    correct_url = reverse("practitioners:voice_correct", kwargs=kwargs)
    assert correct_url in detail
    response = client.post(correct_url, {"text": CORRECTION})
    assert response.url == reverse("practitioners:voice_correct_check", kwargs=kwargs)
    page = client.get(response.url).content.decode()
    assert CORRECTION in page and ACCOUNT in page
    response = client.post(response.url)
    correction = Submission.objects.get(corrects=original)
    assert response.url == reverse(
        "practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": correction.pk}
    )
    page = client.get(response.url).content.decode()
    assert "We have received your correction" in page
    assert ACCOUNT in page and CORRECTION in page


def test_the_case_team_sees_the_correction_beside_the_original(case, case_manager, practitioner_user):
    from django.utils import timezone

    original = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    services.submit_correction(original=original, text=CORRECTION, by=practitioner_user)
    lines = case_voice_context(case, case_manager, timezone.localdate())["submissions"]
    (line,) = [line for line in lines if line["id"] == original.pk]
    assert [c["body"] for c in line["corrections"]] == [CORRECTION]
    (correction_line,) = [line for line in lines if line["id"] != original.pk]
    assert correction_line["corrects"].startswith("Corrects: My account of what happened, sent ")

    rows = submissions_for_record(case)
    assert rows[1]["kind"].startswith("Correction to: My account of what happened")

    entries = chronology_for(case, kinds=["submission"])
    assert any(e.title.startswith("The practitioner sent a correction to:") for e in entries)


def test_the_staff_case_page_shows_the_correction(case, case_manager, practitioner_user, signed_in):
    original = services.submit(case=case, kind="account", text=ACCOUNT, by=practitioner_user)
    services.submit_correction(original=original, text=CORRECTION, by=practitioner_user)
    page = signed_in(case_manager).get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert CORRECTION in page
    assert "Correction sent" in page
