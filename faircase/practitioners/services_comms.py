"""Writes for communications: an organisation's letter templates, letters (drafted from the case, edited,
checked, sent by email and kept as a PDF), the representative letters are copied to, and the communication log.
Each write is one transaction with its audit event; the email of a letter goes after its transaction commits,
so a mail server that fails loses nothing: the letter stays recorded with the state of its sending."""

import datetime as dt
import hashlib
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import Organisation, User
from faircase.cases.models import Case
from faircase.consistency.selectors import lexicon_for
from faircase.core import audit, languages
from faircase.practitioners import letters as L
from faircase.practitioners.models import Communication, Letter, LetterDraft, LetterTemplate, SharedConcern

logger = logging.getLogger(__name__)

SUBJECT_MAX = 300
BODY_MAX = 20000
# A letter is recorded "being emailed" and emailed straight after its transaction commits. One still being
# emailed this long after was interrupted (the server stopped in between): the scheduled run emails it.
INTERRUPTED_AFTER = dt.timedelta(minutes=10)
INTERRUPTED_ACTOR = "faircase notifications send (a letter whose email was interrupted)"


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


def preview_letter(
    *, case: Case, kind: str, fields: Mapping[str, Any], today: dt.date, concern_ids: Iterable[int] = ()
) -> tuple[str, str]:
    """The subject and text the letter would have: read-only, for the preview and the first draft."""
    if kind not in LetterTemplate.Kind.values:
        raise ValidationError({"kind": "Choose which letter to write"})
    template = L.template_for(case.organisation, kind, case.policy)
    if template is None:
        raise ValidationError("There is no template for this letter. Ask your organisation administrator.")
    # The English letter is English whatever language the author reads faircase in.
    with translation.override(languages.ENGLISH):
        values = L.letter_values(case, today=today, fields=fields, concern_ids=concern_ids)
        return L.fill(template.title, values), L.fill(template.body, values)


def preview_welsh(
    *, case: Case, kind: str, fields: Mapping[str, Any], today: dt.date, concern_ids: Iterable[int] = ()
) -> tuple[str, str]:
    """The Welsh subject and text the letter would have (ADR 42), or blanks when its template has no Welsh."""
    template = L.template_for(case.organisation, kind, case.policy)
    title_cy, body_cy = L.welsh_of(template)
    if not (title_cy and body_cy):
        return "", ""
    with translation.override(languages.WELSH):
        values = L.letter_values(case, today=today, fields=fields, concern_ids=concern_ids)
        return L.fill(title_cy, values), L.fill(body_cy, values)


def letter_languages(case: Case, welsh_available: bool) -> list[str]:
    """The languages a letter to the case's practitioner is produced in, in their order on the page: their
    chosen language, or Welsh and English side by side (Welsh first) where the organisation sets that; English
    alone when the letter has no Welsh version."""
    wanted = languages.for_case_documents(case)
    if languages.WELSH in wanted and not welsh_available:
        return [languages.ENGLISH]
    return wanted


def _shared_concern_ids(case: Case, concern_ids: Iterable[int | str]) -> list[int]:
    """The chosen concerns, refused unless each one has been shared with the practitioner."""
    shared = set(SharedConcern.objects.of_case(case).values_list("concern_id", flat=True))
    chosen: list[int] = []
    for value in concern_ids:
        try:
            concern_id = int(value)
        except (TypeError, ValueError):
            concern_id = -1
        if concern_id not in shared:
            raise ValidationError({"concerns": "Choose only concerns already shared with the practitioner"})
        if concern_id not in chosen:
            chosen.append(concern_id)
    return chosen


@transaction.atomic
def draft_letter(
    *,
    case: Case,
    kind: str,
    fields: Mapping[str, Any],
    concern_ids: Iterable[int | str],
    by: User,
    today: dt.date,
) -> LetterDraft:
    """A first draft from the template, the case, its pack and its clock, naming only the chosen concerns."""
    authorize(by=by, case=case, action="letter.draft")
    chosen = _shared_concern_ids(case, concern_ids)
    subject, body = preview_letter(case=case, kind=kind, fields=fields, today=today, concern_ids=chosen)
    subject_cy, body_cy = "", ""
    if languages.WELSH in languages.for_case_documents(case):
        subject_cy, body_cy = preview_welsh(
            case=case, kind=kind, fields=fields, today=today, concern_ids=chosen
        )
    produced = letter_languages(case, welsh_available=bool(subject_cy))
    draft = LetterDraft.objects.create(
        case=case,
        kind=kind,
        subject=subject[:SUBJECT_MAX],
        body=body,
        subject_cy=subject_cy[:SUBJECT_MAX],
        body_cy=body_cy,
        languages=" ".join(produced),
        included_concerns=chosen,
        created_by=by,
    )
    audit.record(
        by=by,
        action="letter.drafted",
        obj=draft,
        case=case,
        after={
            "kind": kind,
            "subject": draft.subject,
            "subject_cy": draft.subject_cy,
            "languages": draft.languages,
            "included_concerns": chosen,
        },
    )
    return draft


def _checked_text(subject: str, body: str, *, welsh: bool = False) -> tuple[str, str]:
    """The subject and text, tidied, or the errors to show (on the Welsh fields when `welsh`)."""
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    suffix = "_cy" if welsh else ""
    errors: dict[str, str] = {}
    if not subject:
        errors["subject" + suffix] = (
            _("Enter the letter's subject in Welsh") if welsh else _("Enter the letter's subject")
        )
    elif len(subject) > SUBJECT_MAX:
        errors["subject" + suffix] = _("The subject must be %(max)s characters or fewer") % {
            "max": SUBJECT_MAX
        }
    if not body:
        errors["body" + suffix] = _("Enter the letter in Welsh") if welsh else _("Enter the letter")
    elif len(body) > BODY_MAX:
        errors["body" + suffix] = _("The letter must be %(max)s characters or fewer") % {
            "max": f"{BODY_MAX:,}"
        }
    if errors:
        raise ValidationError(errors)
    return subject, body


def _checked_welsh(draft: LetterDraft, subject_cy: str, body_cy: str) -> tuple[str, str]:
    """The Welsh text of a draft that goes out in Welsh, checked like the English; blanks otherwise."""
    if languages.WELSH not in draft.languages.split():
        return "", ""
    return _checked_text(subject_cy, body_cy, welsh=True)


def versions_of(
    languages_: list[str], *, subject: str, body: str, subject_cy: str, body_cy: str
) -> list[L.Version]:
    """The letter's versions in the order they are produced (Welsh first in a bilingual letter)."""
    text = {languages.ENGLISH: (subject, body), languages.WELSH: (subject_cy, body_cy)}
    return [L.Version(code, *text[code]) for code in languages_]


def _open_draft(draft: LetterDraft, by: User, action: str) -> LetterDraft:
    authorize(by=by, case=draft.case, action=action)
    locked = LetterDraft.objects.select_for_update().get(pk=draft.pk)
    locked.case = draft.case  # the case as the access kernel fetched it
    if locked.letter_id is not None:
        raise ValidationError("This letter has already been sent. Start a new letter to write again.")
    if locked.discarded_at is not None:
        raise ValidationError("This draft was discarded. Start a new letter to write again.")
    return locked


@transaction.atomic
def save_draft(
    *, draft: LetterDraft, subject: str, body: str, by: User, subject_cy: str = "", body_cy: str = ""
) -> LetterDraft:
    """Keep the author's edits (the Welsh too, for a letter that goes in Welsh). The text is theirs now:
    nothing is filled in again."""
    draft = _open_draft(draft, by, "letter.draft")
    subject, body = _checked_text(subject, body)
    subject_cy, body_cy = _checked_welsh(draft, subject_cy, body_cy)
    before = {
        "subject": draft.subject,
        "body": draft.body,
        "subject_cy": draft.subject_cy,
        "body_cy": draft.body_cy,
    }
    draft.subject, draft.body, draft.updated_at = subject, body, timezone.now()
    draft.subject_cy, draft.body_cy = subject_cy, body_cy
    draft.save(update_fields=["subject", "body", "subject_cy", "body_cy", "updated_at"])
    audit.record(
        by=by,
        action="letter.draft_changed",
        obj=draft,
        case=draft.case,
        before=before,
        after={"subject": subject, "body": body, "subject_cy": subject_cy, "body_cy": body_cy},
    )
    return draft


@transaction.atomic
def discard_draft(*, draft: LetterDraft, by: User) -> LetterDraft:
    """Throw away a draft that will not be sent. It is kept, marked discarded, and the audit trail holds its
    text, so nothing written is lost; it is simply no longer offered to finish or send."""
    draft = _open_draft(draft, by, "letter.draft")
    draft.discarded_at, draft.discarded_by = timezone.now(), by
    draft.save(update_fields=["discarded_at", "discarded_by"])
    audit.record(
        by=by,
        action="letter.draft_discarded",
        obj=draft,
        case=draft.case,
        before={
            "kind": draft.kind,
            "subject": draft.subject,
            "body": draft.body,
            "subject_cy": draft.subject_cy,
            "body_cy": draft.body_cy,
        },
    )
    return draft


def language_flags(case: Case, subject: str, body: str) -> list[Any]:
    """The language check on the letter as it would be sent (subject and text), with the organisation's terms."""
    return lexicon_for(case.organisation).advice_for(f"{subject}\n{body}")


def recipients(case: Case) -> list[str]:
    """Who the letter is emailed to: the practitioner, then their representative when one is named. Empty when
    the practitioner has no email address: the letter must then be posted."""
    practitioner = (case.practitioner.email or "").strip()
    if not practitioner:
        return []
    representative = (case.representative_email or "").strip()
    return [practitioner] + ([representative] if representative and representative != practitioner else [])


@dataclass(frozen=True)
class Sent:
    """What happened when a letter was sent, for the page to say."""

    letter: Letter

    @property
    def emailed(self) -> bool:
        return self.letter.delivery == Letter.Delivery.EMAILED

    @property
    def to_post(self) -> bool:
        return self.letter.delivery == Letter.Delivery.TO_POST

    @property
    def failed(self) -> bool:
        return self.letter.delivery == Letter.Delivery.EMAIL_FAILED


def send_draft(
    *,
    draft: LetterDraft,
    subject: str,
    body: str,
    acknowledged_flags: Collection[str],
    by: User,
    today: dt.date,
    subject_cy: str = "",
    body_cy: str = "",
) -> Sent:
    """Send the letter as written: kept as a PDF, logged as a communication and shown in the practitioner's
    portal in one audited transaction; then emailed. Any word the language check flags must have been
    acknowledged by the sender (`acknowledged_flags` holds the keys of the flags they saw and accepted). The
    PDF is in the draft's languages (ADR 42), and its SHA-256 is of the PDF exactly as produced."""
    letter = _record_letter(
        draft=draft,
        subject=subject,
        body=body,
        subject_cy=subject_cy,
        body_cy=body_cy,
        acknowledged_flags=acknowledged_flags,
        by=by,
        today=today,
    )
    if letter.delivery == Letter.Delivery.EMAILING:
        _email(letter, by=by)
    return Sent(letter)


@transaction.atomic
def _record_letter(
    *,
    draft: LetterDraft,
    subject: str,
    body: str,
    acknowledged_flags: Collection[str],
    by: User,
    today: dt.date,
    subject_cy: str = "",
    body_cy: str = "",
) -> Letter:
    draft = _open_draft(draft, by, "letter.send")
    case = draft.case
    subject, body = _checked_text(subject, body)
    subject_cy, body_cy = _checked_welsh(draft, subject_cy, body_cy)
    produced = draft.languages.split() or [languages.ENGLISH]
    flags = language_flags(case, subject, body)
    unacknowledged = [flag for flag in flags if flag.key not in set(acknowledged_flags)]
    if unacknowledged:
        raise ValidationError(
            {
                "acknowledge": "The language check found words to reconsider. Change them, or confirm that you "
                "have read the advice and want to send the letter as it is"
            }
        )
    pdf = L.render_pdf(
        organisation_name=case.organisation.name,
        reference=case.reference,
        sent_on=today,
        versions=versions_of(produced, subject=subject, body=body, subject_cy=subject_cy, body_cy=body_cy),
    )
    addresses = recipients(case)
    letter = Letter.objects.create(
        case=case,
        kind=draft.kind,
        subject=subject,
        body=body,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        sent_on=today,
        sent_by=by,
        delivery=Letter.Delivery.EMAILING if addresses else Letter.Delivery.TO_POST,
        emailed_to=addresses,
        language_acknowledged=[f"{flag.term}: {', '.join(flag.found)}" for flag in flags],
        subject_cy=subject_cy,
        body_cy=body_cy,
        languages=" ".join(produced),
    )
    draft.subject, draft.body, draft.letter, draft.updated_at = subject, body, letter, timezone.now()
    draft.subject_cy, draft.body_cy = subject_cy, body_cy
    draft.save(update_fields=["subject", "body", "subject_cy", "body_cy", "letter", "updated_at"])
    how = "by email" if addresses else "to be posted (no email address)"
    communication = Communication.objects.create(
        case=case,
        channel=Communication.Channel.LETTER,
        to_practitioner=True,
        summary=f"Letter sent {how}: {subject}",
        letter=letter,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="letter.sent",
        obj=letter,
        case=case,
        after={
            "kind": draft.kind,
            "subject": subject,
            "subject_cy": subject_cy,
            "languages": letter.languages,
            "sent_on": today,
            "sha256": letter.sha256,
            "delivery": letter.delivery,
            "emailed_to": addresses,
            "language_acknowledged": letter.language_acknowledged,
        },
        detail={"communication": communication.pk, "draft": draft.pk},
    )
    return letter


def _email_body_in(letter: Letter, language: str) -> str:
    case = letter.case
    if language == languages.ENGLISH:
        return (
            f"Dear {case.practitioner.full_name},\n\n"
            f"{case.organisation.name} has sent you a letter about your case, reference {case.reference}: "
            f'"{letter.subject}". It is attached as a PDF.\n\n'
            "You can also read it in faircase, under your case, if you have an account:\n"
            f"{settings.FAIRCASE_SITE_URL}/my/\n\n"
            "If you have questions, please contact your named contact or your case manager.\n"
        )
    # Welsh (ADR 42); unchecked by a fluent speaker, like every Welsh string.
    return (
        f"Annwyl {case.practitioner.full_name},\n\n"
        f"Mae {case.organisation.name} wedi anfon llythyr atoch am eich achos, cyfeirnod {case.reference}: "
        f'"{letter.subject_cy or letter.subject}". '
        "Mae wedi'i atodi fel PDF.\n\n"
        "Gallwch hefyd ei ddarllen yn faircase, o dan eich achos, os oes gennych gyfrif:\n"
        f"{settings.FAIRCASE_SITE_URL}/my/\n\n"
        "Os oes gennych gwestiynau, cysylltwch â'ch cyswllt enwebedig neu'ch rheolwr achos.\n"
    )


def _email_body(letter: Letter) -> str:
    """The email that carries the letter, in the letter's languages (Welsh first in a bilingual letter)."""
    codes = letter.languages.split() or [languages.ENGLISH]
    return "\n---\n\n".join(_email_body_in(letter, code) for code in codes)


def _email_subject(letter: Letter) -> str:
    codes = letter.languages.split() or [languages.ENGLISH]
    subjects = [
        letter.subject_cy if code == languages.WELSH and letter.subject_cy else letter.subject
        for code in codes
    ]
    return f"{' / '.join(subjects)} ({letter.case.reference})"


def _email(letter: Letter, *, by: audit.ActorLike) -> None:
    """Email the letter with its PDF. A failure is logged, kept on the letter and audited, never raised: the
    letter is already recorded, and the page says what to do next."""
    case = letter.case
    addresses = list(letter.emailed_to)
    message = EmailMessage(
        subject=_email_subject(letter),
        body=_email_body(letter),
        to=addresses[:1],
        cc=addresses[1:],
    )
    message.attach(
        f"{case.reference}-letter-{letter.pk}.pdf".replace("/", "-"), bytes(letter.pdf), "application/pdf"
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any failure of the mail server: the letter is kept, the failure recorded
        logger.exception("letter %s: the email could not be sent", letter.pk)
        problem = f"The email could not be sent ({type(error).__name__}). Try again, or post the letter."
        _set_delivery(letter, Letter.Delivery.EMAIL_FAILED, problem, by=by)
    else:
        _set_delivery(letter, Letter.Delivery.EMAILED, "", by=by)


@transaction.atomic
def _set_delivery(letter: Letter, delivery: str, problem: str, *, by: audit.ActorLike) -> None:
    before = {"delivery": letter.delivery}
    letter.delivery, letter.delivery_problem = delivery, problem
    letter.save(update_fields=["delivery", "delivery_problem"])
    audit.record(
        by=by,
        action="letter.emailed" if delivery == Letter.Delivery.EMAILED else "letter.email_failed",
        obj=letter,
        case=letter.case,
        before=before,
        after={"delivery": delivery, "emailed_to": list(letter.emailed_to), "problem": problem},
    )


def send_letter(
    *,
    case: Case,
    kind: str,
    fields: Mapping[str, Any],
    by: User,
    today: dt.date,
    concern_ids: Iterable[int | str] = (),
    acknowledged_flags: Collection[str] = (),
) -> Letter:
    """Draft and send a letter unchanged from its template (the demo, the command line and tests): the same
    checks as a letter written on the page, the language check included."""
    draft = draft_letter(case=case, kind=kind, fields=fields, concern_ids=concern_ids, by=by, today=today)
    return send_draft(
        draft=draft,
        subject=draft.subject,
        body=draft.body,
        acknowledged_flags=acknowledged_flags,
        by=by,
        today=today,
        subject_cy=draft.subject_cy,
        body_cy=draft.body_cy,
    ).letter


def email_again(*, letter: Letter, by: User) -> Sent:
    """Try the email of a letter whose email failed (to the addresses it was sent to first)."""
    authorize(by=by, case=letter.case, action="letter.send")
    if letter.delivery != Letter.Delivery.EMAIL_FAILED:
        raise ValidationError("Only a letter whose email failed can be emailed again.")
    _email(letter, by=by)
    return Sent(letter)


def email_interrupted_letters() -> dict[str, int]:
    """Email each letter whose email was interrupted (see INTERRUPTED_AFTER), once: the row is locked and its
    state checked again first, so two runs at once do not both send it. Run by `faircase notifications send`."""
    cutoff = timezone.now() - INTERRUPTED_AFTER
    waiting = Letter.objects.for_system("notifications").filter(
        delivery=Letter.Delivery.EMAILING, created_at__lt=cutoff
    )
    counts = {"emailed": 0, "failed": 0}
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            letter = (
                Letter.objects.for_system("notifications")
                .select_for_update(skip_locked=True)
                .select_related("case__practitioner", "case__organisation")
                .filter(pk=pk, delivery=Letter.Delivery.EMAILING)
                .first()
            )
            if letter is None:
                continue
            _email(letter, by=INTERRUPTED_ACTOR)
            counts["emailed" if letter.delivery == Letter.Delivery.EMAILED else "failed"] += 1
    return counts


@transaction.atomic
def set_representative(*, case: Case, name: str, email: str, by: User) -> Case:
    """The representative the practitioner asked us to copy letters to, or none (both blank)."""
    authorize(by=by, case=case, action="representative.change")
    name, email = " ".join((name or "").split()), (email or "").strip()
    errors: dict[str, str] = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if email and not name:
        errors["name"] = "Enter the representative's name"
    if name and not email:
        errors["email"] = "Enter the representative's email address"
    if len(name) > 200:
        errors["name"] = "The name must be 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    before = {"name": case.representative_name, "email": case.representative_email}
    case.representative_name, case.representative_email = name, email
    case.save(update_fields=["representative_name", "representative_email"])
    audit.record(
        by=by,
        action="case.representative_changed",
        obj=case,
        case=case,
        before=before,
        after={"name": name, "email": email},
    )
    return case


@transaction.atomic
def set_practitioner_language(*, case: Case, language: str, by: User) -> Case:
    """The language the practitioner chose for their letters and record: "cy", "en", or blank for their
    account's choice, else the organisation's default (faircase.core.languages.for_practitioner). Audited:
    under the Welsh Language Standards the choice is the practitioner's, so who recorded it matters."""
    authorize(by=by, case=case, action="representative.change")
    if language not in ("", *languages.SPOKEN):
        raise ValidationError({"language": _("Choose the language for the practitioner's letters")})
    practitioner = case.practitioner
    before = {"language": practitioner.language}
    if before["language"] == language:
        return case
    practitioner.language = language
    practitioner.save(update_fields=["language"])
    audit.record(
        by=by,
        action="practitioner.language_changed",
        obj=practitioner,
        case=case,
        organisation=case.organisation,
        before=before,
        after={"language": language},
    )
    return case


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
