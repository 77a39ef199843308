"""Making and sending notifications. An item is made only for someone who may see its case (the access kernel
decides) and never for the person whose own action made it; an email names the case and the work, never the
practitioner or the concern, and links to the item."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit, languages
from faircase.notifications.models import Notification

if TYPE_CHECKING:
    from faircase.process.models import Reminder

log = logging.getLogger(__name__)
SYSTEM_ACTOR = "faircase notifications (daily digest)"


def site_url() -> str:
    return str(getattr(settings, "FAIRCASE_SITE_URL", "http://localhost:8000")).rstrip("/")


def notify(
    *,
    case: Case,
    users: Iterable[User],
    kind: str,
    title: Callable[[], str],
    path: str,
    actor: User | None = None,
) -> list[Notification]:
    """One item for each person who may see the case, other than the one who acted, its title written in the
    language that person reads faircase in. Runs inside the transaction of the change that caused it; those who
    want an email each get it once that commits."""
    made = []
    for user in {u.pk: u for u in users if u is not None}.values():
        if actor is not None and user.pk == actor.pk:
            continue
        if not user.is_active or not Case.objects.visible_to(user).filter(pk=case.pk).exists():
            continue
        with languages.speaking_to(user):
            words = str(title())
        made.append(
            Notification.objects.create(user=user, case=case, kind=kind, title=words[:300], path=path)
        )
    for notification in made:
        if notification.user.notification_delivery == User.Delivery.EACH:
            transaction.on_commit(lambda pk=notification.pk: _enqueue(pk))
    return made


def _enqueue(notification_id: int) -> None:
    from faircase.notifications.tasks import send_notification

    send_notification.enqueue(notification_id)


def notify_reminders(reminders: Iterable[Reminder]) -> None:
    """A deadline reminder is also an item on "Your work". Its email is the reminder's own, or, for someone who
    chose a daily email, a line of their digest."""
    from django.urls import reverse

    for reminder in reminders:
        kind = Notification.Kind.OVERDUE if reminder.kind == "overdue" else Notification.Kind.DUE
        with languages.speaking_to(reminder.recipient):
            what = {"reference": reminder.case.reference, "what": reminder.title or _("a deadline")}
            title = str(
                _("Case %(reference)s: overdue: %(what)s") % what
                if kind == Notification.Kind.OVERDUE
                else _("Case %(reference)s: due soon: %(what)s") % what
            )
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={
                "user_id": reminder.recipient_id,
                "case_id": reminder.case_id,
                "kind": kind,
                "title": title[:300],
                "path": reverse("cases:detail", kwargs={"case_id": reminder.case_id}) + "#deadlines",
            },
        )


def send_one(notification_id: int) -> str:
    """Email one item to someone who wants an email each. Returns "sent", "skipped" or "failed" (kept, to be
    retried by `faircase notifications send`)."""
    notification = (
        Notification.objects.for_system("notifications")
        .select_related("user", "case")
        .filter(pk=notification_id, emailed_at__isnull=True, reminder__isnull=True)
        .first()
    )
    if notification is None or notification.user.notification_delivery != User.Delivery.EACH:
        return "skipped"
    if not notification.user.email:
        return "skipped"
    with languages.speaking_to(notification.user):
        body = "\n".join(
            [
                notification.title,
                "",
                _("Open it in faircase: %(link)s") % {"link": f"{site_url()}{notification.path}"},
                "",
                _(
                    "You are getting this email because you work on the case in faircase. Sign in to see the "
                    "details; they are not sent by email. To get one email a day instead, change how you hear of "
                    "new work on your account page."
                ),
            ]
        )
    try:
        send_mail(notification.title[:250], body, None, [notification.user.email], fail_silently=False)
    except Exception:  # kept unsent, retried by the next `faircase notifications send`
        log.exception("Could not email notification %s", notification.pk)
        return "failed"
    Notification.objects.for_system("notifications").filter(pk=notification.pk).update(
        emailed_at=timezone.now()
    )
    return "sent"


def unsent_each() -> list[int]:
    """Items still to email to those who want an email each (new ones whose task failed, for a retry)."""
    return list(
        Notification.objects.for_system("notifications")
        .filter(
            emailed_at__isnull=True, reminder__isnull=True, user__notification_delivery=User.Delivery.EACH
        )
        .exclude(user__email="")
        .values_list("pk", flat=True)
    )


def send_digests() -> dict[str, int]:
    """One email to each person who chose a daily email, listing what is new since their last one (the deadline
    reminders among it too), for cases they may still see. Each item is sent once."""
    from faircase.process.models import Reminder

    waiting: dict[int, list[Notification]] = defaultdict(list)
    for notification in (
        Notification.objects.for_system("notifications")
        .filter(
            emailed_at__isnull=True, user__notification_delivery=User.Delivery.DAILY, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "case")
        .order_by("created_at", "id")
    ):
        waiting[notification.user_id].append(notification)
    sent = failed = 0
    for items in waiting.values():
        user = items[0].user
        visible = set(
            Case.objects.visible_to(user)
            .filter(pk__in={i.case_id for i in items})
            .values_list("pk", flat=True)
        )
        shown = [i for i in items if i.case_id in visible]
        if shown:
            lines = [f"- {i.title}\n  {site_url()}{i.path}" for i in shown]
            with languages.speaking_to(user):
                subject = str(
                    ngettext(
                        "faircase: %(count)d new item of work for you",
                        "faircase: %(count)d new items of work for you",
                        len(shown),
                    )
                    % {"count": len(shown)}
                )
                body = "\n".join(
                    [_("New on the cases you work on since your last daily email:"), "", *lines, "",
                     _("Sign in to see the details; they are not sent by email.")]
                )  # fmt: skip
            try:
                send_mail(subject, body, None, [user.email], fail_silently=False)
            except Exception:  # kept unsent, in tomorrow's digest
                log.exception("Could not email the daily digest of user %s", user.pk)
                failed += 1
                continue
            sent += 1
        now = timezone.now()
        with transaction.atomic():
            Notification.objects.for_system("notifications").filter(pk__in=[i.pk for i in items]).update(
                emailed_at=now
            )
            reminder_ids = [i.reminder_id for i in shown if i.reminder_id is not None]
            for reminder in (
                Reminder.objects.for_system("reminders").filter(pk__in=reminder_ids).select_related("case")
            ):
                reminder.status, reminder.sent_at, reminder.last_error = Reminder.Status.SENT, now, ""
                reminder.save(update_fields=["status", "sent_at", "last_error"])
                audit.record(by=SYSTEM_ACTOR, action="reminder.sent", obj=reminder, case=reminder.case,
                             detail={"deadline": reminder.deadline_key, "kind": reminder.kind, "in": "daily digest",
                                     "recipient_id": reminder.recipient_id})  # fmt: skip
    return {"digests_sent": sent, "digests_failed": failed}


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.for_system("notifications").filter(pk=notification.pk).update(
            read_at=timezone.now()
        )


@transaction.atomic
def choose_delivery(*, user: User, delivery: str) -> None:
    """How this person hears of new work: an email each, or one a day. Audited like any change."""
    if delivery not in User.Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    before = user.notification_delivery
    user.notification_delivery = delivery
    user.save(update_fields=["notification_delivery"])
    audit.record(by=user, action="account.notification_delivery_changed", obj=user,
                 before={"delivery": before}, after={"delivery": delivery})  # fmt: skip
