"""Deadlines across cases, the calendar feed and failed reminders (included by faircase/process/urls.py)."""

from django.urls import path

from faircase.process import views_deadlines as views

urlpatterns = [
    path("deadlines/", views.your_deadlines, name="deadlines_yours"),
    path("deadlines/organisations/<slug:slug>/", views.organisation_overview, name="deadlines_overview"),
    path("deadlines/calendar/", views.calendar_feed, name="deadlines_calendar"),
    path(
        "deadlines/calendar/<int:feed_id>/stop/", views.revoke_calendar_feed, name="deadlines_calendar_revoke"
    ),
    path("deadlines/reminders/failed/", views.failed_reminders, name="deadlines_failed_reminders"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="deadlines_feed"),
]
