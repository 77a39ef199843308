"""New work reaches the person it is for: on "Your work" and by email (one each, or a daily digest), only for
cases they may see, never about their own action, and never naming the practitioner or the concern."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.models import User
from faircase.accounts.tests.factories import UserFactory, member
from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.notifications import services
from faircase.notifications.models import Notification
from faircase.practitioners import services_voice
from faircase.practitioners.models import PractitionerAccount
from faircase.process import reminders
from faircase.process.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_adviser(organisation):
    return member(
        organisation, "hr_adviser", username="hr", full_name="Harper Adviser", email="hr@example.org"
    )


def _items(user):
    return list(Notification.objects.for_system("notifications").filter(user=user))


def test_someone_named_on_a_case_hears_of_it_on_your_work_and_by_email(
    case, case_manager, hr_adviser, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_services.name_person(case=case, user=hr_adviser, role="hr_adviser", by=case_manager)

    (item,) = _items(hr_adviser)
    assert item.kind == "assigned" and case.reference in item.title
    (email,) = mail.outbox
    assert email.to == ["hr@example.org"] and case.reference in email.subject
    # The email names the case and the work, never the practitioner or the concern.
    assert case.practitioner.full_name not in email.subject + email.body
    assert case.concerns.get().description not in email.body
    home = signed_in(hr_adviser).get(reverse("cases:home")).content.decode()
    assert "New for you" in home and item.title in home
    assert not _items(case_manager)  # not told of their own action


def test_the_named_case_team_hears_when_the_practitioner_sends_something(case, case_manager):
    practitioner = UserFactory(username="pat", full_name="Pat Practitioner", email="pat@example.org")
    PractitionerAccount.objects.create(user=practitioner, practitioner=case.practitioner)

    services_voice.submit(case=case, kind="account", by=practitioner, text="What happened on the ward.")

    (item,) = _items(case_manager)
    assert item.kind == "submission" and item.path.endswith("#voice")
    assert "What happened on the ward." not in item.title
    assert not _items(practitioner)


def test_a_correction_from_the_practitioner_is_news_for_the_case_team(case, case_manager):
    practitioner = UserFactory(username="pat", full_name="Pat Practitioner", email="pat@example.org")
    PractitionerAccount.objects.create(user=practitioner, practitioner=case.practitioner)
    original = services_voice.submit(case=case, kind="account", by=practitioner, text="The ward round.")
    services_voice.submit_correction(original=original, by=practitioner, text="It was on 2 March.")

    titles = sorted(item.title for item in _items(case_manager))
    assert titles[0].endswith("the practitioner sent a correction to my account of what happened")
    assert all("2 March" not in title for title in titles)


def test_nobody_excluded_from_a_case_hears_of_it_and_earlier_items_leave_their_list(
    case, case_manager, hr_adviser, signed_in
):
    case_services.name_person(case=case, user=hr_adviser, role="hr_adviser", by=case_manager)
    case_services.exclude_for_conflict(
        case=case, user=hr_adviser, reason="Works closely with them.", by=case_manager
    )
    client = signed_in(hr_adviser)

    assert reverse("notifications:open", kwargs={"notification_id": _items(hr_adviser)[0].pk})
    assert (
        client.get(
            reverse("notifications:open", kwargs={"notification_id": _items(hr_adviser)[0].pk})
        ).status_code
        == 404
    )
    assert _items(hr_adviser)[0].title not in client.get(reverse("notifications:list")).content.decode()
    made = services.notify(case=case, users=[hr_adviser], kind="assigned", title=lambda: "x", path="/")
    assert made == []


def test_opening_an_item_marks_it_read_and_goes_to_it_and_another_persons_item_is_404(
    case, case_manager, hr_adviser, signed_in, organisation
):
    case_services.name_person(case=case, user=hr_adviser, role="hr_adviser", by=case_manager)
    (item,) = _items(hr_adviser)
    url = reverse("notifications:open", kwargs={"notification_id": item.pk})

    assert signed_in(case_manager).get(url).status_code == 404
    response = signed_in(hr_adviser).get(url)

    assert response.status_code == 302 and response["Location"] == item.path
    item.refresh_from_db()
    assert item.read_at is not None


def test_a_daily_digest_holds_the_days_items_and_deadline_reminders_in_one_email(
    case, case_manager, hr_adviser
):
    services.choose_delivery(user=hr_adviser, delivery=User.Delivery.DAILY)
    case_services.name_person(case=case, user=hr_adviser, role="case_manager", by=case_manager)
    assert mail.outbox == []  # nothing one by one
    reminder = Reminder.objects.for_system("reminders").create(
        case=case, deadline_key="k1", title="Review of the exclusion", due_on=timezone.localdate(),
        kind="overdue", recipient=hr_adviser,
    )  # fmt: skip
    reminders.reminders_recorded.send(sender=Reminder, deadline_keys={"k1"})
    assert reminder.pk not in reminders.to_send()  # it waits for the digest

    result = services.send_digests()

    assert result == {"digests_sent": 1, "digests_failed": 0}
    (email,) = mail.outbox
    assert "2 new items" in email.subject and "Review of the exclusion" in email.body
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert AuditEvent.objects.filter(action="reminder.sent", object_id=str(reminder.pk)).exists()
    assert services.send_digests() == {"digests_sent": 0, "digests_failed": 0}  # each item once


def test_an_email_that_fails_is_kept_and_sent_by_the_next_run(
    case, case_manager, hr_adviser, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(services, "send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.name_person(case=case, user=hr_adviser, role="hr_adviser", by=case_manager)
    (item,) = _items(hr_adviser)
    assert item.emailed_at is None and mail.outbox == []

    monkeypatch.setattr(services, "send_mail", mail.send_mail)
    call_command("notifications", "send")

    item.refresh_from_db()
    assert item.emailed_at is not None and len(mail.outbox) == 1


def test_choosing_how_to_hear_is_audited_and_a_bad_choice_changes_nothing(hr_adviser, signed_in):
    client = signed_in(hr_adviser)
    url = reverse("notifications:delivery")

    refused = client.post(url, {"delivery": "hourly"})
    assert (
        refused.status_code == 200 and "Choose how you want to hear of new work" in refused.content.decode()
    )
    client.post(url, {"delivery": "daily"})

    hr_adviser.refresh_from_db()
    assert hr_adviser.notification_delivery == "daily"
    assert (
        AuditEvent.objects.filter(action="account.notification_delivery_changed", actor=hr_adviser).count()
        == 1
    )


def test_reminders_recorded_by_a_run_become_items(case, case_manager, monkeypatch):
    due = [
        reminders.DueReminder(
            case_id=case.pk, deadline_key="rule:1", title="Terms of reference", due_on=timezone.localdate()
            + dt.timedelta(days=1), kind="before", lead_days=1, recipient_id=case_manager.pk,
        )
    ]  # fmt: skip
    monkeypatch.setattr(reminders, "due_reminders", lambda today: due)

    reminders.record_due(today=timezone.localdate())

    (item,) = _items(case_manager)
    assert item.kind == "due" and item.reminder is not None and "Terms of reference" in item.title


def test_each_person_hears_of_new_work_in_the_language_they_read_faircase_in(
    case, case_manager, hr_adviser, django_capture_on_commit_callbacks
):
    # One change, two people: the one who chose Cymraeg reads Welsh on "Your work" and in the email, whoever acted.
    hr_adviser.language = "cy"
    hr_adviser.save(update_fields=["language"])
    other = member(
        case.organisation, "hr_adviser", username="hr2", full_name="Hal Adviser", email="hal@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.name_person(case=case, user=hr_adviser, role="hr_adviser", by=case_manager)
        case_services.name_person(case=case, user=other, role="hr_adviser", by=case_manager)

    (welsh,) = _items(hr_adviser)
    (english,) = _items(other)
    assert welsh.title.startswith(f"Achos {case.reference}: rydych chi wedi'ch enwi fel")
    assert english.title.startswith(f"Case {case.reference}: you are named as")
    emails = {email.to[0]: email for email in mail.outbox}
    assert "Agorwch ef yn faircase" in emails["hr@example.org"].body
    assert "Open it in faircase" in emails["hal@example.org"].body


def test_the_daily_digest_is_written_in_the_readers_language(case, case_manager, hr_adviser):
    hr_adviser.language = "cy"
    hr_adviser.save(update_fields=["language"])
    services.choose_delivery(user=hr_adviser, delivery=User.Delivery.DAILY)
    case_services.name_person(case=case, user=hr_adviser, role="case_manager", by=case_manager)

    services.send_digests()

    (email,) = mail.outbox
    assert email.subject == "faircase: 1 eitem newydd o waith i chi"
    assert email.body.startswith("Yn newydd ar yr achosion")
