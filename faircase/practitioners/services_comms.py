"""Writes for communications: an organisation's letter templates, sending a letter (kept as a PDF) and the
communication log. Each is one transaction with its audit event."""

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from faircase.access.guard import authorize
from faircase.accounts.models import Organisation, User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.practitioners import letters as L
from faircase.practitioners.models import Communication, Letter, LetterTemplate


@transaction.atomic
def save_letter_template(
    *, organisation: Organisation, kind: str, title: str, body: str, by: User
) -> LetterTemplate:
    """Create or update the organisation's own copy of a template. Unknown placeholders are refused."""
    if kind not in LetterTemplate.Kind.values:
        raise ValidationError("Choose a kind of letter")
    errors: dict[str, list[str]] = {}
    for field, text in (("title", title), ("body", body)):
        try:
            L.check_placeholders(text)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    template = LetterTemplate.objects.select_for_update().filter(organisation=organisation, kind=kind).first()
    before = {"title": template.title, "body": template.body} if template else None
    if template is None:
        template = LetterTemplate(organisation=organisation, kind=kind)
    template.title = title.strip()
    template.body = body
    template.updated_by_label = audit.as_actor(by).name
    template.updated_at = timezone.now()
    template.save()
    audit.record(
        by=by,
        action="letter_template.created" if before is None else "letter_template.changed",
        obj=template,
        organisation=organisation,
        before=before,
        after={"title": template.title, "body": template.body},
        detail={"kind": kind},
    )
    return template


def preview_letter(*, case: Case, kind: str, fields: Mapping[str, Any], today: dt.date) -> tuple[str, str]:
    """The subject and text the letter would have: read-only, for the preview."""
    template = L.template_for(case.organisation, kind)
    if template is None:
        raise ValidationError("There is no template for this letter. Ask your organisation administrator.")
    values = L.letter_values(case, today=today, fields=fields)
    return L.fill(template.title, values), L.fill(template.body, values)


@transaction.atomic
def send_letter(*, case: Case, kind: str, fields: Mapping[str, Any], by: User, today: dt.date) -> Letter:
    """Render the letter from the template, keep it as a PDF with its hash, and log it as a communication."""
    authorize(by=by, case=case, action="letter.write")
    subject, body = preview_letter(case=case, kind=kind, fields=fields, today=today)
    pdf = L.render_pdf(
        organisation_name=case.organisation.name,
        reference=case.reference,
        sent_on=today,
        subject=subject,
        body=body,
    )
    letter = Letter.objects.create(
        case=case,
        kind=kind,
        subject=subject,
        body=body,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        sent_on=today,
        sent_by=by,
    )
    communication = Communication.objects.create(
        case=case,
        channel=Communication.Channel.LETTER,
        to_practitioner=True,
        summary=f"Letter sent: {subject}",
        letter=letter,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="letter.sent",
        obj=letter,
        case=case,
        after={"kind": kind, "subject": subject, "sent_on": today, "sha256": letter.sha256},
        detail={"communication": communication.pk},
    )
    return letter


@transaction.atomic
def log_communication(
    *, case: Case, channel: str, to_practitioner: bool, summary: str, occurred_at: dt.datetime, by: User
) -> Communication:
    authorize(by=by, case=case, action="communication.log")
    if channel not in Communication.Channel.values:
        raise ValidationError({"channel": "Choose how the communication was made"})
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of the communication"})
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_on": "The date must be today or in the past"})
    communication = Communication.objects.create(
        case=case,
        channel=channel,
        to_practitioner=to_practitioner,
        summary=summary.strip(),
        occurred_at=occurred_at,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="communication.logged",
        obj=communication,
        case=case,
        after={
            "channel": channel,
            "to_practitioner": to_practitioner,
            "summary": communication.summary,
            "occurred_at": occurred_at,
        },
    )
    return communication
