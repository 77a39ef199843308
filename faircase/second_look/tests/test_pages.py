"""The pages of the blind second look: the case manager's journey, the reviewer's pages, and who gets 404."""

import html

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.framework import services as framework_services
from faircase.second_look import services
from faircase.second_look.choices import Status
from faircase.second_look.models import SecondLook
from faircase.second_look.tests.factories import answered, drafted, named_case, reviewer, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(organisation, case_manager):
    return named_case(organisation, case_manager)


@pytest.fixture
def person(organisation):
    return reviewer(organisation)


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _case_url(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def _kw(second_look):
    return {"case_id": second_look.case_id, "second_look_id": second_look.pk}


def test_the_case_manager_asks_sends_and_records_and_the_reviewer_answers_blind(case, case_manager, person):
    cm, rv = Client(), Client()
    cm.force_login(case_manager)
    rv.force_login(person)
    page = _page(cm, _case_url(case))
    assert "Blind second looks" in page and "Ask for a blind second look" in page

    response = cm.post(
        reverse("second_look:new", kwargs={"case_id": case.pk}), {"decision": "formal_investigation"}
    )
    assert response.status_code == 302
    page = _page(cm, response.url)
    assert "Robin Reviewer" in page
    response = cm.post(response.url, {"proposed_route": "formal_investigation", "reviewer": str(person.pk)})
    assert response.status_code == 302
    second_look = SecondLook.objects.get()
    page = _page(cm, response.url)
    assert (
        "What the reviewer will read" in page
        and "[removed: name]" in page
        and "Okafor" not in page.split("What the reviewer will read")[1].split("Edit the summary")[0]
    )

    edited = second_look.summary + "\nShe was alone on nights."
    response = cm.post(response.url, {"summary": edited, "action": "check"})
    assert response.status_code == 302
    second_look.refresh_from_db()
    assert second_look.summary.endswith("They were alone on nights.")
    response = cm.post(
        reverse("second_look:draft", kwargs=_kw(second_look)),
        {"summary": second_look.summary, "action": "send"},
    )
    assert response.status_code == 302
    assert response.url.endswith("#second-look")
    second_look.refresh_from_db()
    assert second_look.status == Status.SENT
    assert mail.outbox[-1].to == [person.email]

    # The reviewer: "Your work", their list, the request page. Nothing of the case.
    home = _page(rv, reverse("cases:home"))
    assert "Blind second looks asked of you" in home and "1 waiting for your answer" in home
    listing = _page(rv, reverse("second_look:mine"))
    review_url = reverse("second_look:review", kwargs={"second_look_id": second_look.pk})
    assert review_url in listing
    page = _page(rv, review_url)
    assert "which route would you take?" in page
    assert "[removed: name]" in page
    for secret in (case.reference, "Okafor", str(case.pk), "Casey Manager"):
        assert secret not in page, secret
    assert "route you propose" not in page.lower()
    response = rv.post(
        review_url, {"route": "informal_resolution", "reasons": "An isolated lapse with a system cause."}
    )
    assert response.status_code == 302
    page = _page(rv, review_url)
    assert "Informal or local resolution" in page and "An isolated lapse with a system cause." in page
    assert rv.post(review_url, {"route": "no_formal_action", "reasons": "again"}).status_code == 404

    # The case manager sees the answer and records how it was taken into account.
    page = _page(cm, _case_url(case))
    assert "An isolated lapse with a system cause." in page and "Record how it was taken into account" in page
    record_url = reverse("second_look:record", kwargs=_kw(second_look))
    page = _page(cm, record_url)
    assert "The reviewer would take a different route" in page and "EP5" in page
    response = cm.post(
        record_url, {"route_after": "informal_resolution", "taken_into_account": "We agree: informal."}
    )
    assert response.status_code == 302
    page = _page(cm, _case_url(case))
    assert "We agree: informal." in page and "Recorded against" in page and "EP4" in page


def test_an_edit_that_names_the_practitioner_is_cleaned_and_shown_again_before_sending(
    case, case_manager, person, signed_in
):
    second_look = drafted(case, case_manager, person)
    cm = signed_in(case_manager)
    url = reverse("second_look:draft", kwargs=_kw(second_look))
    response = cm.post(url, {"summary": second_look.summary + "\nAdaeze Okafor was there.", "action": "send"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "faircase removed more from your edit" in page
    second_look.refresh_from_db()
    assert second_look.status == Status.DRAFT
    assert second_look.summary.endswith("[removed: name] [removed: name] was there.")
    assert mail.outbox == []


def test_warnings_must_be_ticked_before_sending(case, case_manager, person, signed_in):
    second_look = drafted(case, case_manager, person)
    services.edit_summary(
        second_look=second_look, text=second_look.summary + "\nOkafro signed.", by=case_manager
    )
    second_look.refresh_from_db()
    cm = signed_in(case_manager)
    url = reverse("second_look:draft", kwargs=_kw(second_look))
    page = _page(cm, url)
    assert (
        "The practitioner&#39;s name may still appear" in page
        or "The practitioner's name may still appear" in page
    )
    response = cm.post(url, {"summary": second_look.summary, "action": "send"})
    assert response.status_code == 200
    assert "Check the words faircase warned about" in response.content.decode()
    assert SecondLook.objects.get().status == Status.DRAFT
    response = cm.post(url, {"summary": second_look.summary, "action": "send", "checked": "on"})
    assert response.status_code == 302
    assert SecondLook.objects.get().status == Status.SENT


def test_people_who_can_open_every_case_are_listed_only_on_request(
    organisation, case, case_manager, signed_in
):
    hr = member(organisation, "hr_adviser", username="hr", full_name="Harper Adviser")
    reviewer(organisation)
    url = reverse("second_look:new_for", kwargs={"case_id": case.pk, "decision": "exclusion"})
    cm = signed_in(case_manager)
    assert "Harper Adviser" not in _page(cm, url)
    assert "Harper Adviser" in _page(cm, url + "?everyone=1")
    assert hr.pk


def test_equality_analysts_and_administrators_are_not_listed_even_on_request(
    organisation, case, case_manager, signed_in
):
    member(organisation, "equality_analyst", username="ea", full_name="Eden Analyst")
    member(organisation, "org_admin", username="oa", full_name="Odell Administrator")
    reviewer(organisation)
    url = reverse("second_look:new_for", kwargs={"case_id": case.pk, "decision": "exclusion"})
    cm = signed_in(case_manager)
    for page in (_page(cm, url), _page(cm, url + "?everyone=1")):
        assert "Robin Reviewer" in page
        assert "Eden Analyst" not in page
        assert "Odell Administrator" not in page


def test_errors_are_shown_on_the_form(case, case_manager, signed_in):
    cm = signed_in(case_manager)
    response = cm.post(reverse("second_look:new", kwargs={"case_id": case.pk}), {})
    assert response.status_code == 200
    assert "Choose the decision you want a second look at" in response.content.decode()
    url = reverse("second_look:new_for", kwargs={"case_id": case.pk, "decision": "regulator_referral"})
    page = cm.post(url, {}).content.decode()
    assert "Choose the route you propose" in page and "Choose the reviewer" in page
    assert not SecondLook.objects.exists()


# ---- who gets 404 ---------------------------------------------------------------------------------------------------


def test_the_reviewer_cannot_open_the_case_or_the_case_managers_pages(case, case_manager, person, signed_in):
    second_look = sent(case, case_manager, person)
    rv = signed_in(person)
    for url in (
        _case_url(case),
        reverse("second_look:case", kwargs={"case_id": case.pk}),
        reverse("second_look:new", kwargs={"case_id": case.pk}),
        reverse("second_look:draft", kwargs=_kw(second_look)),
        reverse("second_look:withdraw", kwargs=_kw(second_look)),
        reverse("second_look:record", kwargs=_kw(second_look)),
    ):
        _page(rv, url, status=404)


def test_everyone_but_the_reviewer_gets_404_for_the_request(
    organisation, other_organisation, case, case_manager, person, signed_in
):
    second_look = sent(case, case_manager, person)
    url = reverse("second_look:review", kwargs={"second_look_id": second_look.pk})
    for someone in (
        case_manager,
        reviewer(organisation, username="colleague"),
        member(organisation, "responsible_officer", username="ro"),
        member(other_organisation, "case_manager", username="elsewhere"),
    ):
        client = signed_in(someone)
        assert client.get(url).status_code == 404
        assert url not in _page(client, reverse("second_look:mine"))


def test_a_draft_or_withdrawn_request_does_not_exist_for_the_reviewer(case, case_manager, person, signed_in):
    draft = drafted(case, case_manager, person)
    rv = signed_in(person)
    _page(rv, reverse("second_look:review", kwargs={"second_look_id": draft.pk}), status=404)
    withdrawn = sent(case, case_manager, person, decision="exclusion", proposed_route="restrictions")
    services.withdraw_second_look(second_look=withdrawn, reason="Asked someone else", by=case_manager)
    _page(rv, reverse("second_look:review", kwargs={"second_look_id": withdrawn.pk}), status=404)


def test_a_reviewer_named_on_the_case_later_can_no_longer_open_the_request(
    case, case_manager, person, signed_in
):
    second_look = sent(case, case_manager, person)
    case_services.name_person(case=case, user=person, role="board_member", by=case_manager)
    _page(
        signed_in(person),
        reverse("second_look:review", kwargs={"second_look_id": second_look.pk}),
        status=404,
    )


def test_someone_who_can_see_but_not_change_the_case_sees_the_section_without_actions(
    organisation, case, case_manager, person, signed_in
):
    answered(case, case_manager, person)
    auditor = signed_in(member(organisation, "auditor", username="aud"))
    page = _page(auditor, _case_url(case))
    assert "A first, isolated lapse." in page
    assert "Record how it was taken into account" not in page and "Ask for a blind second look" not in page
    _page(auditor, reverse("second_look:new", kwargs={"case_id": case.pk}), status=404)
    page = _page(auditor, reverse("second_look:case", kwargs={"case_id": case.pk}))
    assert "A first, isolated lapse." in page


def test_reading_the_request_is_audited(case, case_manager, person, signed_in):
    from faircase.core.models import AuditEvent

    second_look = sent(case, case_manager, person)
    _page(signed_in(person), reverse("second_look:review", kwargs={"second_look_id": second_look.pk}))
    assert AuditEvent.objects.filter(action="second_look.viewed", actor=person).count() == 1


# ---- the framework --------------------------------------------------------------------------------------------------


def test_the_review_page_shows_the_second_looks_recorded_against_it(case, case_manager, person, signed_in):
    review = framework_services.start_review(case=case, review_point="route", by=case_manager)
    second_look = answered(case, case_manager, person, route="formal_investigation")
    services.record_taken_into_account(
        second_look=second_look,
        route_after="formal_investigation",
        taken_into_account="It confirms the route.",
        by=case_manager,
    )
    page = _page(
        signed_in(case_manager),
        reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}),
    )
    assert "Blind second looks recorded against this review" in page
    assert (
        "It confirms the route." in page
        and "EP3" in page
        and "The reviewer would take the same route" in page
    )


def test_ep5_links_to_the_cases_blind_second_looks(case):
    from faircase.framework.evidence_links import links_for_case

    link = links_for_case(case.pk)["EP5"]
    assert link["href"] == reverse("second_look:case", kwargs={"case_id": case.pk})
    assert link["text"] == "See the blind second looks on this case"


def test_a_welsh_case_manager_is_told_what_a_second_look_is_in_welsh(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    page = html.unescape(
        _page(signed_in(case_manager), reverse("second_look:new", kwargs={"case_id": case.pk}))
    )
    assert "Mae adolygydd annibynnol yn darllen crynodeb dienw o'r achos" in page
    assert "yn erbyn y fframwaith (Ecwiti a chymesuredd)" in page
    assert "An independent reviewer" not in page and "You then record" not in page


def test_a_welsh_reviewer_reads_their_pages_in_welsh(case, case_manager, person, signed_in):
    second_look = sent(case, case_manager, person)
    person.language = "cy"
    person.save(update_fields=["language"])
    client = signed_in(person)
    mine = html.unescape(_page(client, reverse("second_look:mine")))
    assert "Yn aros am eich ateb" in mine and "Waiting for your answer" not in mine
    page = html.unescape(
        _page(client, reverse("second_look:review", kwargs={"second_look_id": second_look.pk}))
    )
    assert "Darllenwch y crynodeb a dywedwch pa lwybr" in page and "Gwnaeth faircase y crynodeb hwn" in page
    assert "Read the summary" not in page and "Send your answer" not in page


def test_a_welsh_case_manager_checks_the_draft_in_welsh(case, case_manager, person, signed_in):
    second_look = drafted(case, case_manager, person)
    case_manager.language = "cy"
    case_manager.save(update_fields=["language"])
    page = html.unescape(
        _page(signed_in(case_manager), reverse("second_look:draft", kwargs=_kw(second_look)))
    )
    assert "Beth fydd yr adolygydd yn ei ddarllen" in page and "ail olwg ddall, ymchwiliad ffurfiol" in page
    assert "Decision to consider: Formal investigation" in page  # the summary itself is written in English
    assert "What the reviewer will read" not in page and "Check my edit again" not in page


def test_what_the_redactor_did_is_counted_in_the_reader_s_language():
    from django.utils import translation

    from faircase.second_look.presenters import removal_counts
    from faircase.second_look.redaction import Redaction

    redaction = Redaction(text="", counts={"name": 2, "country": 1, "pronoun": 3})
    with translation.override("en"):
        assert removal_counts(redaction) == [
            "removed 2 names",
            "removed 1 country",
            "replaced 3 gendered pronouns",
        ]
    with translation.override("cy"):
        assert removal_counts(redaction) == [
            "wedi tynnu 2 enw",
            "wedi tynnu 1 gwlad",
            "wedi disodli 3 rhagenw o ran rhywedd",
        ]
