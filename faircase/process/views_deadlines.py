"""Deadlines across cases: your list, an organisation's overview, the calendar feed and failed reminders.

Thin: reads through faircase.process.presenters_deadline_lists and feeds (both scoped to the user), writes
through the feed services.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.process import feeds
from faircase.process import presenters_deadline_lists as lists
from faircase.process.reminders import MAX_ATTEMPTS


def your_deadlines(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("cases") == "all"
    today = timezone.localdate()
    return render(
        request,
        "process/deadlines/yours.jinja",
        {
            "page_title": _("Your deadlines"),
            "rows": lists.your_deadlines(request.user, today=today, everything=everything),
            "everything": everything,
            "window_days": lists.WINDOW_DAYS,
            "today": today,
            "overview_organisations": list(lists.overview_organisations(request.user)),
            "sees_failed_reminders": lists.failed_reminder_organisations(request.user).exists(),
        },
    )


def organisation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = lists.overview_organisation(request.user, slug)
    if organisation is None:
        raise Http404("Not available")
    today = timezone.localdate()
    return render(
        request,
        "process/deadlines/overview.jinja",
        {
            "page_title": _("Deadlines overview: %(organisation)s") % {"organisation": organisation.name},
            "overview": lists.organisation_overview(request.user, organisation, today=today),
            "window_days": lists.WINDOW_DAYS,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    new_url = ""
    if request.method == "POST":
        _feed, token = feeds.create_feed(by=request.user)
        new_url = request.build_absolute_uri(reverse("process:deadlines_feed", kwargs={"token": token}))
    response = render(
        request,
        "process/deadlines/calendar.jinja",
        {
            "page_title": _("Your calendar feed"),
            "feed": feeds.live_feed_of(request.user),
            "new_url": new_url,
        },
    )
    # The page may show the secret link: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def revoke_calendar_feed(request: HttpRequest, feed_id: int) -> HttpResponse:
    feed = feeds.feed_of(request.user, feed_id)
    feeds.revoke_feed(feed=feed, by=request.user)
    messages.success(
        request, _("Your calendar feed is stopped. Calendars that used its link get nothing more.")
    )
    return redirect("process:deadlines_calendar")


@login_not_required
@require_GET
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar")
    text = feeds.read_feed(feed=feed, today=timezone.localdate(), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="faircase-deadlines.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def failed_reminders(request: HttpRequest) -> HttpResponse:
    if not lists.failed_reminder_organisations(request.user).exists():
        raise Http404("Not available")
    rows: list[Any] = lists.failed_reminders(request.user)
    return render(
        request,
        "process/deadlines/failed_reminders.jinja",
        {
            "page_title": _("Reminders that could not be sent"),
            "rows": rows,
            "max_attempts": MAX_ATTEMPTS,
        },
    )
