"""The interface in Welsh (issue 16, ADR 41): the layout and the NHS.UK components' own words, page titles,
dates, counts and sort order, and a half-filled form carried across the language switch."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from faircase.core import carrying, catalogues, languages
from faircase.core.formatting import duration_words, every, nhs_date, nhs_datetime, pluralise, with_article
from faircase.core.page_titles import document_title

OWN_APPS = ("core", "nhsuk_forms", "notifications")


@pytest.fixture
def welsh():
    with translation.override("cy"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


# Dates, times and counts


def test_a_date_in_welsh_has_the_welsh_month(welsh):
    assert nhs_date(dt.date(2026, 12, 2)) == "2 Rhagfyr 2026"
    assert nhs_date(dt.date(2026, 2, 14)) == "14 Chwefror 2026"
    assert nhs_date(None) == "Heb ei gofnodi"


def test_a_date_and_time_in_welsh_says_yb_and_yp(welsh):
    assert nhs_datetime(dt.datetime(2026, 12, 2, 15, 0)) == "2 Rhagfyr 2026 am 3yp"
    assert nhs_datetime(dt.datetime(2026, 7, 1, 10, 30)) == "1 Gorffennaf 2026 am 10:30yb"
    assert nhs_datetime(None) == "Heb ei gofnodi"


def test_english_dates_and_times_are_as_they_were(english):
    assert nhs_date(dt.date(2026, 12, 2)) == "2 December 2026"
    assert nhs_datetime(dt.datetime(2026, 12, 2, 15, 0)) == "2 December 2026 at 3pm"
    assert nhs_datetime(dt.datetime(2026, 7, 1, 0, 5)) == "1 July 2026 at 12:05am"
    assert nhs_date(None) == "Not recorded"
    assert nhs_date(None, empty="None yet") == "None yet"


def test_welsh_counts_take_the_singular_noun(welsh):
    assert duration_words(3 * 60 * 60) == "3 awr"
    assert duration_words(1 * 60) == "1 munud"
    assert duration_words(30 * 60) == "30 munud"
    assert duration_words(20) == "20 eiliad"
    # A noun pair in a messages file (notifications' "item") reads in Welsh, in the singular for every number.
    assert pluralise(1, "item") == "1 eitem"
    assert pluralise(3, "item") == "3 eitem"
    assert pluralise(6, "item") == "6 eitem"


def test_a_noun_without_welsh_falls_back_to_english(welsh):
    assert pluralise(2, "zebra crossing") == "2 zebra crossings"


def test_english_counts_are_as_they_were(english):
    assert duration_words(12 * 60 * 60) == "12 hours"
    assert duration_words(60) == "1 minute"
    assert duration_words(1) == "1 second"
    assert pluralise(3, "entry", "entries") == "3 entries"
    assert every(1, "day") == "every day"
    assert every(14, "day") == "every 14 days"


def test_thousands_are_written_the_same_in_welsh_and_english(welsh):
    # Welsh uses the comma for thousands and the point for decimals, as English does.
    assert pluralise(1250, "item") == "1,250 eitem"
    with translation.override("en"):
        assert pluralise(1250, "case") == "1,250 cases"


def test_every_in_welsh(welsh):
    assert every(1, "item") == "bob eitem"
    assert every(14, "item") == "bob 14 eitem"


def test_welsh_has_no_indefinite_article(welsh):
    assert with_article("immediate exclusion") == "immediate exclusion"
    with translation.override("en"):
        assert with_article("immediate exclusion") == "an immediate exclusion"


# Sort order


def test_welsh_sorts_its_digraphs_as_single_letters():
    names = [
        "Llinos",
        "Lowri",
        "Lynwen",
        "Chris",
        "Cerys",
        "Dafydd",
        "Ddraig",
        "Rhys",
        "Rob",
        "Thomas",
        "Tomos",
    ]
    assert sorted(names, key=lambda n: languages.sort_key(n, "cy")) == [
        "Cerys",
        "Chris",
        "Dafydd",
        "Ddraig",
        "Lowri",
        "Lynwen",
        "Llinos",
        "Rob",
        "Rhys",
        "Tomos",
        "Thomas",
    ]


def test_english_sorts_case_insensitively_letter_by_letter():
    names = ["Llinos", "lowri", "Chris", "cerys"]
    assert sorted(names, key=lambda n: languages.sort_key(n, "en")) == ["cerys", "Chris", "Llinos", "lowri"]


def test_ng_is_one_letter_after_g_and_accents_sort_with_their_letter():
    # The documented choice: "ng" is always the letter ng (right for "angen", wrong for "Bangor").
    assert sorted(["Nia", "Ngaio", "Gwen", "Huw"], key=lambda n: languages.sort_key(n, "cy")) == [
        "Gwen",
        "Ngaio",
        "Huw",
        "Nia",
    ]
    assert sorted(["Ŵyn", "Wil", "Aled"], key=lambda n: languages.sort_key(n, "cy")) == ["Aled", "Wil", "Ŵyn"]


def test_the_sort_key_follows_the_language_in_use():
    with translation.override("cy"):
        assert sorted(["Llinos", "Lowri"], key=languages.sort_key) == ["Lowri", "Llinos"]
    with translation.override("en"):
        assert sorted(["Llinos", "Lowri"], key=languages.sort_key) == ["Llinos", "Lowri"]


# Page titles


def test_a_page_title_in_welsh_names_the_case_and_the_error(welsh):
    assert document_title("Tudalen", case_reference="FC-00001", error=True) == (
        "Gwall: Tudalen \u2013 Achos FC-00001 \u2013 faircase"
    )


def test_an_english_page_title_is_as_it_was(english):
    assert document_title("Add a concern", case_reference="FC-00001", error=True) == (
        "Error: Add a concern \u2013 Case FC-00001 \u2013 faircase"
    )


# Pages


def lang_of(html: str) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.mark.django_db
def test_a_welsh_page_has_welsh_skip_link_header_and_footer(case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    html = signed_in(case_manager).get(reverse("notifications:list")).content.decode()
    assert lang_of(html) == "cy"
    assert "Neidio i&#39;r prif gynnwys" in html or "Neidio i'r prif gynnwys" in html
    assert 'aria-label="Dewislen"' in html
    assert ">Allgofnodi<" in html
    assert "Datganiad hygyrchedd" in html and "Preifatrwydd" in html
    assert "Gwaith newydd i chi" in html
    assert "Yn ôl i&#39;ch gwaith" in html or "Yn ôl i'ch gwaith" in html
    for english in ("Skip to main content", "Accessibility statement", ">Sign out<", 'aria-label="Menu"'):
        assert english not in html
    # The session timeout script's words come from the page, in Welsh.
    words = re.search(r'data-words="([^"]+)"', html)
    assert words and "allgofnodi ymhen" in words.group(1)


@pytest.mark.django_db
def test_a_welsh_form_with_errors_has_a_welsh_error_summary_title_and_prefix(case_manager, signed_in):
    case_manager.language = "cy"
    case_manager.save()
    html = (
        signed_in(case_manager)
        .post(reverse("notifications:delivery"), {"delivery": "pigeon"})
        .content.decode()
    )
    assert "Mae problem wedi codi" in html
    assert re.search(r"<title>\s*Gwall: ", html)
    assert '<span class="nhsuk-u-visually-hidden">Gwall: </span>' in html
    assert "Dewiswch sut rydych chi am glywed am waith newydd" in html
    assert "There is a problem" not in html


@pytest.mark.django_db
def test_an_english_form_with_errors_reads_as_before(case_manager, signed_in):
    html = (
        signed_in(case_manager)
        .post(reverse("notifications:delivery"), {"delivery": "pigeon"})
        .content.decode()
    )
    assert "There is a problem" in html
    assert re.search(r"<title>\s*Error: ", html)
    assert '<span class="nhsuk-u-visually-hidden">Error: </span>' in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_the_accessibility_statement_in_welsh(client):
    client.cookies["faircase_language"] = "cy"
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "Datganiad hygyrchedd faircase" in html
    assert "2 Rhagfyr 2026" in html
    assert "400%" in html and "400%%" not in html


# Carrying a form across the switch


@pytest.mark.django_db
def test_a_half_filled_form_is_given_back_once_after_the_switch(case_manager, signed_in):
    client = signed_in(case_manager)
    page = reverse("notifications:delivery")
    response = client.post(
        reverse("core:language"),
        {
            "language": "cy",
            "next": page,
            "carried:delivery": "daily",
            "carried:note": "Half of what I meant to say",
            "carried:csrfmiddlewaretoken": "not-this",
            "carried:password": "nor-this",
            "carried:_keep_draft_only": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    kept = re.search(
        r'<script type="application/json" id="faircase-carried-form"[^>]*>(.*?)</script>', html, re.S
    )
    assert kept, "the carried form is on the page"
    assert json.loads(kept.group(1)) == {"delivery": ["daily"], "note": ["Half of what I meant to say"]}
    assert 'src="/static/faircase/language-carry.js"' in html or "language-carry" in html
    # Once: the next visit has nothing carried.
    assert "faircase-carried-form" not in client.get(page).content.decode()


@pytest.mark.django_db
def test_a_carried_form_is_only_given_back_on_its_own_page(case_manager, signed_in):
    client = signed_in(case_manager)
    page = reverse("notifications:delivery")
    client.post(reverse("core:language"), {"language": "cy", "next": page, "carried:note": "Kept"})
    assert "faircase-carried-form" not in client.get(reverse("notifications:list")).content.decode()
    assert "faircase-carried-form" in client.get(page).content.decode()


@pytest.mark.django_db
def test_an_oversized_or_empty_form_is_not_carried(case_manager, signed_in):
    client = signed_in(case_manager)
    page = reverse("notifications:delivery")
    too_long = "x" * (carrying.MOST_CHARACTERS + 1)
    client.post(reverse("core:language"), {"language": "cy", "next": page, "carried:note": too_long})
    assert carrying.SESSION_KEY not in client.session
    client.post(reverse("core:language"), {"language": "en", "next": page, "carried:note": "   "})
    assert carrying.SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_switch_without_a_carried_form_still_works_signed_out(client):
    page = reverse("accounts:login")
    response = client.post(reverse("core:language"), {"language": "cy", "next": page})
    assert response.status_code == 302
    assert lang_of(client.get(page).content.decode()) == "cy"


# The messages files


def test_every_message_of_these_apps_has_welsh():
    gaps = catalogues.missing()
    assert not {app: gaps[app] for app in OWN_APPS if app in gaps}


# The NHS.UK components' own English


def _rendered(source: str, language: str) -> str:
    from django.template import engines

    with translation.override(language):
        return " ".join(engines["jinja2"].env.from_string(source).render().split())


COMPONENTS = (
    '{% from "nhsuk/components/pagination/macro.jinja" import pagination %}'
    '{% from "nhsuk/components/back-link/macro.jinja" import backLink %}'
    '{% from "nhsuk/components/error-message/macro.jinja" import errorMessage %}'
    '{{ pagination({"previous": {"href": "?p=1"}, "next": {"href": "?p=3"}}) }}'
    '{{ backLink({"href": "/"}) }}{{ errorMessage({"text": "X"}) }}'
)


def test_pagination_back_link_and_error_prefix_in_welsh():
    html = _rendered(COMPONENTS, "cy")
    assert 'aria-label="Tudalennu"' in html
    assert "Tudalen flaenorol" in html and "Tudalen nesaf" in html
    assert "Yn ôl" in html and "Gwall:" in html
    assert "Previous" not in html and "Back" not in html


def test_pagination_back_link_and_error_prefix_in_english_are_nhsuks_own():
    html = _rendered(COMPONENTS, "en")
    assert 'aria-label="Pagination"' in html
    assert 'Previous<span class="nhsuk-u-visually-hidden"> page</span>' in html
    assert "Back" in html and "Error:" in html


BANNERS = (
    '{% from "nhsuk/components/notification-banner/macro.jinja" import notificationBanner %}'
    '{{ notificationBanner({"text": "X", "titleId": "a"}) }}'
    '{{ notificationBanner({"type": "success", "text": "Y", "titleId": "b"}) }}'
    '{{ notificationBanner({"text": "Z", "titleId": "c", "titleText": "Own title"}) }}'
)


def test_a_notification_banner_is_titled_in_the_readers_language():
    welsh = _rendered(BANNERS, "cy")
    assert "> Pwysig <" in welsh and "> Llwyddiant <" in welsh and "> Own title <" in welsh
    assert "Important" not in welsh and "Success" not in welsh
    english = _rendered(BANNERS, "en")
    assert "> Important <" in english and "> Success <" in english and "> Own title <" in english


def test_lists_are_put_in_the_welsh_alphabets_order_only_for_a_welsh_reader():
    from types import SimpleNamespace

    from faircase.config.jinja2 import environment

    people = [SimpleNamespace(name=n) for n in ("Llinos", "Lowri", "Cerys", "Chris")]
    template = environment().from_string(
        '{{ (people|reading_order("name"))|map(attribute="name")|join(" ") }}'
    )
    with translation.override("cy"):
        assert template.render(people=people) == "Cerys Chris Lowri Llinos"
    with translation.override("en"):
        assert template.render(people=people) == "Llinos Lowri Cerys Chris"  # as given: the database's order
    with translation.override("cy"):  # rows given as dicts too (a presenter's)
        assert template.render(people=[vars(p) for p in people]) == "Cerys Chris Lowri Llinos"


@pytest.mark.parametrize(
    ("language", "title", "lang"),
    [
        ("cy", "Mae'n ddrwg gennym, nid oedd modd anfon eich ffurflen", 'lang="cy"'),
        ("en", "Sorry, your form could not be sent", 'lang="en-GB"'),
    ],
)
def test_a_form_refused_for_its_security_token_gets_an_nhs_page_in_the_readers_language(
    db, language, title, lang
):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(
        reverse("accounts:login"),
        {"username": "someone", "password": "anything"},
        HTTP_REFERER="http://testserver" + reverse("accounts:login"),
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert lang in html[:400] and title in html and "nhsuk-header" in html
    assert f'href="http://testserver{reverse("accounts:login")}"' in html
    assert "CSRF" not in html


def test_the_refused_form_page_never_links_to_another_site(db):
    client = Client(enforce_csrf_checks=True)
    html = client.post(
        reverse("accounts:login"), {"username": "x"}, HTTP_REFERER="https://elsewhere.example/trap"
    ).content.decode()
    assert "elsewhere.example" not in html
    assert "Go back to the page, reload it and send the form again." in html
