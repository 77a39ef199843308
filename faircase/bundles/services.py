"""Preparing, releasing and downloading disclosure bundles. The pages ask for a bundle and the task worker makes
it (ADR 39); the command line makes it at once. Each write runs in one transaction with its audit event. The PDF is laid out before the transaction (it takes seconds for a long case), so it never holds the
database's write lock; the file is stored first and removed again if the transaction fails.

The audit trail says what was done, to which bundle, with its SHA-256, and how many terms were redacted; never
the terms themselves (they are third parties' personal data, kept with the bundle record alone).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.accounts.models import Organisation, User
from faircase.bundles.choices import Kind, Status
from faircase.bundles.contents import gather
from faircase.bundles.models import Bundle
from faircase.bundles.redaction import MAX_TERM_LENGTH, MAX_TERMS, MIN_TERM_LENGTH, clean_terms
from faircase.bundles.rendering import render_bundle
from faircase.bundles.tasks import make_bundle as make_bundle_task
from faircase.cases.models import Case, Practitioner
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.documents.storage import document_storage

COMMAND_LINE_ACTOR = "faircase bundle (command line)"


def storage_name(*, organisation_id: int, bundle_id: uuid.UUID) -> str:
    return f"bundles/{organisation_id}/{bundle_id}.pdf"


def check_terms(terms: Sequence[str], *, field: str = "terms") -> tuple[str, ...]:
    """The redaction terms, tidied, or a ValidationError saying which one is wrong."""
    cleaned = clean_terms(list(terms))
    if len(cleaned) > MAX_TERMS:
        raise ValidationError(
            {field: _("Give at most %(count)s names or phrases to redact") % {"count": MAX_TERMS}}
        )
    for term in cleaned:
        if len(term) < MIN_TERM_LENGTH:
            raise ValidationError(
                {
                    field: _("'%(term)s' is too short to redact: give at least %(count)s characters")
                    % {"term": term, "count": MIN_TERM_LENGTH}
                }
            )
        if len(term) > MAX_TERM_LENGTH:
            raise ValidationError(
                {
                    field: _("A name or phrase to redact must be %(count)s characters or fewer")
                    % {"count": MAX_TERM_LENGTH}
                }
            )
    return cleaned


def _check_request(*, kind: str, cases: list[Case], terms: Sequence[str]) -> tuple[str, ...]:
    if kind not in Kind.values:
        raise ValidationError({"kind": f"Unknown bundle kind {kind!r}"})
    if kind == Kind.TRIBUNAL and len(cases) != 1:
        raise ValidationError("A tribunal bundle is made for one case")
    return check_terms(terms)


def prepare_bundle(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    terms: Sequence[str],
    by: ActorLike,
) -> Bundle:
    """Make a bundle as a draft preview, here and now (the command line, the benchmark; the pages ask the task
    worker through `ask_for_bundle`). `cases` come from faircase.bundles.selectors for the person preparing it
    (every case of the practitioner for a subject access bundle, the one case for a tribunal bundle)."""
    cleaned = _check_request(kind=kind, cases=cases, terms=terms)
    bundle = Bundle(
        id=uuid.uuid4(),
        organisation=organisation,
        kind=kind,
        practitioner=practitioner,
        case=cases[0] if kind == Kind.TRIBUNAL else None,
        redacted_terms=list(cleaned),
        prepared_at=timezone.now(),
    )
    _lay_out_and_store(bundle, cases=cases, actor=audit.as_actor(by), create=True)
    return bundle


def _lay_out_and_store(bundle: Bundle, *, cases: list[Case], actor: audit.Actor, create: bool) -> None:
    """Gather, redact and lay out the bundle as of its `prepared_at`, store the PDF, and save the row as a draft
    with the `bundle.prepared` audit event in one transaction. The PDF is laid out before the transaction (it
    takes seconds for a long case), so it never holds the database's write lock; the stored file is removed again
    if the transaction fails. The same for a bundle made here and one made by the task worker."""
    gathered = gather(
        kind=bundle.kind,
        organisation=bundle.organisation,
        practitioner=bundle.practitioner,
        cases=cases,
        terms=tuple(bundle.redacted_terms),
        by=actor,
        prepared_at=bundle.prepared_at,
    )
    rendered = render_bundle(gathered.content, gathered.attachments)
    storage = document_storage()
    saved = storage.save(
        storage_name(organisation_id=bundle.organisation_id, bundle_id=bundle.pk),
        ContentFile(rendered.content),
    )
    try:
        with transaction.atomic():
            bundle.status = Status.DRAFT
            bundle.storage_name = saved
            bundle.sha256 = hashlib.sha256(rendered.content).hexdigest()
            bundle.size = len(rendered.content)
            bundle.page_count = rendered.page_count
            bundle.languages = ",".join(gathered.content.languages)
            bundle.prepared_by = actor.user
            bundle.prepared_by_label = actor.name
            bundle.failure = ""
            bundle.save(force_insert=create)
            audit.record(
                by=actor,
                action="bundle.prepared",
                obj=bundle,
                organisation=bundle.organisation,
                case=bundle.case,
                detail={
                    "kind": bundle.kind,
                    "sha256": bundle.sha256,
                    "pages": bundle.page_count,
                    "cases": len(cases),
                    "terms_redacted": len(bundle.redacted_terms),
                },
            )
    except BaseException:
        storage.delete(saved)
        raise


# ---- Bundles made by the task worker (ADR 39) ----

FAILED_MESSAGE = (
    "The bundle could not be made. Try again. If it fails again, tell your faircase administrator."
)
NO_LONGER_VISIBLE = "The bundle was not made: the person who asked for it may no longer prepare it."

log = logging.getLogger(__name__)


def ask_for_bundle(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    terms: Sequence[str],
    by: User,
) -> Bundle:
    """Ask for a bundle: the request (what to redact) is saved and audited now, and the task worker makes the
    file as the person who asked. Answers at once. Bad terms are refused here, with nothing saved."""
    cleaned = _check_request(kind=kind, cases=cases, terms=terms)
    actor = audit.as_actor(by)
    with transaction.atomic():
        bundle = Bundle.objects.create(
            organisation=organisation,
            kind=kind,
            practitioner=practitioner,
            case=cases[0] if kind == Kind.TRIBUNAL else None,
            status=Status.QUEUED,
            redacted_terms=list(cleaned),
            prepared_by=actor.user,
            prepared_by_label=actor.name,
        )
        audit.record(
            by=actor,
            action="bundle.requested",
            obj=bundle,
            organisation=organisation,
            case=bundle.case,
            detail={"kind": kind, "cases": len(cases), "terms_redacted": len(cleaned)},
        )
    # On the database backend the task is a row written after the request's: the worker finds both.
    make_bundle_task.enqueue(str(bundle.pk))
    return bundle


def ask_again(*, bundle: Bundle, by: User) -> Bundle:
    """Queue a bundle that failed (or whose worker stalled) once more, with the same redactions, as of now."""
    with transaction.atomic():
        locked = Bundle.objects.select_for_update().get(pk=bundle.pk)
        if locked.is_made:
            raise ValidationError("This bundle has already been made")
        actor = audit.as_actor(by)
        locked.status = Status.QUEUED
        locked.failure = ""
        locked.prepared_at = timezone.now()
        locked.prepared_by = actor.user
        locked.prepared_by_label = actor.name
        locked.save(update_fields=["status", "failure", "prepared_at", "prepared_by", "prepared_by_label"])
        audit.record(
            by=actor,
            action="bundle.requested",
            obj=locked,
            organisation=locked.organisation,
            case=locked.case,
            detail={"kind": locked.kind, "terms_redacted": len(locked.redacted_terms), "again": True},
        )
    make_bundle_task.enqueue(str(locked.pk))
    return locked


def _start(bundle_id: str) -> Bundle | None:
    with transaction.atomic():
        bundle = (
            # Lock the bundle's row alone: PostgreSQL cannot lock the nullable side of the joins.
            Bundle.objects.select_for_update(of=("self",))
            .select_related("organisation", "practitioner", "case", "prepared_by")
            .filter(pk=bundle_id)
            .first()
        )
        if bundle is None or bundle.status != Status.QUEUED:
            return None  # gone, or already taken by another run of the same task
        bundle.status = Status.MAKING
        bundle.save(update_fields=["status"])
    return bundle


def _cases_for(bundle: Bundle, user: User) -> list[Case]:
    """The cases of the bundle as the person who asked may prepare it now: the same selectors as the page's."""
    from faircase.bundles import selectors

    if bundle.kind == Kind.TRIBUNAL:
        return [selectors.tribunal_case_for(user, bundle.case_id)]
    organisation = selectors.organisation_for(user, bundle.organisation.slug)
    _, cases = selectors.subject_access_for(user, organisation, bundle.practitioner_id)
    return cases


def make_bundle(*, bundle_id: str) -> str:
    """The task's work: find the cases as the person who asked (through the access kernel), then gather, redact,
    lay out and store the bundle exactly as a bundle made in the request was. Returns the status it ended in."""
    bundle = _start(bundle_id)
    if bundle is None:
        return "skipped"
    user = bundle.prepared_by
    try:
        if user is None:
            raise Http404("Nobody to make it for")
        cases = _cases_for(bundle, user)
    except Http404:
        _fail(bundle, NO_LONGER_VISIBLE)
        return Status.FAILED
    try:
        _lay_out_and_store(bundle, cases=cases, actor=audit.as_actor(user), create=False)
    except Exception:
        log.exception("A bundle could not be made", extra={"bundle": str(bundle.pk)})
        _fail(bundle, FAILED_MESSAGE)
        return Status.FAILED
    return Status.DRAFT


def _fail(bundle: Bundle, message: str) -> None:
    with transaction.atomic():
        bundle.status = Status.FAILED
        bundle.failure = message
        bundle.storage_name = None
        bundle.save(update_fields=["status", "failure", "storage_name"])
        audit.record(
            by=bundle.prepared_by or bundle.prepared_by_label,
            action="bundle.failed",
            obj=bundle,
            organisation=bundle.organisation,
            case=bundle.case,
            detail={"kind": bundle.kind, "failure": message},
        )


@transaction.atomic
def release_bundle(*, bundle: Bundle, by: ActorLike) -> Bundle:
    """Release a draft: the same file, with the same SHA-256, becomes the one given out. Never undone: a bundle with
    other redactions is prepared anew."""
    locked = Bundle.objects.select_for_update().get(pk=bundle.pk)
    if locked.is_released:
        raise ValidationError(_("This bundle has already been released: prepare a new bundle to change it"))
    if not locked.is_made:
        raise ValidationError(_("This bundle has not been made yet: release it once it is ready"))
    actor = audit.as_actor(by)
    locked.status = Status.RELEASED
    locked.released_by = actor.user
    locked.released_by_label = actor.name
    locked.released_at = timezone.now()
    locked.save(update_fields=["status", "released_by", "released_by_label", "released_at"])
    audit.record(
        by=actor,
        action="bundle.released",
        obj=locked,
        organisation=locked.organisation,
        case=locked.case,
        detail={"kind": locked.kind, "sha256": locked.sha256},
    )
    return locked


def open_for_download(*, bundle: Bundle, by: ActorLike) -> IO[bytes]:
    """The bundle's PDF, opened for reading, with the download audited. The caller streams and closes it.
    A bundle not made yet (or that failed) has no file: FileNotFoundError, as for a file missing from storage."""
    if not bundle.is_made or not bundle.storage_name:
        raise FileNotFoundError("The bundle has not been made")
    handle: IO[bytes] = document_storage().open(bundle.storage_name, "rb")
    try:
        with transaction.atomic():
            audit.record(
                by=by,
                action="bundle.downloaded",
                obj=bundle,
                organisation=bundle.organisation,
                case=bundle.case,
                detail={"kind": bundle.kind, "status": bundle.status, "sha256": bundle.sha256},
            )
    except BaseException:
        handle.close()
        raise
    return handle
