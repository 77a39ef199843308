"""What the WCAG 2.2 audit of the framework review pages found, each pinned by a test through the real views:
every error found in one pass and named by its consideration, labels that name their consideration, the
follow-up revealed only by a "no" or "unknown", and a real error summary when a review cannot be completed."""

import datetime as dt
from collections import Counter

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.framework import selectors, services
from faircase.framework.forms_reviews import (
    CarryFollowUpForm,
    CloseFollowUpForm,
    PrincipleAnswersForm,
    ReassignFollowUpForm,
    StartReviewForm,
)

# What Django says when a form leaves a field's message to it: too vague to put right (WCAG 3.3.1 and 3.3.3).
GENERIC = ("This field is required", "Enter a valid date", "Select a valid choice", "Enter a complete value")


@pytest.fixture
def review(case, case_manager):
    return services.start_review(case=case, review_point="commencement", by=case_manager)


def _by_code(review):
    return {c.code: c for c in selectors.considerations_for(review)}


def _url(case, review, principle="understanding"):
    return reverse(
        "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": principle}
    )


def _date(name, day, month, year):
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def _page(response):
    return lxml.html.fromstring(response.content.decode())


def _with_class(element, name, tag="*"):
    return element.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def _summary(page):
    return [
        (" ".join(a.text_content().split()), a.get("href"))
        for a in [a for s in _with_class(page, "nhsuk-error-summary") for a in s.iter("a")]
    ]


def test_every_error_on_a_principle_page_is_found_in_one_pass(case, case_manager, review, signed_in):
    c = _by_code(review)
    ui3, ui4, ui7 = c["UI3"].pk, c["UI4"].pk, c["UI7"].pk
    data = {
        f"c{ui3}-answer": "no",
        f"c{ui3}-no-follow_up_action": "Trace the rota for that night.",
        f"c{ui3}-no-follow_up_owner": str(case_manager.pk),
        **_date(f"c{ui3}-no-follow_up_due_on", 31, 2, timezone.localdate().year + 1),
        f"c{ui4}-answer": "unknown",
        f"c{ui7}-answer": "not_applicable",
    }
    response = signed_in(case_manager).post(_url(case, review), data)
    assert response.status_code == 200
    page = _page(response)
    assert page.findtext(".//title").startswith("Error: ")
    summary = _summary(page)
    texts = [text for text, _ in summary]
    # The date error no longer hides the others: all five come at once, in the order of the page.
    assert texts == [
        f"The date UI3 will be put right by must be a real date, like 27 3 {timezone.localdate().year + 1}",
        "Say what will be done to find out about UI4",
        "Choose who will find out about UI4",
        "Enter the date UI4 will be found out by",
        "Say why UI7 does not apply",
    ]
    ids = set(page.xpath("//@id"))
    assert [href for _, href in summary if href.removeprefix("#") not in ids] == []
    assert summary[0][1] == f"#id_c{ui3}-no-follow_up_due_on_0"


def test_a_due_date_in_the_past_is_named_with_its_consideration(case, case_manager, review, signed_in):
    ui3 = _by_code(review)["UI3"].pk
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {
        f"c{ui3}-answer": "unknown",
        f"c{ui3}-unknown-follow_up_action": "Trace the rota for that night.",
        f"c{ui3}-unknown-follow_up_owner": str(case_manager.pk),
        **_date(f"c{ui3}-unknown-follow_up_due_on", yesterday.day, yesterday.month, yesterday.year),
    }
    page = _page(signed_in(case_manager).post(_url(case, review), data))
    assert [text for text, _ in _summary(page)] == [
        "The date UI3 will be found out by must be today or later"
    ]


def test_a_no_reveals_its_follow_up_and_a_yes_hides_it(case, case_manager, review, signed_in):
    c = _by_code(review)
    client = signed_in(case_manager)
    page = _page(client.get(_url(case, review)))
    for code in ("UI1", "UI3"):
        pk = c[code].pk
        for answer in ("no", "unknown"):
            radio = page.get_element_by_id(f"id_c{pk}-answer-{2 if answer == 'no' else 3}")
            assert radio.get("value") == answer
            # The NHS.UK radios' conditional reveal: shown without JavaScript, hidden with it until chosen.
            reveal = page.get_element_by_id(radio.get("data-aria-controls"))
            assert "nhsuk-radios__conditional--hidden" in reveal.get("class")
            names = {e.get("name") for e in reveal.xpath(".//input|.//textarea|.//select")}
            assert names == {
                f"c{pk}-{answer}-follow_up_action",
                f"c{pk}-{answer}-follow_up_owner",
                *(f"c{pk}-{answer}-follow_up_due_on_{part}" for part in range(3)),
            }
    # Nothing else on the page asks for a follow-up: it is only ever behind a "no" or an "unknown".
    outside = page.xpath(
        "//*[contains(@name, 'follow_up_') and not(ancestor::*[contains(@class, 'nhsuk-radios__conditional')])]"
    )
    assert outside == []

    # Once "no" is saved, the page shows that follow-up revealed.
    ui3 = c["UI3"].pk
    client.post(
        _url(case, review),
        {
            f"c{ui3}-answer": "no",
            f"c{ui3}-no-follow_up_action": "Trace the rota for that night.",
            f"c{ui3}-no-follow_up_owner": str(case_manager.pk),
            **_date(f"c{ui3}-no-follow_up_due_on", 1, 1, timezone.localdate().year + 1),
        },
    )
    page = _page(client.get(_url(case, review)))
    assert "nhsuk-radios__conditional--hidden" not in page.get_element_by_id(
        f"conditional-id_c{ui3}-answer-2"
    ).get("class")
    assert page.get_element_by_id(f"id_c{ui3}-no-follow_up_action").text == "Trace the rota for that night."


def _accessible_label(page, control):
    labels = page.xpath(f"//label[@for='{control.get('id')}']")
    return " ".join(labels[0].text_content().split()) if labels else ""


def test_each_control_has_a_label_of_its_own_naming_its_consideration(case, case_manager, review, signed_in):
    page = _page(signed_in(case_manager).get(_url(case, review)))
    labels = []
    for group in _with_class(page, "faircase-principle"):
        fieldset = group.xpath(".//fieldset")[0]
        legend = " ".join(fieldset.xpath(".//legend")[0].text_content().split())
        code = legend.split(":")[0]
        # Every control of a consideration is inside its fieldset, whose legend names it.
        controls = group.xpath(".//textarea|.//select")
        assert controls and all(fieldset in control.iterancestors() for control in controls)
        for control in controls:
            label = _accessible_label(page, control)
            assert code in label, label
            labels.append(label)
        for date in _with_class(group, "nhsuk-date-input"):
            date_legend = " ".join(
                next(date.iterancestors("fieldset")).xpath("./legend")[0].text_content().split()
            )
            assert code in date_legend, date_legend
            labels.append(date_legend)
        note = group.xpath(".//textarea[contains(@name, '-note')]")[0]
        assert _accessible_label(page, note).startswith(f"Note on {code}: ")
    assert [label for label, n in Counter(labels).items() if n > 1] == []


def test_the_review_forms_never_give_a_generic_message(case, case_manager, review):
    considerations = [c for c in selectors.considerations_for(review) if c.principle == "understanding"]
    ui3 = next(c for c in considerations if c.code == "UI3").pk
    year = timezone.localdate().year + 1
    forms = [
        StartReviewForm(data={}),
        StartReviewForm(data={"review_point": "teatime"}),
        CloseFollowUpForm(data={}),
        CarryFollowUpForm(data={}),
        ReassignFollowUpForm(data={}, people=[case_manager]),
        ReassignFollowUpForm(data={"owner": "999999"}, people=[case_manager]),
        PrincipleAnswersForm(
            data={
                f"c{ui3}-answer": "maybe",
                f"c{considerations[0].pk}-answer": "no",
                f"c{considerations[0].pk}-no-follow_up_owner": "999999",
                **_date(f"c{considerations[0].pk}-no-follow_up_due_on", 3, "", year),
                f"c{considerations[1].pk}-answer": "unknown",
                **_date(f"c{considerations[1].pk}-unknown-follow_up_due_on", "x", 2, year),
            },
            considerations=considerations,
            people=[case_manager],
        ),
    ]
    messages = []
    for form in forms:
        assert not form.is_valid()
        messages += [str(e) for errors in form.errors.values() for e in errors]
    assert messages and [m for m in messages if m.startswith(GENERIC)] == []
    assert "Select an answer for UI3: The context has been explored" in messages


def test_completing_a_review_with_unanswered_items_shows_an_error_summary(
    case, case_manager, review, signed_in
):
    c = _by_code(review)
    answered = {
        pk: {"answer": "yes", "note": ""} for pk in (x.pk for x in c.values() if x.code not in ("UI3", "PH2"))
    }
    services.save_answers(review=review, answers=answered, by=case_manager)
    response = signed_in(case_manager).post(
        reverse("reviews:complete", kwargs={"case_id": case.pk, "review_id": review.pk})
    )
    assert response.status_code == 400
    page = _page(response)
    assert page.findtext(".//title").startswith("Error: ")
    assert _with_class(page, "nhsuk-error-summary")[0].get("data-module") == "nhsuk-error-summary"
    assert _summary(page) == [
        (
            "Answer UI3: The context has been explored",
            _url(case, review, "understanding") + f"#id_c{c['UI3'].pk}-answer",
        ),
        (
            "Answer PH2: The practitioner has had a real opportunity to give their account before decisions are "
            "made about them",
            _url(case, review, "heard") + f"#id_c{c['PH2'].pk}-answer",
        ),
    ]
    assert _with_class(page, "nhsuk-notification-banner") == []
