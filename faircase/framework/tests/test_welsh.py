"""The framework in Welsh (ADR 41): the national considerations have Welsh, a Welsh reader's principle page is
in Welsh, an organisation's adaptation carries its Welsh (or falls back to the English), and the framework's
messages are all translated."""

from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation

from faircase.core import catalogues
from faircase.framework import selectors, services
from faircase.framework.models import Consideration
from faircase.framework.principles import name as principle_name
from faircase.framework.yamlformat import FrameworkFileError, dump, parse

NATIONAL = Path(__file__).resolve().parents[2] / "data" / "framework" / "national.yaml"


def test_every_national_consideration_has_welsh():
    spec = parse(NATIONAL.read_text(encoding="utf-8"))
    lacking = [c.code for c in spec.considerations if not c.text_cy or (c.guidance and not c.guidance_cy)]
    assert spec.considerations and lacking == []


@pytest.mark.django_db
def test_the_stored_national_version_has_the_welsh_of_the_file():
    spec = {c.code: c for c in parse(NATIONAL.read_text(encoding="utf-8")).considerations}
    national = services.load_national()
    stored = list(Consideration.objects.filter(version=national))
    assert stored and all(c.text_cy == spec[c.code].text_cy for c in stored)


def test_the_principles_have_the_welsh_names_of_the_glossary():
    with translation.override("cy"):
        assert principle_name("welfare") == "Sicrhau lles a chymorth"
        assert principle_name("equity") == "Ecwiti a chymesuredd"
    with translation.override("en"):
        assert principle_name("welfare") == "Ensuring welfare and support"


def test_a_welsh_reader_s_principle_page_is_in_welsh(case, case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    url = reverse(
        "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": "welfare"}
    )
    response = signed_in(case_manager).get(url)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    assert page.get("lang") == "cy"
    text = " ".join(page.text_content().split())
    assert "Sicrhau lles a chymorth" in page.xpath("string(//h1)")
    ws2 = next(c for c in selectors.considerations_for(review) if c.code == "WS2")
    assert ws2.text_cy and ws2.text_cy in text and ws2.text not in text
    labels = {" ".join(label.text_content().split()) for label in page.xpath("//label")}
    assert {"Ydy", "Nac ydy", "Anhysbys"} <= labels
    assert not {"Yes", "No", "Unknown"} & labels


def test_an_english_reader_s_principle_page_stays_english(case, case_manager, signed_in):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    url = reverse(
        "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": "welfare"}
    )
    page = signed_in(case_manager).get(url).content.decode()
    assert "Ensuring welfare and support" in page and "Sicrhau lles" not in page


def test_an_adapted_consideration_shows_its_welsh_and_falls_back_to_the_english(organisation, case_manager):
    draft = services.start_adaptation(organisation=organisation, by=case_manager)
    with_welsh = services.add_consideration(
        version=draft,
        principle="heard",
        text="The practitioner has been offered a meeting in Welsh.",
        text_cy="Mae cyfarfod yn Gymraeg wedi'i gynnig i'r ymarferydd.",
        guidance="Ask the Welsh language officer.",
        guidance_cy="Gofynnwch i'r swyddog iaith Gymraeg.",
        by=case_manager,
    )
    english_only = services.add_consideration(
        version=draft, principle="heard", text="The practitioner has a named interpreter.", by=case_manager
    )
    with translation.override("cy"):
        assert with_welsh.shown_text == "Mae cyfarfod yn Gymraeg wedi'i gynnig i'r ymarferydd."
        assert with_welsh.shown_guidance == "Gofynnwch i'r swyddog iaith Gymraeg."
        assert english_only.shown_text == "The practitioner has a named interpreter."
    with translation.override("en"):
        assert with_welsh.shown_text == "The practitioner has been offered a meeting in Welsh."
    services.change_consideration(
        consideration=english_only, text_cy="Mae gan yr ymarferydd gyfieithydd.", by=case_manager
    )
    published = services.publish_draft(version=draft, change_note="Welsh added", by=case_manager)
    kept = {c.code: c for c in selectors.considerations_in(published)}
    assert kept[with_welsh.code].guidance_cy == "Gofynnwch i'r swyddog iaith Gymraeg."
    assert kept[english_only.code].text_cy == "Mae gan yr ymarferydd gyfieithydd."


def test_a_welsh_only_change_is_a_change_worth_publishing(organisation, case_manager):
    draft = services.start_adaptation(organisation=organisation, by=case_manager)
    ws1 = selectors.consideration_in_draft(draft, "WS1")
    services.change_consideration(consideration=ws1, text_cy="Testun newydd.", by=case_manager)
    published = services.publish_draft(version=draft, change_note="Clearer Welsh", by=case_manager)
    assert published.is_published


FILE_WITH_WELSH = NATIONAL.read_text(encoding="utf-8")


def test_a_framework_file_carries_the_welsh_there_and_back():
    spec = parse(FILE_WITH_WELSH)
    again = parse(dump(title=spec.title, considerations=spec.considerations))
    assert [(c.code, c.text_cy) for c in again.considerations] == [
        (c.code, c.text_cy) for c in spec.considerations
    ]


def test_a_framework_file_s_welsh_is_held_to_the_english_limits():
    too_long = "a" * 2001
    text = FILE_WITH_WELSH.replace(
        "      - code: WS2\n", f"      - code: WS2\n        text_cy: {too_long}\n", 1
    ).replace("        text_cy: 'Mae unigolyn cyswllt", "        guidance_cy: 'Mae unigolyn cyswllt", 1)
    with pytest.raises(FrameworkFileError) as error:
        parse(text)
    assert error.value.field_name == "text_cy"


def test_the_consideration_form_offers_welsh_beside_the_english():
    from faircase.framework.forms_admin import AddConsiderationForm, ChangeConsiderationForm

    for form_class in (AddConsiderationForm, ChangeConsiderationForm):
        form = form_class()
        assert {"text_cy", "guidance_cy"} <= set(form.fields)
        assert "Wales" in str(form.fields["text_cy"].help_text)
        assert form.fields["text_cy"].max_length == form.fields["text"].max_length


def test_the_framework_s_messages_all_have_welsh():
    gaps = catalogues.missing()
    assert "framework" not in gaps and "consistency" not in gaps and "second_look" not in gaps


def test_an_administrator_writes_the_welsh_beside_the_english(organisation, signed_in):
    from faircase.accounts.tests.factories import member

    admin = member(organisation, "org_admin", username="gweinyddwr", full_name="Gwen Gweinyddwr")
    admin.language = "cy"
    admin.save()
    draft = services.start_adaptation(organisation=organisation, by=admin)
    client = signed_in(admin)
    page = reverse("framework:change", kwargs={"org_slug": organisation.slug, "code": "WS2"})
    shown = client.get(page).content.decode()
    assert "Yr ystyriaeth yn Gymraeg (dewisol)" in shown and "Canllawiau lleol yn Gymraeg (dewisol)" in shown
    response = client.post(
        page,
        {
            "text": "A named contact has been offered.",
            "text_cy": "Mae unigolyn cyswllt wedi'i gynnig.",
            "guidance": "",
            "guidance_cy": "",
        },
    )
    assert response.status_code == 302
    changed = selectors.consideration_in_draft(draft, "WS2")
    assert (changed.text, changed.text_cy) == (
        "A named contact has been offered.",
        "Mae unigolyn cyswllt wedi'i gynnig.",
    )


def _welsh_admin(organisation):
    from faircase.accounts.tests.factories import member

    admin = member(organisation, "org_admin", username="gweinyddwr", full_name="Gwen Gweinyddwr")
    admin.language = "cy"
    admin.save()
    return admin


def _page_text(response) -> str:
    assert response.status_code == 200
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def test_a_welsh_administrator_reads_a_version_and_its_changes_in_welsh(organisation, signed_in):
    admin = _welsh_admin(organisation)
    draft = services.start_adaptation(organisation=organisation, by=admin)
    services.add_consideration(
        version=draft,
        principle="heard",
        code="LOCAL-1",
        text="The practitioner has been offered a meeting in Welsh.",
        text_cy="Mae cyfarfod yn Gymraeg wedi'i gynnig i'r ymarferydd.",
        by=admin,
    )
    services.change_consideration(
        consideration=selectors.consideration_in_draft(draft, "UI8"),
        guidance="Contact them early.",
        guidance_cy="Cysylltwch â nhw yn gynnar.",
        by=admin,
    )
    version = services.publish_draft(version=draft, change_note="Welsh meetings", by=admin)
    text = _page_text(signed_in(admin).get(reverse("framework:version", kwargs={"version_id": version.pk})))
    assert (
        "O'i chymharu â Set gychwynnol genedlaethol, fersiwn 1: 1 wedi'i hychwanegu, 1 â chanllawiau lleol"
        in text
    )
    assert "Ddim yn y fersiwn honno" in text and "Not in that version" not in text
    assert "Pob pwynt adolygu" in text and "Every review point" not in text
    assert "Mae cyfarfod yn Gymraeg wedi'i gynnig i'r ymarferydd." in text
    assert "Canllawiau lleol: Cysylltwch â nhw yn gynnar." in text
    ws2 = selectors.consideration_in_draft(draft, "WS2")
    assert ws2.text_cy in text and ws2.text not in text


def test_the_fixed_principles_are_named_in_welsh_on_the_adaptation_page(organisation, signed_in):
    from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE, fixed_principles_message

    with translation.override("en"):
        assert fixed_principles_message() == FIXED_PRINCIPLES_MESSAGE
    text = _page_text(signed_in(_welsh_admin(organisation)).get(reverse("framework:index")))
    assert "Mae pum Egwyddor y fframwaith yn sefydlog" in text and "1. Sicrhau lles a chymorth" in text
    assert "cannot be renamed" not in text
    assert "Y fersiwn mewn defnydd Set gychwynnol genedlaethol, fersiwn 1" in text


def test_a_completed_review_is_in_welsh_in_the_chronology(case, case_manager):
    from faircase.framework.chronology_sources import review_events

    complete_review(case, case_manager)
    with translation.override("cy"):
        [entry] = list(review_events(case))
    assert entry.title == "Adolygiad o'r fframwaith wedi'i gwblhau: Dechrau'r achos"
    assert entry.detail == "Cwblhawyd gan Casey Manager"


def test_the_case_page_s_framework_at_a_glance_names_principles_and_considerations_in_welsh(
    case, case_manager
):
    from django.utils import timezone

    from faircase.cases.presenters import framework_glance

    complete_review(case, case_manager)
    with translation.override("cy"):
        glance = framework_glance(case, today=timezone.localdate())
    assert glance[0].name == "Sicrhau lles a chymorth"
    ws1 = next(a for g in glance for a in g.answers if a.code == "WS1")
    assert ws1.text.startswith("Mae'r ymarferydd wedi cael gwybod yn ysgrifenedig")
    with translation.override("en"):
        glance = framework_glance(case, today=timezone.localdate())
    assert glance[0].name == "Ensuring welfare and support"


def complete_review(case, by):
    from faircase.framework.tests.test_reviews import complete_review as complete

    return complete(case, by)
