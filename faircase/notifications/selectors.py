"""Reading someone's notifications: their own, and only for cases they may still see (someone excluded from a
case for a conflict after an item was made no longer sees it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from faircase.notifications.models import Notification

if TYPE_CHECKING:
    from faircase.accounts.models import User


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).filter(user=user).select_related("case")


def unread_for(user: User) -> QuerySet[Notification]:
    return notifications_for(user).filter(read_at__isnull=True)


def notification_of(user: User, notification_id: int | str) -> Notification:
    try:
        return notifications_for(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError) as error:
        raise Http404("No such notification") from error
