"""A case manager completes a framework review with the keyboard alone: Tab, Shift+Tab, Space, the arrow keys,
Enter and typing, never a click. A "no" reveals its follow-up, which is out of the tab order until then; a
mistake is reached from the error summary and put right; every page passes axe-core."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from faircase.framework import selectors, services
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD

pytestmark = pytest.mark.browser

# Tab presses before giving up on reaching a control: enough to go round the longest page once.
MOST_TABS = 150

# Tab stops from the year of UI3's follow-up to UI4's answers, and from one consideration's answers to the next:
# UI3's note, then UI4. Before the follow-up was revealed only by a "no" or "unknown", every consideration had
# seven (answers, note, what, who, day, month, year): 56 across the eight considerations of this page.
TABS_FROM_A_DATE_TO_THE_NEXT_ANSWERS = 2
TABS_FROM_ANSWERS_TO_THE_NEXT_ANSWERS = 2


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("(element) => element === document.activeElement")


def tab(page: Page, expected: Locator, *, shift: bool = False) -> None:
    """One press of Tab (or Shift+Tab), which must land on `expected`: the focus order, step by step."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    assert is_focused(expected), f"Tab went to {focused(page)}, not {expected}"


def tab_to(page: Page, target: Locator) -> int:
    """Press Tab until `target` has focus; how many presses it took."""
    for presses in range(1, MOST_TABS + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    raise AssertionError(f"{MOST_TABS} presses of Tab never reached {target}; last at {focused(page)}")


def focused(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return `${e.tagName} id=${e.id} name=${e.getAttribute('name')}`; }"
    )


def group_radios(page: Page, pk: int) -> Locator:
    return page.locator(f"input[type=radio][name='c{pk}-answer']")


def answer(page: Page, pk: int, value: str) -> Locator:
    return page.locator(f"input[type=radio][name='c{pk}-answer'][value='{value}']")


def follow_up(page: Page, pk: int, value: str) -> dict[str, Locator]:
    name = f"c{pk}-{value}-follow_up"
    return {
        "action": page.locator(f"[name='{name}_action']"),
        "owner": page.locator(f"[name='{name}_owner']"),
        "day": page.locator(f"[name='{name}_due_on_0']"),
        "month": page.locator(f"[name='{name}_due_on_1']"),
        "year": page.locator(f"[name='{name}_due_on_2']"),
    }


def note(page: Page, pk: int) -> Locator:
    return page.locator(f"[name='c{pk}-note']")


def expect_error_summary_focused(page: Page) -> Locator:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    return summary


@pytest.fixture
def review(case, case_manager):
    """A commencement review with every Principle answered but "Understanding the issues"."""
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    services.save_answers(
        review=review,
        answers={
            c.pk: {"answer": "yes", "note": ""}
            for c in selectors.considerations_for(review)
            if c.principle != "understanding"
        },
        by=case_manager,
    )
    return review


def test_a_case_manager_completes_a_review_with_the_keyboard_alone(page, case, case_manager, review):
    codes = {c.code: c.pk for c in selectors.considerations_for(review) if c.principle == "understanding"}
    assert list(codes) == [f"UI{n}" for n in range(1, 9)]
    ui = list(codes.values())
    ui3, ui7 = codes["UI3"], codes["UI7"]
    later = timezone.localdate() + dt.timedelta(days=21)

    # Given a case manager signing in with the keyboard
    page.goto("/")
    tab_to(page, page.get_by_label("Username", exact=True))
    page.keyboard.type(case_manager.username)
    tab(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")

    # When they try to complete the review before answering "Understanding the issues"
    page.goto(reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}))
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Complete the review"))
    page.keyboard.press("Enter")

    # Then an error summary takes focus, naming each consideration still to answer, each a link
    summary = expect_error_summary_focused(page)
    links = summary.get_by_role("link")
    expect(links).to_have_count(8)
    expect(links.first).to_have_text("Answer UI1: The concern is written down specifically")
    assert_accessible(page)

    # When they follow the first link, they reach UI1's answers
    tab(page, links.first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Understanding the issues")
    assert page.url.endswith(f"#id_c{ui[0]}-answer")
    assert_accessible(page)
    tab_to(page, answer(page, ui[0], "yes"))

    # And answer each consideration in turn: Space chooses "Yes"; the only stop after the answers is the note
    for pk in ui:
        # No answer chosen yet: Tab enters the group at its first radio, "Yes"
        if not is_focused(answer(page, pk, "yes")):
            tab(page, answer(page, pk, "yes"))
        page.keyboard.press("Space")
        expect(answer(page, pk, "yes")).to_be_checked()
        if pk == ui3:
            # A "yes" reveals nothing: no follow-up control is in the tab order, for "no" or "unknown"
            for value in ("no", "unknown"):
                for control in follow_up(page, pk, value).values():
                    expect(control).to_be_hidden()
            # When they change it to "No" with the arrow key, its follow-up is revealed, next in the tab order
            page.keyboard.press("ArrowDown")
            expect(answer(page, pk, "no")).to_be_checked()
            fields = follow_up(page, pk, "no")
            revealed = page.locator(f"#{answer(page, pk, 'no').get_attribute('aria-controls')}")
            expect(revealed).to_be_visible()
            expect(revealed.locator("textarea, select, input")).to_have_count(5)
            tab(page, fields["action"])
            page.keyboard.type("Trace the rota and staffing for that night with the ward manager.")
            tab(page, fields["owner"])
            page.keyboard.type(case_manager.display_name.split()[0])
            expect(fields["owner"]).to_have_value(str(case_manager.pk))
            # And they make a deliberate mistake: there is no 31 February
            tab(page, fields["day"])
            page.keyboard.type("31")
            tab(page, fields["month"])
            page.keyboard.type("2")
            tab(page, fields["year"])
            page.keyboard.type(str(later.year))
            for control in follow_up(page, pk, "unknown").values():
                expect(control).to_be_hidden()
            # From the date to the next consideration's answers: UI3's note, then UI4
            assert tab_to(page, answer(page, codes["UI4"], "yes")) == TABS_FROM_A_DATE_TO_THE_NEXT_ANSWERS
        elif pk == codes["UI2"]:
            # From one consideration's answers to the next: its note, then the next answers
            assert tab_to(page, answer(page, ui3, "yes")) == TABS_FROM_ANSWERS_TO_THE_NEXT_ANSWERS
        elif pk == ui7:
            # And "Not applicable" without saying why: a second mistake on the same page
            for _ in range(3):
                page.keyboard.press("ArrowDown")
            expect(answer(page, pk, "not_applicable")).to_be_checked()
            tab(page, note(page, pk))
        else:
            tab(page, note(page, pk))
    assert_accessible(page)
    tab(page, page.get_by_role("button", name="Save answers"))
    page.keyboard.press("Enter")

    # Then both mistakes are in the error summary at once, each naming its consideration
    summary = expect_error_summary_focused(page)
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            f"The date UI3 will be put right by must be a real date, like 27 3 {timezone.localdate().year + 1}",
            "Say why UI7 does not apply",
        ]
    )
    assert_accessible(page)

    # When they follow the first link, the focus is on the day of UI3's follow-up date, still revealed
    tab(page, links.first)
    page.keyboard.press("Enter")
    fields = follow_up(page, ui3, "no")
    expect(fields["day"]).to_be_focused()
    expect(fields["action"]).to_have_value(
        "Trace the rota and staffing for that night with the ward manager."
    )

    # And they put the date right, then say why UI7 does not apply
    page.keyboard.press("Control+A")
    page.keyboard.type(str(later.day))
    tab(page, fields["month"])
    page.keyboard.press("Control+A")
    page.keyboard.type(str(later.month))
    tab(page, fields["year"])
    page.keyboard.press("Control+A")
    page.keyboard.type(str(later.year))
    # The year to the next consideration's answers: UI3's note, then UI4 (UI4 already "yes": its checked radio)
    tab(page, note(page, ui3))
    tab(page, answer(page, codes["UI4"], "yes"))
    tab_to(page, note(page, ui7))
    page.keyboard.type("The concern is about record keeping; no health factor is suggested by anyone.")
    tab_to(page, page.get_by_role("button", name="Save answers"))
    page.keyboard.press("Enter")

    # Then the review shows every Principle answered, and they complete it
    expect(page.get_by_text("Answers for understanding the issues saved")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Complete the review"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Commencement of the case review completed and locked.")).to_be_visible()
    expect(page.get_by_role("table", name="Open follow-ups")).to_contain_text(
        "Trace the rota and staffing for that night with the ward manager."
    )
    assert_accessible(page)
