"""The survey sections the case pages include render, and say the right things."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from faircase.accounts.tests.factories import UserFactory
from faircase.framework.tests.test_reviews import complete_review
from faircase.practitioners import services_surveys as services
from faircase.practitioners.models import PractitionerAccount
from faircase.practitioners.presenters_surveys import case_surveys_context, portal_surveys_context


def _render(template, user, context):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, context, request=request)


def test_the_staff_section_offers_the_invitation_and_the_confidence_question(case, case_manager):
    complete_review(case, case_manager)
    page = _render(
        "practitioners/_case_surveys.jinja",
        case_manager,
        {"case": case, **case_surveys_context(case, case_manager)},
    )
    assert "Invite the practitioner to the survey after the first meeting" in page
    assert "Can be sent once the case is closed" in page
    assert "has no email address on record" in page
    assert "How confident are you in this decision?" in page


def test_the_staff_section_shows_when_the_practitioner_was_invited_not_whether_they_answered(
    case, case_manager
):
    invitation, _token, _email = services.invite_to_survey(case=case, point="first_meeting", by=case_manager)

    def section():
        return _render(
            "practitioners/_case_surveys.jinja",
            case_manager,
            {"case": case, **case_surveys_context(case, case_manager)},
        )

    before = section()
    services.submit_experience(
        invitation=invitation,
        answers=dict.fromkeys(("communication", "support_awareness", "process_understanding", "fairness"), 3),
    )
    assert "Invited on" in before
    assert "Invite the practitioner to the survey after the first meeting" not in before
    assert section() == before


def test_the_practitioners_section_links_to_the_waiting_survey(case, case_manager):
    user = UserFactory(username="imaginary")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    assert (
        _render("practitioners/_portal_surveys.jinja", user, portal_surveys_context(case, user)).strip() == ""
    )
    services.invite_to_survey(case=case, point="first_meeting", by=case_manager)
    page = _render("practitioners/_portal_surveys.jinja", user, portal_surveys_context(case, user))
    assert "Answer the survey after the first meeting" in page
    assert "anonymous" in page
