"""A whole MHPS England case in a browser, from the concern to the appeal's outcome (issue 11).

A case manager opens a case from a concern and takes the commencement review (a "no" opens a follow-up); writes
the notification of the concern from the letter library, edits it, acknowledges the language check and sends it
by email to the practitioner and their representative; adds the case's documents (one withheld, with its
reason); runs the investigation (a conflict-checked appointment, terms of reference and their letter, an
interview with minutes and comments, the report); connects the comments on the report's factual accuracy that the
practitioner sends from their own pages; decides on the report with a framework review (a capability panel),
arranges the hearing within the pack's notice, records its outcome, the appeal and the appeal's outcome, sending
a letter at each step; writes a note; and reads the chronology and the complete disclosable record on the web, in
the PDF and in the Word document, all three with the same integrity hash. Every page either browser shows is
checked with axe-core.

The dates the case manager enters lie in the weeks before today, so the pack's clocks (20 working days' notice of
a capability hearing, 25 working days to appeal) are met by the dates themselves; the letters are sent today. The
live server runs in the test's own process with the locmem mail backend, so its email is in `mail.outbox`."""

import datetime as dt
import hashlib
import io
import re

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from faircase.accounts.models import User
from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases import services as case_services
from faircase.cases.models import Case
from faircase.cases.tests.factories import PractitionerFactory
from faircase.documents.tests import files
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.practitioners.models import PractitionerAccount
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_practitioner_journey import practitioner_page  # noqa: F401  (a fixture)
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

# One test walks the whole case (some 75 pages, each checked with axe-core, seven PDFs rendered): on this 2-core
# machine shared with other runs it can pass the suite's 300 seconds per test while every step is still well
# within Playwright's own timeouts.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

REFERENCE = "RFT-2026-777"
PRACTITIONER_EMAIL = "ellis.notreal@example.org"
REPRESENTATIVE_EMAIL = "quinn.adviser@example.net"
SHARED_TEXT = "A fictional patient's blood results were not reviewed for three days after their admission."
ADDED_LINE = "We have booked a quiet room at Elm House for any meeting, and you may bring a companion."
FACTUAL_COMMENTS = "The report says the results reached me on the Monday; they reached me on the Wednesday."
WITHHELD_REASON = "It names a patient who has not consented to its disclosure"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def _fill_group_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _take_review(page: Page, *, follow_up_by: str = "", due: dt.date | None = None) -> None:
    """Answer every Principle's page "yes" and complete the review; with `follow_up_by`, answer UI4 (induction)
    "no" with a follow-up for that person, due on `due`."""
    for number, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
        page.get_by_role("link", name=f"{number}. {principle.label}").click()
        # The Principle's own page, not the review page still on screen while the link is followed.
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{number}. {principle.label}")
        assert_accessible(page)
        for radio in page.locator("input[type=radio][value=yes]").all():
            radio.check()
        if follow_up_by and principle.value == "understanding":
            ui4 = page.get_by_role("group", name=re.compile(r"^UI4:"))
            ui4.get_by_label("No", exact=True).check()
            item = page.locator(".faircase-principle", has=ui4)
            item.get_by_label("Note on UI4").fill("No record of an induction for this locum post.")
            item.get_by_label("What will be done to put UI4 right?").fill(
                "Ask medical staffing for the induction record and arrange one if there was none."
            )
            item.get_by_label("Who will put UI4 right?").select_option(label=follow_up_by)
            assert due is not None
            _fill_group_date(item, "By when will UI4 be put right?", due)
        page.get_by_role("button", name=re.compile(r"^Save (and confirm these )?answers$")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("review")
    page.get_by_role("button", name="Complete the review").click()


def _upload(
    page: Page, *, name: str, content: bytes, mime: str, kind: str, dated: dt.date, withheld: str = ""
):
    page.get_by_role("link", name="Add a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document")
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("radio", name=kind, exact=True).check()
    _fill_date(page, "dated", dated)
    if withheld:
        page.get_by_role("radio", name="No, it is withheld").check()
        page.get_by_label("If it is withheld, why?").fill(withheld)
    else:
        page.get_by_role("radio", name="Yes, it is disclosable").check()
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text(f"{name} was added to the case.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the case's documents").click()
    assert_accessible(page)


def _choose_document(select: Locator, name: str) -> None:
    select.select_option(label=select.locator("option", has_text=name).inner_text())


def _send_letter(
    page: Page,
    case: Case,
    kind: str,
    *,
    meeting: tuple[dt.date, str, str] | None = None,
    outcome: str = "",
    expect_in_draft: str = "",
) -> str:
    """Write the letter of this kind from the library, check the draft and send it; return
    its subject. Every letter goes to the practitioner, copied to the representative."""
    before = len(mail.outbox)
    page.goto(reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a letter")
    page.get_by_role("radio", name=kind, exact=True).check()
    if meeting:
        day, time, place = meeting
        _fill_date(page, "meeting_date", day)
        page.get_by_label("Time", exact=True).fill(time)
        page.get_by_label("Where it is").fill(place)
    if outcome:
        page.get_by_label("The outcome or decision").fill(outcome)
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send the letter")
    if expect_in_draft:
        expect(page.get_by_label("Letter", exact=True)).to_contain_text(expect_in_draft)
    assert_accessible(page)
    subject = page.get_by_label("Subject").input_value()
    page.get_by_role("button", name="Send letter").click()
    expect(
        page.get_by_text(f"It was emailed to {PRACTITIONER_EMAIL} and {REPRESENTATIVE_EMAIL}")
    ).to_be_visible()
    expect(page.get_by_role("link", name=f"{subject} (PDF)")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == before + 1
    message = mail.outbox[-1]
    assert message.to == [PRACTITIONER_EMAIL] and message.cc == [REPRESENTATIVE_EMAIL]
    assert message.subject == f"{subject} ({REFERENCE})"
    assert message.attachments[0][2] == "application/pdf"
    expect(
        page.get_by_role("table", name=re.compile("^Communications with the practitioner"))
    ).to_contain_text(f"Letter sent by email: {subject}")
    return subject


@pytest.fixture
def people(organisation):
    """The organisation's people: the case manager, two investigators (one will be conflicted), three who may
    sit on panels, and the practitioner (a locum whose induction is not known) with their own account."""
    case_manager = member(
        organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional"
    )
    member(organisation, "case_investigator", username="conrad", full_name="Conrad Conflicted")
    member(organisation, "case_investigator", username="iris", full_name="Iris Investigator")
    for username, name in (
        ("hazel", "Hazel Panelmember"),
        ("rowan", "Rowan Panelmember"),
        ("alder", "Alder Appeal"),
    ):
        member(organisation, "case_manager", username=username, full_name=name)
    practitioner = PractitionerFactory(
        organisation=organisation,
        full_name="Dr Ellis Notreal",
        email=PRACTITIONER_EMAIL,
        contract_type="locum",
        induction="unknown",
        induction_on=None,
    )
    account = UserFactory(username="ellis.notreal", full_name="Dr Ellis Notreal")
    PractitionerAccount.objects.create(user=account, practitioner=practitioner)
    return case_manager


def test_a_case_manager_runs_a_whole_mhps_case_from_the_concern_to_the_appeal_outcome(
    page: Page,
    practitioner_page: Page,  # noqa: F811
    people,
):
    today = timezone.localdate()

    def days_ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    case_manager = people
    mail.outbox.clear()
    page.goto("/")
    assert_accessible(page)
    sign_in(page, username="casey.fictional", password=PASSWORD)
    assert_accessible(page)

    # 1. Given a signed-in case manager, when they open a case from a concern about a locum
    page.get_by_role("link", name="Cases", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a case").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    assert_accessible(page)
    choice = page.locator("#id_practitioner option", has_text="Dr Ellis Notreal").text_content()
    page.get_by_label("Practitioner", exact=True).select_option(label=choice)
    page.get_by_label("Case reference").fill(REFERENCE)
    page.get_by_label("Maintaining High Professional Standards (England)").check()
    page.get_by_role("group", name="Did the concern arise from a patient safety incident?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Clinical performance").check()
    page.get_by_label("Incident", exact=True).check()
    page.get_by_label("Moderate: harm or risk that needs action").check()
    _fill_group_date(page, "When it happened", days_ago(130))
    _fill_group_date(page, "When it was raised", days_ago(128))
    page.get_by_label("What is alleged").fill(
        "Blood results for a fictional patient were not reviewed for days."
    )
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(REFERENCE)
    expect(page.get_by_text("Commencement review needed")).to_be_visible()
    assert_accessible(page)
    case = Case.objects.get(reference=REFERENCE)
    case_url = reverse("cases:detail", kwargs={"case_id": case.pk})

    # and take the commencement review, answering "no" about the locum's induction (UI4)
    page.get_by_role("button", name="Start the commencement review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commencement of the case review")
    assert_accessible(page)
    _take_review(page, follow_up_by="Casey Fictional", due=today + dt.timedelta(days=10))
    expect(page.get_by_text("Commencement of the case review completed and locked.")).to_be_visible()
    expect(page.get_by_role("table", name="Open follow-ups")).to_contain_text(
        "Ask medical staffing for the induction record"
    )
    assert_accessible(page)

    # 2. When they share the concern with the practitioner, name the representative, and write the notification
    # of the concern from the library
    page.goto(case_url)
    page.get_by_role("link", name=re.compile(r"^Share it")).click()
    assert_accessible(page)
    page.get_by_label("What the practitioner will be told").fill(SHARED_TEXT)
    page.get_by_role("button", name="Share with the practitioner").click()
    expect(page.get_by_text("The concern is shared with the practitioner.")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("practitioners:comms_representative", kwargs={"case_id": case.pk}))
    assert_accessible(page)
    page.get_by_label("Name").fill("Quinn Adviser")
    page.get_by_label("Email address").fill(REPRESENTATIVE_EMAIL)
    page.get_by_role("button", name="Save representative").click()
    expect(page.get_by_text("Representative saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write a letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a letter")
    assert_accessible(page)
    page.get_by_role("radio", name="Notification of a concern").check()
    page.get_by_role("checkbox", name=SHARED_TEXT, exact=False).check()
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send the letter")
    expect(page.get_by_label("Letter", exact=True)).to_contain_text(SHARED_TEXT)
    assert_accessible(page)

    # and edit it with a line the language check flags, the check stops them until they acknowledge it
    notification = page.get_by_label("Subject").input_value()
    body = page.get_by_label("Letter", exact=True)
    body.fill(body.input_value() + "\n\nYour attitude will also be discussed.\n\n" + ADDED_LINE)
    page.get_by_role("button", name="Send letter").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The language check found words to reconsider"
    )
    assert_accessible(page)
    assert mail.outbox == []
    page.get_by_role("checkbox", name="I have read the language check").check()
    page.get_by_role("button", name="Send letter").click()

    # Then one email reaches the practitioner, copied to the representative, and the letter is in the case's log
    expect(
        page.get_by_text(f"It was emailed to {PRACTITIONER_EMAIL} and {REPRESENTATIVE_EMAIL}")
    ).to_be_visible()
    assert_accessible(page)
    (message,) = mail.outbox
    assert message.to == [PRACTITIONER_EMAIL] and message.cc == [REPRESENTATIVE_EMAIL]
    assert message.attachments[0][2] == "application/pdf"
    assert message.subject == f"{notification} ({REFERENCE})"
    expect(page.get_by_role("link", name=f"{notification} (PDF)")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("^Communications with the practitioner"))
    ).to_contain_text(f"Letter sent by email: {notification}")

    # and the practitioner, signed in to their own view, finds it
    practitioner = practitioner_page
    practitioner.goto("/")
    assert_accessible(practitioner)
    sign_in(practitioner, username="ellis.notreal", password=PASSWORD)
    assert_accessible(practitioner)
    portal_case_url = reverse("practitioners:portal_case", kwargs={"case_id": case.pk})
    practitioner.goto(portal_case_url)
    expect(practitioner.get_by_role("link", name=f"{notification} (PDF)")).to_be_visible()
    expect(practitioner.get_by_text(SHARED_TEXT)).to_be_visible()
    assert_accessible(practitioner)

    # 3. When the case manager adds the case's documents: the minutes (a Word document), the report (a PDF), and a
    # statement withheld with its reason
    page.goto(reverse("documents:list", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    assert_accessible(page)
    minutes = files.docx("Minutes of the fictional interview with Dr Ellis Notreal")
    report = files.pdf("Investigation report on a fictional concern")
    statement = files.pdf("Statement of a fictional patient")
    _upload(
        page, name="Interview minutes.docx", content=minutes, mime=DOCX_MIME,
        kind="Minutes or meeting notes", dated=days_ago(100),
    )  # fmt: skip
    _upload(
        page, name="Investigation report.pdf", content=report, mime="application/pdf",
        kind="Report", dated=days_ago(85),
    )  # fmt: skip
    _upload(
        page, name="Patient statement.pdf", content=statement, mime="application/pdf",
        kind="Statement", dated=days_ago(112), withheld=WITHHELD_REASON,
    )  # fmt: skip
    table = page.locator("table")
    expect(table).to_contain_text("Withheld")
    expect(table).to_contain_text(WITHHELD_REASON)

    # 4. When they appoint the case investigator, a conflicted colleague refused first
    conflicted = User.objects.get(username="conrad")
    case_services.exclude_for_conflict(
        case=case, user=conflicted, reason="Trained the practitioner", by=case_manager
    )
    page.goto(case_url)
    page.get_by_role("link", name="Appoint the case investigator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appoint the case investigator")
    assert_accessible(page)
    page.get_by_label("Who is the case investigator?").select_option(label="Conrad Conflicted")
    _fill_date(page, "appointed_on", days_ago(120))
    page.get_by_role("button", name="Appoint the case investigator").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Conrad Conflicted is excluded from this case for a conflict of interest"
    )
    assert_accessible(page)
    page.get_by_label("Who is the case investigator?").select_option(label="Iris Investigator")
    page.get_by_role("button", name="Appoint the case investigator").click()
    expect(page.get_by_text("Iris Investigator was appointed case investigator.")).to_be_visible()
    assert_accessible(page)
    investigation_url = page.url

    # and set the terms of reference, and send their letter
    page.get_by_role("link", name="Set the terms of reference").click()
    assert_accessible(page)
    page.get_by_label("Scope of the investigation").fill("Establish why the blood results were not reviewed")
    page.locator("input[name=allegations]").first.check()
    page.get_by_label("Who is to be interviewed?").fill("The practitioner\nA fictional ward sister")
    page.get_by_role("button", name="Save the terms of reference").click()
    expect(page.get_by_text("The terms of reference were saved.")).to_be_visible()
    assert_accessible(page)
    terms_letter = _send_letter(page, case, "Terms of reference of the investigation")

    # and record the interview with the practitioner, its minutes and the practitioner's comments on them
    page.goto(investigation_url)
    page.get_by_role("link", name="Record an interview or meeting").click()
    assert_accessible(page)
    _fill_date(page, "held_on", days_ago(100))
    page.get_by_label("Who was interviewed?").fill("Dr Ellis Notreal")
    page.get_by_label("The interviewee is the practitioner the case is about").check()
    page.get_by_label("Who attended?").fill("Iris Investigator\nA fictional HR adviser")
    page.get_by_label("The practitioner's companion (if the practitioner was interviewed)").fill(
        "Quinn Adviser"
    )
    _choose_document(page.get_by_label("Minutes", exact=True), "Interview minutes.docx")
    page.get_by_label("The interviewee's comments on the accuracy of the minutes (if received)").fill(
        "The ward round was at 9am, not 10am."
    )
    _fill_date(page, "comments_received_on", days_ago(95))
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("The interview with Dr Ellis Notreal was recorded.")).to_be_visible()
    assert_accessible(page)

    # and record the report's receipt
    page.get_by_role("link", name="Record the report's receipt").click()
    assert_accessible(page)
    _choose_document(page.get_by_label("The investigation report"), "Investigation report.pdf")
    _fill_date(page, "received_on", days_ago(84))
    page.get_by_role("button", name="Record the receipt").click()
    expect(page.get_by_text("The report's receipt by the case manager was recorded.")).to_be_visible()
    assert_accessible(page)

    # When the practitioner, in their own view, comments on the report's factual accuracy
    practitioner.goto(portal_case_url)
    practitioner.get_by_role(
        "link", name="Comment on the factual accuracy of the investigation report"
    ).click()
    expect(practitioner.get_by_role("heading", level=1)).to_have_text("Comment on the investigation report")
    assert_accessible(practitioner)
    practitioner.get_by_role("textbox").first.fill(FACTUAL_COMMENTS)
    practitioner.get_by_role("button", name="Continue").click()
    # and checks them before sending
    expect(practitioner.locator(".nhsuk-summary-list")).to_contain_text(FACTUAL_COMMENTS)
    assert_accessible(practitioner)
    practitioner.get_by_role("button", name="Send").click()
    expect(practitioner.get_by_text(FACTUAL_COMMENTS)).to_be_visible()
    assert_accessible(practitioner)

    # Then the case manager connects the comments to the report
    page.goto(investigation_url)
    page.get_by_role("link", name="Connect the practitioner's comments on the report").click()
    assert_accessible(page)
    page.locator("input[name=submission]").first.check()
    page.get_by_role("button", name="Connect the comments").click()
    expect(page.get_by_text("The practitioner's comments were connected to the report.")).to_be_visible()
    expect(page.get_by_text(FACTUAL_COMMENTS)).to_be_visible()
    assert_accessible(page)

    # 5. When they take the framework review at the determination review point
    page.goto(case_url)
    page.get_by_role("link", name="Take a framework review").click()
    assert_accessible(page)
    page.get_by_label("Determination", exact=True).check()
    page.get_by_role("button", name="Start the review").click()
    assert_accessible(page)
    _take_review(page)
    assert_accessible(page)

    # and decide, with it, to refer the practitioner to a capability panel, and send the decision letter
    page.goto(investigation_url)
    page.get_by_role("link", name="See the decision on the report, the hearing and the appeal").click()
    page.get_by_role("link", name="Record the decision on the report").click()
    assert_accessible(page)
    page.get_by_label("Referral to a capability panel for a capability hearing (MHPS Part IV)").check()
    _fill_date(page, "decided_on", days_ago(80))
    page.get_by_label("Reasons for the decision").fill("The report found the results were not reviewed.")
    page.locator("input[name=review]").first.check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision on the report was recorded.")).to_be_visible()
    expect(page.get_by_text(f"{_nhs(days_ago(80))}, by Casey Fictional")).to_be_visible()
    assert_accessible(page)
    decision_url = page.url
    decision_letter = _send_letter(
        page, case, "The case manager's decision on the report",
        outcome="You are referred to a capability panel for a capability hearing.",
    )  # fmt: skip

    # and set up the hearing: notice given too late for the pack's 20 working days is refused
    hearing_on = days_ago(42)
    page.goto(decision_url)
    page.get_by_role("link", name="Set up the hearing").click()
    assert_accessible(page)
    _fill_date(page, "held_on", hearing_on)
    page.get_by_label("Hazel Panelmember").check()
    page.get_by_label("Rowan Panelmember").check()
    _fill_date(page, "notice_given_on", days_ago(49))
    page.get_by_role("button", name="Set up the hearing").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("20 working days")
    assert_accessible(page)
    _fill_date(page, "notice_given_on", days_ago(78))
    page.get_by_role("button", name="Set up the hearing").click()
    expect(page.get_by_text("The hearing was set up.")).to_be_visible()
    assert_accessible(page)
    invitation = _send_letter(
        page, case, "Invitation to a hearing", meeting=(hearing_on, "10am", "Board room, Elm House"),
        expect_in_draft="at least 20 working days",
    )  # fmt: skip

    # and record the hearing's outcome, and send it
    page.goto(decision_url)
    page.get_by_role("link", name="Record the hearing's outcome").click()
    assert_accessible(page)
    page.get_by_label("What did the hearing decide?").fill("A first written warning and a supervised period")
    page.get_by_label("Reasons for the outcome").fill("The panel found the concern proved in part.")
    _fill_date(page, "outcome_on", days_ago(40))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The hearing's outcome was recorded.")).to_be_visible()
    assert_accessible(page)
    outcome_letter = _send_letter(
        page, case, "Outcome", outcome="A first written warning and a supervised period of practice."
    )

    # and the appeal, lodged within the pack's 25 working days, its outcome, and its letter
    page.goto(decision_url)
    page.get_by_role("link", name="Record an appeal").click()
    assert_accessible(page)
    _fill_date(page, "received_on", days_ago(30))
    page.get_by_label("Alder Appeal").check()
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.get_by_text("The appeal was recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the appeal's outcome").click()
    assert_accessible(page)
    page.get_by_label("Not upheld").check()
    page.get_by_label("Reasons for the outcome").fill("The hearing followed the procedure.")
    _fill_date(page, "decided_on", days_ago(10))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The appeal's outcome was recorded.")).to_be_visible()
    expect(page.get_by_text(f"Not upheld, {_nhs(days_ago(10))}")).to_be_visible()
    assert_accessible(page)
    appeal_letter = _send_letter(
        page,
        case,
        "Outcome of an appeal",
        outcome="Your appeal was not upheld: the hearing followed the procedure.",
    )
    letters_sent = [notification, terms_letter, decision_letter, invitation, outcome_letter, appeal_letter]
    # (besides the letters, faircase told the investigator of their appointment and the case manager of the
    # practitioner's comments on the report)
    told = {(m.to[0], m.subject) for m in mail.outbox if not m.attachments}
    assert ("iris@example.invalid", f"Case {REFERENCE}: you are named as case investigator") in told
    assert (
        "casey.fictional@example.invalid",
        f"Case {REFERENCE}: the practitioner sent comments on the factual accuracy of the investigation report",
    ) in told
    assert [m.subject for m in mail.outbox if m.attachments] == [f"{s} ({REFERENCE})" for s in letters_sent]

    # 6. When they add a note
    page.goto(case_url)
    page.get_by_role("link", name="Add a note").click()
    assert_accessible(page)
    page.get_by_label("Note").fill("Told the practitioner at Hollinmere that the case is now complete.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The note was added to the case.")).to_be_visible()
    assert_accessible(page)

    # Then the chronology shows the case's events
    page.goto(reverse("cases:chronology", kwargs={"case_id": case.pk}))
    chronology = page.locator("table")
    for event in (
        "Clinical performance concern raised",
        "Framework review completed: Commencement of the case",
        "Document added: Patient statement.pdf",
        "Case investigator appointed: Iris Investigator",
        "Interview with the practitioner, accompanied by Quinn Adviser",
        "Investigation report received by the case manager",
        "The practitioner submitted: Comments on the factual accuracy of the investigation report",
        "Framework review completed: Determination",
        "Decision on the investigation report: Referral to a capability panel",
        "Notice of the hearing given to the practitioner",
        "Outcome of the hearing: A first written warning",
        "Appeal received",
        "Outcome of the appeal: not upheld",
        *(f"Letter sent: {subject}" for subject in letters_sent),
        "Told the practitioner at Hollinmere that the case is now complete.",
    ):
        expect(chronology).to_contain_text(event)
    # (the letters, all sent today, in the order they were sent)
    written = chronology.inner_text()
    assert sorted(letters_sent, key=lambda s: written.index(f"Letter sent: {s}")) == letters_sent
    assert_accessible(page)

    # And the disclosable record on the web has every part of the case
    page.goto(reverse("records:record", kwargs={"case_id": case.pk}))
    assert_accessible(page)

    def section(key: str):
        return page.locator(f"section[aria-labelledby=record-{key}]")

    expect(section("restrictions")).to_contain_text(
        "No restriction, exclusion or suspension has been recorded."
    )
    expect(section("advice")).to_contain_text("No contact with Practitioner Performance Advice is recorded.")
    expect(section("practitioner-voice")).to_contain_text(FACTUAL_COMMENTS)
    for subject in letters_sent:
        expect(section("letters")).to_contain_text(subject)
    investigation = section("investigation")
    expect(investigation).to_contain_text("Iris Investigator")
    expect(investigation).to_contain_text("Interview: Dr Ellis Notreal")
    decision = section("decision")
    for text in (
        "Referral to a capability panel",
        "Casey Fictional",
        "Hazel Panelmember; Rowan Panelmember",
        "A first written warning",
        "Alder Appeal",
        "Not upheld",
    ):
        expect(decision).to_contain_text(text)
    expect(section("chronology")).to_contain_text("Hollinmere")
    index = section("documents")
    for name in (
        "Interview minutes.docx",
        "Investigation report.pdf",
        "Patient statement.pdf",
        WITHHELD_REASON,
    ):
        expect(index).to_contain_text(name)
    expect(index).to_contain_text("Withheld")
    expect(index).to_contain_text("Disclosable")
    for content in (minutes, report, statement):
        expect(index).to_contain_text(hashlib.sha256(content).hexdigest())
    web_hash = page.locator("#record-integrity ~ p code").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", web_hash)

    # And the PDF and the Word document hold the same record, with the same integrity hash (the PDF is made by
    # the task worker: its page offers the file when it is ready, ADR 39)
    record_url = page.url
    page.get_by_role("link", name=re.compile("PDF")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The record as a PDF")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the record as a PDF")).click()
    pdf = download_info.value.path().read_bytes()
    page.goto(record_url)
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Word")).first.click()
    word = docx.Document(str(download_info.value.path()))
    word_text = "\n".join(paragraph.text for paragraph in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    for needle in (REFERENCE, FACTUAL_COMMENTS[:40], "Iris Investigator", "Alder Appeal", notification):
        assert needle in text, needle
        assert needle in word_text, needle
    assert web_hash in text.replace(" ", "")
    assert web_hash in word_text
    assert word.core_properties.comments.endswith(web_hash)


def _nhs(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
