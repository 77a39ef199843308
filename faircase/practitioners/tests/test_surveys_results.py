"""Survey results: never shown for fewer than five responses, in any group; only to the organisation's readers."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from faircase.accounts.tests.factories import UserFactory, member
from faircase.practitioners import surveys
from faircase.practitioners.models import ConfidenceResponse, ExperienceResponse, PractitionerAccount

# The results page offers the years up to the current one and opens on it: run every test in mid-2027.
THIS_YEAR = 2027


@pytest.fixture(autouse=True)
def _in_the_middle_of_the_year():
    with time_machine.travel(dt.datetime(THIS_YEAR, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


def _experience(organisation, values, *, point="first_meeting", comments="", month=None):
    """One response per value; `values` gives communication, and fairness is always 4."""
    for value in values:
        ExperienceResponse.objects.create(
            organisation=organisation,
            point=point,
            month=month or dt.date(THIS_YEAR, 1, 1),
            communication=value,
            support_awareness=3,
            process_understanding=2,
            fairness=4,
            comments=comments,
        )


def _results(client, organisation, **params):
    return client.get(reverse("practitioners:survey_results", kwargs={"org_slug": organisation.slug}), params)


def _communication(organisation, year=THIS_YEAR):
    return surveys.experience_results(organisation, year=year)["questions"][0]


def test_four_responses_are_not_shown(organisation, case_manager, signed_in):
    _experience(organisation, [5, 5, 4, 1], comments="A comment that must stay hidden")
    result = _communication(organisation)
    assert (
        not result["overall"].shown and result["overall"].mean == "" and result["overall"].distribution == ()
    )
    page = _results(signed_in(case_manager), organisation).content.decode()
    assert "Fewer than 5 responses: not shown, to protect anonymity" in page
    assert "A comment that must stay hidden" not in page
    assert surveys.experience_results(organisation, year=THIS_YEAR)["comments"] is None


def test_five_responses_are_shown_with_their_mean_and_distribution(organisation, case_manager, signed_in):
    # communication 5+5+4+1+2 = 17, 17 / 5 = 3.4; fairness 4 each = 4.0
    _experience(organisation, [5, 5, 4, 1, 2], comments="Kept informed")
    result = _communication(organisation)
    assert result["overall"].count == 5
    assert result["overall"].mean == "3.4"
    assert [count for _value, _label, count in result["overall"].distribution] == [1, 1, 0, 1, 2]
    fairness = surveys.experience_results(organisation, year=THIS_YEAR)["questions"][3]
    assert fairness["overall"].mean == "4.0"
    page = _results(signed_in(case_manager), organisation).content.decode()
    assert "3.4" in page
    assert "Kept informed" in page


def test_a_mean_is_rounded_to_one_decimal_place(organisation):
    # 1+1+1+2+2+2+2+2 = 13, 13 / 8 = 1.625 -> 1.6; 1+1+2+2+2+2 = 10, 10 / 6 = 1.666 -> 1.7
    assert surveys.make_cell([1, 1, 1, 2, 2, 2, 2, 2], surveys.scale()).mean == "1.6"
    assert surveys.make_cell([1, 1, 2, 2, 2, 2], surveys.scale()).mean == "1.7"
    assert surveys.make_cell([2, 3, 3, 3, 3, 3, 3, 3, 3, 3], surveys.scale()).mean == "2.9"


def test_a_breakdown_cell_under_five_is_hidden_and_so_is_the_cell_that_would_reveal_it(organisation):
    _experience(organisation, [5, 5, 5, 5, 5, 4], point="first_meeting")
    _experience(organisation, [1], point="closure")
    result = _communication(organisation)
    assert result["overall"].shown and result["overall"].count == 7
    by_point = dict(result["by_point"])
    assert not by_point["At closure"].shown
    # Shown, the first-meeting results and the overall results would give away the one closure answer.
    assert not by_point["After the first meeting"].shown
    assert by_point["After the first meeting"].suppressed


def test_breakdown_cells_of_five_or_more_are_shown_when_nothing_small_is_hidden(organisation):
    _experience(organisation, [5, 5, 5, 5, 5], point="first_meeting")
    _experience(organisation, [1, 2, 3, 4, 5], point="closure")
    by_point = dict(_communication(organisation)["by_point"])
    assert by_point["After the first meeting"].mean == "5.0"
    assert by_point["At closure"].mean == "3.0"


def test_an_empty_group_does_not_hide_the_others(organisation):
    _experience(organisation, [3, 3, 3, 3, 4], point="first_meeting")
    by_point = dict(_communication(organisation)["by_point"])
    assert by_point["After the first meeting"].mean == "3.2"
    assert by_point["At closure"].count == 0 and not by_point["At closure"].shown


def test_results_are_for_the_chosen_year_only(organisation, case_manager, signed_in):
    _experience(organisation, [1, 1, 1, 1, 1], month=dt.date(THIS_YEAR - 1, 12, 1))
    _experience(organisation, [4, 4], month=dt.date(THIS_YEAR, 2, 1))
    assert _communication(organisation, THIS_YEAR - 1)["overall"].mean == "1.0"
    assert _communication(organisation, THIS_YEAR)["overall"].count == 2
    page = _results(signed_in(case_manager), organisation, year=THIS_YEAR - 1).content.decode()
    assert "1.0" in page


def test_confidence_results_follow_the_same_rule(organisation):
    for value in (4, 4, 3, 5):
        ConfidenceResponse.objects.create(
            organisation=organisation,
            review_point="route",
            month=dt.date(THIS_YEAR, 3, 1),
            confidence=value,
            comments="Unsure",
        )
    results = surveys.confidence_results(organisation, year=THIS_YEAR)
    assert not results["overall"].shown and results["comments"] is None
    ConfidenceResponse.objects.create(
        organisation=organisation, review_point="closure", month=dt.date(THIS_YEAR, 3, 1), confidence=2
    )
    results = surveys.confidence_results(organisation, year=THIS_YEAR)
    # 4+4+3+5+2 = 18, 18 / 5 = 3.6
    assert results["overall"].mean == "3.6"
    assert results["comments"] == ["Unsure"] * 4
    assert all(not cell.shown for _label, cell in results["by_point"])


@pytest.mark.parametrize(
    "role", ["case_manager", "responsible_officer", "board_member", "equality_analyst", "org_admin"]
)
def test_the_organisations_readers_see_the_results(organisation, signed_in, role):
    reader = member(organisation, role, username=f"reader-{role}")
    assert _results(signed_in(reader), organisation).status_code == 200


@pytest.mark.parametrize("role", ["case_investigator", "hr_adviser", "auditor"])
def test_other_roles_get_not_found(organisation, signed_in, role):
    person = member(organisation, role, username=f"person-{role}")
    assert _results(signed_in(person), organisation).status_code == 404


def test_another_organisations_staff_and_practitioners_get_not_found(
    organisation, other_organisation, case, signed_in
):
    outsider = member(other_organisation, "case_manager", username="outsider")
    assert _results(signed_in(outsider), organisation).status_code == 404
    practitioner_user = UserFactory(username="imaginary")
    PractitionerAccount.objects.create(user=practitioner_user, practitioner=case.practitioner)
    assert _results(signed_in(practitioner_user), organisation).status_code == 404
    assert signed_in(practitioner_user).get(reverse("practitioners:survey_results_index")).status_code == 404


def test_an_unknown_organisation_gets_not_found(case_manager, signed_in):
    response = signed_in(case_manager).get(
        reverse("practitioners:survey_results", kwargs={"org_slug": "nowhere"})
    )
    assert response.status_code == 404


def test_the_results_index_goes_to_the_readers_organisation(organisation, case_manager, signed_in):
    response = signed_in(case_manager).get(reverse("practitioners:survey_results_index"))
    assert response.status_code == 302
    assert response.url == reverse("practitioners:survey_results", kwargs={"org_slug": organisation.slug})


def test_the_shipped_questions_cover_the_stored_answers():
    assert tuple(q.key for q in surveys.experience_questions()) == surveys.EXPERIENCE_KEYS
    assert [v for v, _label in surveys.scale()] == [1, 2, 3, 4, 5]
    assert [v for v, _label in surveys.confidence_scale()] == [1, 2, 3, 4, 5]
