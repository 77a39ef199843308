"""The practitioner app's entries in the chronology (faircase.cases.chronology): letters sent, every communication
and meeting logged, and what the practitioner submitted and the answer they were given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.chronology import ChronologyEntry, entry_on_day, register_source
from faircase.core.formatting import nhs_datetime
from faircase.practitioners.models import Communication, Letter, Submission


def letter_events(case: Any) -> Iterator[ChronologyEntry]:
    # A letter sent from faircase is recorded the moment it is sent: placed then, letters sent on one day keep
    # their order among themselves and that day's other events. One dated otherwise is known by its date alone.
    for letter in Letter.objects.of_case(case).order_by("sent_on", "created_at", "id"):
        title = _("Letter sent: %(subject)s") % {"subject": letter.subject}
        url = reverse("practitioners:comms_letter_pdf", kwargs={"case_id": case.pk, "letter_id": letter.pk})
        if timezone.localdate(letter.created_at) == letter.sent_on:
            yield ChronologyEntry(letter.created_at, "letter", title, letter.get_kind_display(), url)
        else:
            yield entry_on_day(letter.sent_on, "letter", title, letter.get_kind_display(), url)


# Meetings and calls go both ways; the other channels have a direction.
_TWO_WAY = {
    Communication.Channel.MEETING: gettext_lazy("Meeting with the practitioner"),
    Communication.Channel.PHONE: gettext_lazy("Phone call with the practitioner"),
}


def _communication_title(item: Communication) -> str:
    if item.channel in _TWO_WAY:
        return str(_TWO_WAY[item.channel])
    channel = item.get_channel_display()
    if item.to_practitioner:
        return _("%(channel)s to the practitioner") % {"channel": channel}
    return _("%(channel)s from the practitioner") % {"channel": channel}


def communication_events(case: Any) -> Iterator[ChronologyEntry]:
    # A letter's own entry stands for the communication logged when it was sent.
    logged = Communication.objects.of_case(case).filter(letter__isnull=True).order_by("occurred_at", "id")
    for item in logged:
        yield ChronologyEntry(item.occurred_at, "communication", _communication_title(item), item.summary)


def submission_events(case: Any) -> Iterator[ChronologyEntry]:
    submissions = Submission.objects.of_case(case).select_related("corrects").order_by("submitted_at", "id")
    for submission in submissions:
        kind = submission.get_kind_display()
        original = submission.corrects
        what = (
            _("The practitioner sent a correction to: %(kind)s, sent %(sent)s")
            % {"kind": kind, "sent": nhs_datetime(original.submitted_at)}
            if original
            else _("The practitioner submitted: %(kind)s") % {"kind": kind}
        )
        yield ChronologyEntry(submission.submitted_at, "submission", what, submission.text)
        if submission.responded_at is not None:
            yield ChronologyEntry(
                submission.responded_at,
                "submission",
                _("Answered the practitioner's submission: %(kind)s") % {"kind": kind},
                submission.taken_into_account,
            )


def register_chronology() -> None:
    register_source("letter", cast(str, gettext_lazy("Letters")), letter_events)
    register_source(
        "communication", cast(str, gettext_lazy("Communications and meetings")), communication_events
    )
    register_source(
        "submission", cast(str, gettext_lazy("The practitioner's submissions")), submission_events
    )
