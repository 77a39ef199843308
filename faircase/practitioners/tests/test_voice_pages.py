"""Every voice and welfare page renders for the people it is for."""

import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import UserFactory
from faircase.practitioners import services_voice as services
from faircase.practitioners.models import PractitionerAccount, Submission


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="pat", full_name="Pat Practitioner")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


@pytest.mark.parametrize("kind", Submission.Kind.values)
def test_practitioner_forms_render(case, practitioner_user, signed_in, kind):
    response = signed_in(practitioner_user).get(
        reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": kind})
    )
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_unknown_kind_is_404(case, practitioner_user, signed_in):
    url = reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "internal_notes"})
    assert signed_in(practitioner_user).get(url).status_code == 404


def test_companion_form_sends_name_and_role(case, practitioner_user, signed_in):
    response = signed_in(practitioner_user).post(
        reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "companion"}),
        {"companion_name": "Robin Rep", "companion_role": "defence", "text": ""},
    )
    assert response.status_code == 302
    check = signed_in(practitioner_user).get(response.url).content.decode()
    assert "Robin Rep" in check and "A representative of a defence organisation" in check
    response = signed_in(practitioner_user).post(response.url)
    page = signed_in(practitioner_user).get(response.url).content.decode()
    assert "We have received the name of your companion" in page
    assert "Robin Rep, a representative of a defence organisation" in page


def test_practitioner_list_shows_actions_and_submissions(case, practitioner_user, signed_in):
    services.submit(case=case, kind="adjustments", text="Large print please", by=practitioner_user)
    page = (
        signed_in(practitioner_user)
        .get(reverse("practitioners:voice_my_list", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert "Give your account of what happened" in page
    assert "A request for reasonable adjustments" in page
    assert "Received" in page


def test_staff_pages_render(case, case_manager, practitioner_user, signed_in):
    submission = services.submit(case=case, kind="account", text="My account", by=practitioner_user)
    client = signed_in(case_manager)
    for name, extra in [
        ("voice_respond", {"submission_id": submission.pk}),
        ("voice_welfare_plan", {}),
        ("voice_welfare_contact_new", {}),
        ("voice_welfare_oh_new", {}),
        ("voice_welfare_distress_new", {}),
    ]:
        response = client.get(reverse(f"practitioners:{name}", kwargs={"case_id": case.pk, **extra}))
        assert response.status_code == 200, name
    page = client.get(
        reverse("practitioners:voice_respond", kwargs={"case_id": case.pk, "submission_id": submission.pk})
    ).content.decode()
    assert "My account" in page


def test_plan_page_saves_the_plan(case, case_manager, signed_in):
    today = timezone.localdate()
    response = signed_in(case_manager).post(
        reverse("practitioners:voice_welfare_plan", kwargs={"case_id": case.pk}),
        {
            "named_contact": str(case_manager.pk),
            "contact_every_days": "7",
            "agreed_on_0": today.day,
            "agreed_on_1": today.month,
            "agreed_on_2": today.year,
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert case.welfare_plan.contact_every_days == 7


def test_practitioner_case_page_carries_the_voice_section(case, practitioner_user, signed_in):
    services.submit(case=case, kind="account", text="My account", by=practitioner_user)
    response = signed_in(practitioner_user).get(
        reverse("practitioners:portal_case", kwargs={"case_id": case.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Have your say" in page
    assert "My account of what happened" in page


def test_case_sections_render_with_everything_recorded(case, case_manager, practitioner_user):
    from django.template.loader import render_to_string

    from faircase.practitioners.presenters_voice import case_voice_context, case_welfare_context

    today = timezone.localdate()
    answered = services.submit(case=case, kind="account", text="Mine", by=practitioner_user)
    services.record_taken_into_account(submission=answered, text="Weighed at the decision.", by=case_manager)
    acknowledged = services.submit(case=case, kind="adjustments", text="Breaks", by=practitioner_user)
    services.acknowledge(submission=acknowledged, by=case_manager)
    services.set_welfare_plan(
        case=case,
        named_contact=case_manager,
        contact_every_days=7,
        agreed_on=today,
        notes="Prefers calls after 5pm.",
        by=case_manager,
    )
    services.record_welfare_contact(
        case=case, contacted_on=today, contact_by=case_manager, method="phone", raised="", by=case_manager
    )
    services.refer_to_occupational_health(case=case, referred_on=today, reason="Stress", by=case_manager)
    services.record_distress(
        case=case, occurred_on=today, what_happened="Tearful", action_taken="Called OH", by=case_manager
    )
    voice_html = render_to_string(
        "practitioners/_case_voice.jinja",
        {"voice": case_voice_context(case, case_manager, today), "csrf_input": ""},
    )
    assert "Weighed at the decision." in voice_html and "Acknowledged on" in voice_html
    welfare_html = render_to_string(
        "practitioners/_case_welfare.jinja", {"welfare": case_welfare_context(case, case_manager, today)}
    )
    for text in (
        "Prefers calls after 5pm.",
        "Every 7 days",
        "Nothing recorded",
        "Awaiting outcome",
        "Called OH",
    ):
        assert text in welfare_html
    assert "Welfare contact has lapsed" not in welfare_html


def test_the_respond_page_quotes_the_submission_as_markup_not_as_text(
    case, case_manager, practitioner_user, signed_in
):
    submission = services.submit(
        case=case, kind="account", text="I was <not> told about the rota", by=practitioner_user
    )
    page = (
        signed_in(case_manager)
        .get(
            reverse(
                "practitioners:voice_respond", kwargs={"case_id": case.pk, "submission_id": submission.pk}
            )
        )
        .content.decode()
    )
    assert "&lt;p&gt;" not in page and "&lt;strong&gt;" not in page
    # The practitioner's own words are still escaped: never marked safe.
    assert "<p>I was &lt;not&gt; told about the rota</p>" in page
