from typing import Any

from django.urls import reverse

from faircase.core.formatting import nhs_datetime
from faircase.notifications.models import Notification

TAGS = {
    Notification.Kind.SUBMISSION: {"text": "From the practitioner", "classes": "nhsuk-tag--blue"},
    Notification.Kind.ASSIGNED: {"text": "Yours", "classes": "nhsuk-tag--green"},
    Notification.Kind.DUE: {"text": "Due soon", "classes": "nhsuk-tag--orange"},
    Notification.Kind.OVERDUE: {"text": "Overdue", "classes": "nhsuk-tag--red"},
}


def line(notification: Notification) -> dict[str, Any]:
    return {
        "title": notification.title,
        "when": nhs_datetime(notification.created_at),
        "tag": TAGS[Notification.Kind(notification.kind)],
        "unread": notification.read_at is None,
        "url": reverse("notifications:open", kwargs={"notification_id": notification.pk}),
    }


def home_context(unread: list[Notification]) -> dict[str, Any]:
    return {"lines": [line(n) for n in unread[:10]], "more": len(unread) > 10, "count": len(unread)}
