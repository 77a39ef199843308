from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from faircase.core.formatting import counted, nhs_datetime
from faircase.notifications.models import Notification

TAGS = {
    Notification.Kind.SUBMISSION: {"text": _("From the practitioner"), "classes": "nhsuk-tag--blue"},
    Notification.Kind.ASSIGNED: {"text": _("Yours"), "classes": "nhsuk-tag--green"},
    Notification.Kind.DUE: {"text": _("Due soon"), "classes": "nhsuk-tag--orange"},
    Notification.Kind.OVERDUE: {"text": _("Overdue"), "classes": "nhsuk-tag--red"},
}


# The home page's count of items not opened (notifications/_home.jinja: `count | pluralise("item")`).
ITEM = counted("item", "items")


def _tag(kind: str) -> dict[str, str]:
    tag = TAGS[kind]
    return {"text": str(tag["text"]), "classes": tag["classes"]}


def line(notification: Notification) -> dict[str, Any]:
    return {
        "title": notification.title,
        "when": nhs_datetime(notification.created_at),
        "tag": _tag(Notification.Kind(notification.kind)),
        "unread": notification.read_at is None,
        "url": reverse("notifications:open", kwargs={"notification_id": notification.pk}),
    }


def home_context(unread: list[Notification]) -> dict[str, Any]:
    return {"lines": [line(n) for n in unread[:10]], "more": len(unread) > 10, "count": len(unread)}
