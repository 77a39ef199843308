"""The equality home page and the report page: who may see what (small numbers only for those who handle
equality data, the published version for board members and responsible officers, 404 for everyone else), the
GET form without JavaScript, the charts with their text and tables, and the audit of every view."""

import re

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.core import catalogues
from faircase.core.models import AuditEvent
from faircase.equality.tests.report_helpers import baselines, historic

pytestmark = pytest.mark.django_db

QUERY = {
    "org": "riverside",
    "period": "2025-26",
    "profession": "doctor",
    "dimension": "ethnicity",
    "stage": "formal_investigation",
}


@pytest.fixture
def data(organisation):
    # White 17 of 2,430 and black 9 of 750 entered formal investigation (the WRES trust example, 1.72); mixed
    # 3 of 40: a small number.
    baselines(
        organisation, {"white": 2430, "mixed": 40, "asian": 600, "black": 750, "other": 30, "not_stated": 150}
    )
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    historic(organisation, 40, ethnicity="asian")


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


@pytest.fixture
def board_member(organisation):
    return member(organisation, "board_member", username="board", full_name="Bo Ard")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_home_page_offers_the_choices_as_a_get_form_that_works_without_javascript(
    analyst, signed_in, data
):
    response = signed_in(analyst).get(reverse("equality:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("equality:report")}"' in html
    assert 'method="get"' in html
    for name in ("org", "period", "profession", "dimension", "stage", "reference", "published"):
        assert f'name="{name}"' in html
    assert "<script" not in html.split("</form>")[0].split("<form")[1]


def test_the_home_page_links_the_equality_data_pages_for_those_who_handle_the_data(analyst, signed_in):
    html = signed_in(analyst).get(reverse("equality:home")).content.decode()
    assert "Workforce baselines and historic cases held" in html


def test_a_board_member_cannot_ask_for_small_numbers_nor_sees_the_data_pages(board_member, signed_in):
    html = signed_in(board_member).get(reverse("equality:home")).content.decode()
    assert 'name="published"' not in html
    assert "Workforce baselines and historic cases held" not in html
    assert "published version" in html


@pytest.mark.parametrize("role", ["case_manager", "case_investigator", "hr_adviser", "auditor"])
def test_everyone_else_gets_404(organisation, signed_in, data, role):
    client = signed_in(member(organisation, role))
    assert client.get(reverse("equality:home")).status_code == 404
    assert client.get(reverse("equality:report"), QUERY).status_code == 404
    assert client.get(reverse("equality:report_file", kwargs={"fmt": "csv"}), QUERY).status_code == 404


def test_another_organisations_analyst_cannot_read_this_one(other_organisation, signed_in, data):
    client = signed_in(member(other_organisation, "equality_analyst"))
    response = client.get(reverse("equality:report"), QUERY)
    assert response.status_code == 400
    assert "Riverside" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()


def test_the_analyst_sees_small_numbers_with_a_warning_and_the_figures(analyst, signed_in, data):
    response = signed_in(analyst).get(reverse("equality:report"), QUERY)
    assert response.status_code == 200
    text = _text(response)
    assert "Contains small numbers: do not share" in text
    assert "Mixed 40 3 7.50%" in text
    assert "Black or Black British 750 9 1.20% 1.72 0.77 to 3.83 No Above the range" in text
    assert (
        "Black or Black British practitioners were 1.72 times as likely as white practitioners to enter formal "
        "investigation (95% confidence interval 0.77 to 3.83)" in text
    )


def test_the_board_member_sees_only_the_published_version(board_member, signed_in, data):
    response = signed_in(board_member).get(reverse("equality:report"), {**QUERY, "published": ""})
    text = _text(response)
    assert response.status_code == 200
    assert "Contains small numbers" not in text
    assert "Mixed 40 Not shown Not shown" in text
    assert " 3 7.50%" not in text


def test_the_analyst_can_ask_for_the_published_version(analyst, signed_in, data):
    text = _text(signed_in(analyst).get(reverse("equality:report"), {**QUERY, "published": "on"}))
    assert "Mixed 40 Not shown Not shown" in text
    assert "Contains small numbers" not in text


def test_an_analyst_of_one_organisation_sees_published_numbers_when_another_is_included(
    organisation, other_organisation, signed_in, data
):
    user = member(organisation, "equality_analyst", username="two-hats")
    from faircase.accounts.models import Membership

    Membership.objects.create(user=user, organisation=other_organisation, role="board_member")
    response = signed_in(user).get(reverse("equality:report"), {**QUERY, "org": ["riverside", "hillside"]})
    assert response.status_code == 200
    assert "Not shown" in _text(response)
    assert "Contains small numbers" not in _text(response)


def test_the_report_page_has_charts_with_text_and_the_same_numbers_in_tables(analyst, signed_in, data):
    html = signed_in(analyst).get(reverse("equality:report"), QUERY).content.decode()
    start = html.index('<svg class="faircase-chart__svg"')
    svg = html[start : html.index("</svg>", start)]
    assert 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "1.72 times as likely" in svg  # the description is the text summary
    assert "non-adverse range 0.80 to 1.25" in svg
    assert "Headcount, entrants, rate and relative likelihood by group" in html
    assert "From each stage to the next" in html
    assert "Trend over the periods held" in html
    assert "What the figures mean" in html
    assert "sqrt" not in html and "square root of 1/a - 1/n1 + 1/c - 1/n2" in html


def test_a_bad_choice_shows_the_form_again_with_the_error(analyst, signed_in, data):
    response = signed_in(analyst).get(reverse("equality:report"), {**QUERY, "reference": "uk"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a reference group for ethnicity, or the usual one" in html
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()


def test_every_view_of_the_report_is_audited(analyst, signed_in, data, organisation):
    signed_in(analyst).get(reverse("equality:report"), QUERY)
    event = AuditEvent.objects.get(action="equality.report_read")
    assert event.actor == analyst
    assert event.organisation == organisation
    assert event.summary["detail"] == {
        "channel": "page",
        "organisations": ["riverside"],
        "period": "2025-26",
        "profession": "doctor",
        "dimension": "ethnicity",
        "stage": "formal_investigation",
        "reference_group": "white",
        "published": False,
    }


def test_several_organisations_show_a_funnel_plot(organisation, other_organisation, signed_in, data):
    from faircase.accounts.models import Membership

    user = member(organisation, "equality_analyst", username="regional")
    Membership.objects.create(user=user, organisation=other_organisation, role="equality_analyst")
    baselines(other_organisation, {"white": 1000, "black": 500, "asian": 400})
    historic(other_organisation, 30, ethnicity="black", formal_investigation=True)
    historic(other_organisation, 10, ethnicity="white", formal_investigation=True)
    response = signed_in(user).get(reverse("equality:report"), {**QUERY, "org": ["riverside", "hillside"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Organisations compared: funnel plot" in html
    assert "Each organisation against the overall rate" in html
    assert "99.8% limits" in html or "99.8% control limits" in html
    assert AuditEvent.objects.get(action="equality.report_read").summary["detail"]["organisations"] == [
        "riverside",
        "hillside",
    ]


def test_changing_the_report_goes_back_to_the_form_filled_in(analyst, signed_in, data):
    client = signed_in(analyst)
    html = client.get(reverse("equality:report"), {**QUERY, "stage": "exclusion"}).content.decode()
    change = re.search(r'href="([^"]*)"[^>]*>\s*Change the report', html)
    assert change is not None
    form = client.get(change.group(1).replace("&amp;", "&")).content.decode()
    assert re.search(r'<option value="exclusion" selected', form)
    assert re.search(r'value="riverside"[^>]*checked', form)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("equality_analyst", True),
        ("board_member", True),
        ("case_manager", False),
        ("case_investigator", False),
    ],
)
def test_the_header_offers_equality_only_to_those_who_may_read_the_statistics(
    organisation, signed_in, role, shown
):
    client = signed_in(member(organisation, role, username=f"nav-{role}"))
    header = client.get(reverse("cases:home")).content.decode().split("</header>")[0]
    assert (f'href="{reverse("equality:home")}"' in header) is shown


def test_a_board_member_asking_for_a_window_that_could_be_subtracted_is_told_why(
    board_member, signed_in, data
):
    # Two years, or five not ending with a fixed block, overlap the years and blocks published (issue 9).
    client = signed_in(board_member)
    for window, period in ((2, "2025-26"), (5, "2024-25")):
        response = client.get(reverse("equality:report"), {**QUERY, "period": period, "window": window})
        assert response.status_code == 400
        text = _text(response)
        assert "There is a problem" in text
        # Two years is not offered to them; five years must end a fixed block.
        assert "A published report gathers 1 year, or" in text
        response = client.get(
            reverse("equality:report_file", kwargs={"fmt": "csv"}),
            {**QUERY, "period": period, "window": window},
        )
        assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="equality.report_read").exists()
    assert client.get(reverse("equality:report"), {**QUERY, "window": 5}).status_code == 200
    home = client.get(reverse("equality:home")).content.decode()  # and they are offered only 1 or 5 years
    assert 'name="window" type="radio" value="5"' in home and 'value="2"' not in home


def test_an_analysts_two_year_window_offers_the_published_year_alone_and_no_board_report(
    analyst, signed_in, data
):
    html = signed_in(analyst).get(reverse("equality:report"), {**QUERY, "window": 2}).content.decode()
    text = _text(signed_in(analyst).get(reverse("equality:report"), {**QUERY, "window": 2}))
    assert "Show the published version" in text
    assert (
        "for 2025-26 alone: a published report gathers one year, or the fixed five years ending 2025-26"
        in text
    )
    assert "Board report (PDF" not in text
    link = re.search(r'href="([^"]*published=on[^"]*)"', html).group(1)
    assert "window=1" in link and "window=2" not in link
    five = _text(signed_in(analyst).get(reverse("equality:report"), {**QUERY, "window": 5}))
    assert "Board report (PDF, published version)" in five


def test_the_report_reads_in_welsh_for_someone_who_chose_welsh(analyst, signed_in, data):
    analyst.language = "cy"
    analyst.save(update_fields=["language"])
    response = signed_in(analyst).get(reverse("equality:report"), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert 'lang="cy"' in html
    assert "Ymchwiliad ffurfiol: tebygolrwydd cymharol yn ôl ethnigrwydd" in text
    assert "Tebygolrwydd cymharol yn ôl grŵp" in text
    assert "Du neu Ddu Prydeinig" in text  # a group's label
    assert "Cyfwng hyder 95%" in text
    assert "ystod heb effaith andwyol 0.80 i 1.25" in html  # the chart's own text
    for english in (
        "Relative likelihood by group",
        "Missing data",
        "Against the control limits",
        "Black or Black British",
    ):
        assert english not in text


def test_the_equality_app_has_welsh_for_every_message():
    assert "equality" not in catalogues.missing()
