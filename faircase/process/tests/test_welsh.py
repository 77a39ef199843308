"""The deadlines and restrictions pages in Welsh (ADR 41), and the policy packs' Welsh labels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from faircase.cases.tests.factories import open_case
from faircase.core import catalogues
from faircase.core.languages import localised
from faircase.policy import packs
from faircase.policy.calendar import describe_period
from faircase.policy.workflow import get_workflow
from faircase.process.tests.test_lists_deadlines import NOW, TODAY, install_fake_deadlines
from faircase.process.tests.test_restrictions_pages import _formal, at
from faircase.process.wording import days_in_words


def _welsh(user):
    user.language = "cy"
    user.save(update_fields=["language"])
    return user


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def welsh_case_manager(case_manager):
    return _welsh(case_manager)


def test_the_deadlines_page_is_in_welsh_for_someone_who_chose_welsh(
    organisation, welsh_case_manager, signed_in, monkeypatch
):
    import time_machine

    fake = install_fake_deadlines(monkeypatch)
    case = open_case(organisation=organisation, by=welsh_case_manager, case_manager=welsh_case_manager)
    fake.add(case, "Comments on the report", TODAY - dt.timedelta(days=4))
    fake.add(case, "Notice of hearing", TODAY + dt.timedelta(days=2), verified=False)
    with time_machine.travel(NOW, tick=False):
        html = _page(signed_in(welsh_case_manager), reverse("process:deadlines_yours"))
    assert 'lang="cy"' in html
    assert "Eich dyddiadau terfyn" in html and "<h1>Your deadlines</h1>" not in html
    assert "4 diwrnod yn hwyr" in html and "4 days overdue" not in html
    assert "2 ddiwrnod ar ôl" in html  # the soft mutation after 2
    assert "I&#39;w gadarnhau" in html or "I'w gadarnhau" in html
    assert "Beth sy&#39;n ddyledus" in html or "Beth sy'n ddyledus" in html


@pytest.mark.django_db
def test_a_restriction_page_is_in_welsh_for_someone_who_chose_welsh(case, welsh_case_manager, signed_in):
    with at(2027, 1, 10):
        restriction = _formal(case, welsh_case_manager)
        url = reverse(
            "process:restriction_detail", kwargs={"case_id": case.pk, "restriction_id": restriction.pk}
        )
        html = _page(signed_in(welsh_case_manager), url)
    assert 'lang="cy"' in html
    assert "<h1>Gwaharddiad ffurfiol</h1>" in html and "<h1>Formal exclusion</h1>" not in html
    assert "Beth sydd wedi" in html and "What is restricted" not in html
    assert "Cyfnodau ac adolygiadau" in html and "Periods and reviews" not in html
    assert "Adolygiad yn ddyledus erbyn" in html


def test_the_same_pages_stay_in_english_by_default():
    with translation.override("en"):
        assert days_in_words(TODAY + dt.timedelta(days=2), today=TODAY) == "2 days left"
        assert describe_period(1, "weeks") == "1 week"


@pytest.mark.parametrize(
    ("days", "welsh"),
    [(0, "Yn ddyledus heddiw"), (2, "2 ddiwrnod ar ôl"), (3, "3 diwrnod ar ôl"), (-1, "1 diwrnod yn hwyr")],
)
def test_days_left_take_the_welsh_form_for_their_number(days, welsh):
    with translation.override("cy"):
        assert days_in_words(TODAY + dt.timedelta(days=days), today=TODAY) == welsh


def test_periods_read_in_welsh():
    with translation.override("cy"):
        assert describe_period(20, "working_days") == "20 diwrnod gwaith"
        assert describe_period(2, "months") == "2 fis"
        assert describe_period(4, "weeks") == "4 wythnos"


# ---- the packs' Welsh labels -----------------------------------------------------------------------------


def test_stage_and_rule_labels_of_a_pack_read_in_welsh():
    pack = packs.shipped_pack("upsw")
    with translation.override("cy"):
        assert pack.workflow.stage_name("initial_assessment") == "Asesiad cychwynnol"
        assert localised(pack, "title") == "Cynnal Safonau Proffesiynol yng Nghymru"
        rule = next(r for r in pack.rules if r.key == "immediate_exclusion_limit")
        assert localised(rule, "title") == "Y gwaharddiad ar unwaith yn dod i ben"
    with translation.override("en"):
        assert pack.workflow.stage_name("initial_assessment") == "Initial assessment"
        assert localised(rule, "title") == "Immediate exclusion ends"


def test_the_standard_workflow_names_its_stages_in_welsh():
    with translation.override("cy"):
        assert get_workflow().stage_name("concern_received") == "Pryder wedi dod i law"


def _without_welsh(content):
    def strip(item):
        return {k: v for k, v in item.items() if not k.endswith("_cy")}

    return {
        **strip(content),
        "stages": [strip(s) for s in content["stages"]],
        "rules": [strip(r) for r in content["rules"]],
        "notifications": [strip(n) for n in content["notifications"]],
    }


def test_a_pack_without_welsh_takes_the_shipped_welsh_only_where_its_english_is_unchanged():
    content = _without_welsh(packs.parse_pack(packs.shipped_text("upsw")))
    content["stages"][1] = {**content["stages"][1], "name": "First look at the concern"}
    pack = packs.pack_from_content(content)
    with translation.override("cy"):
        assert pack.workflow.stage_name("concern_received") == "Pryder wedi dod i law"
        assert pack.workflow.stage_name("initial_assessment") == "First look at the concern"  # English kept


def test_a_pack_of_an_organisation_with_no_shipped_welsh_falls_back_to_english():
    content = _without_welsh(packs.parse_pack(packs.shipped_text("local")))
    content["rules"][0] = {**content["rules"][0], "title": "Our own rule"}
    pack = packs.pack_from_content(content)
    with translation.override("cy"):
        assert localised(pack.rules[0], "title") == "Our own rule"


def test_welsh_in_a_pack_file_is_checked_like_its_english():
    text = packs.shipped_text("local").replace("title_cy: ", "title_cy:\n  - ", 1)
    with pytest.raises(packs.PackFileError):
        packs.parse_pack(text)
    text = packs.shipped_text("local").replace("    name_cy:", "    nickname_cy:", 1)
    with pytest.raises(packs.PackFileError):
        packs.parse_pack(text)


def test_welsh_survives_writing_a_pack_and_reading_it_back():
    content = packs.parse_pack(packs.shipped_text("upsw"))
    assert packs.parse_pack(packs.dump_pack(content)) == content


@pytest.mark.parametrize("key", packs.SHIPPED_KEYS)
def test_every_shipped_pack_has_welsh_for_every_label(key):
    content = packs.parse_pack(packs.shipped_text(key))
    lacking = [content["title"]] if not content.get("title_cy") else []
    lacking += [s["name"] for s in content["stages"] if not s.get("name_cy")]
    lacking += [r["title"] for r in content["rules"] if not r.get("title_cy")]
    lacking += [n["title"] for n in content["notifications"] if not n.get("title_cy")]
    assert lacking == []


def test_the_standard_workflow_has_welsh_for_every_stage():
    assert [s.code for s in get_workflow().stages if not (s.name_cy and s.description_cy)] == []


def test_my_apps_have_no_message_without_welsh():
    assert not {"process", "policy", "retention", "training"} & set(catalogues.missing())
