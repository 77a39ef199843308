"""Preparing, releasing and downloading disclosure bundles. Each write runs in one transaction with its audit
event. The PDF is laid out before the transaction (it takes seconds for a long case), so it never holds the
database's write lock; the file is stored first and removed again if the transaction fails.

The audit trail says what was done, to which bundle, with its SHA-256, and how many terms were redacted; never
the terms themselves (they are third parties' personal data, kept with the bundle record alone).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from faircase.accounts.models import Organisation
from faircase.bundles.choices import Kind, Status
from faircase.bundles.contents import gather
from faircase.bundles.models import Bundle
from faircase.bundles.redaction import MAX_TERM_LENGTH, MAX_TERMS, MIN_TERM_LENGTH, clean_terms
from faircase.bundles.rendering import render_bundle
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
        raise ValidationError({field: f"Give at most {MAX_TERMS} names or phrases to redact"})
    for term in cleaned:
        if len(term) < MIN_TERM_LENGTH:
            raise ValidationError(
                {field: f"'{term}' is too short to redact: give at least {MIN_TERM_LENGTH} characters"}
            )
        if len(term) > MAX_TERM_LENGTH:
            raise ValidationError(
                {field: f"A name or phrase to redact must be {MAX_TERM_LENGTH} characters or fewer"}
            )
    return cleaned


def prepare_bundle(
    *,
    kind: str,
    organisation: Organisation,
    practitioner: Practitioner,
    cases: list[Case],
    terms: Sequence[str],
    by: ActorLike,
) -> Bundle:
    """Make a bundle as a draft preview. `cases` come from faircase.bundles.selectors for the person preparing it
    (every case of the practitioner for a subject access bundle, the one case for a tribunal bundle)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": f"Unknown bundle kind {kind!r}"})
    if kind == Kind.TRIBUNAL and len(cases) != 1:
        raise ValidationError("A tribunal bundle is made for one case")
    cleaned = check_terms(terms)
    actor = audit.as_actor(by)
    prepared_at = timezone.now()
    gathered = gather(
        kind=kind,
        organisation=organisation,
        practitioner=practitioner,
        cases=cases,
        terms=cleaned,
        by=actor,
        prepared_at=prepared_at,
    )
    rendered = render_bundle(gathered.content, gathered.attachments)
    bundle_id = uuid.uuid4()
    storage = document_storage()
    saved = storage.save(
        storage_name(organisation_id=organisation.pk, bundle_id=bundle_id), ContentFile(rendered.content)
    )
    try:
        with transaction.atomic():
            bundle = Bundle.objects.create(
                id=bundle_id,
                organisation=organisation,
                kind=kind,
                practitioner=practitioner,
                case=cases[0] if kind == Kind.TRIBUNAL else None,
                status=Status.DRAFT,
                redacted_terms=list(cleaned),
                storage_name=saved,
                sha256=hashlib.sha256(rendered.content).hexdigest(),
                size=len(rendered.content),
                page_count=rendered.page_count,
                prepared_by=actor.user,
                prepared_by_label=actor.name,
                prepared_at=prepared_at,
            )
            audit.record(
                by=actor,
                action="bundle.prepared",
                obj=bundle,
                organisation=organisation,
                case=bundle.case,
                detail={
                    "kind": kind,
                    "sha256": bundle.sha256,
                    "pages": bundle.page_count,
                    "cases": len(cases),
                    "terms_redacted": len(cleaned),
                },
            )
    except BaseException:
        storage.delete(saved)
        raise
    return bundle


@transaction.atomic
def release_bundle(*, bundle: Bundle, by: ActorLike) -> Bundle:
    """Release a draft: the same file, with the same SHA-256, becomes the one given out. Never undone: a bundle with
    other redactions is prepared anew."""
    locked = Bundle.objects.select_for_update().get(pk=bundle.pk)
    if locked.is_released:
        raise ValidationError("This bundle has already been released: prepare a new bundle to change it")
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
    """The bundle's PDF, opened for reading, with the download audited. The caller streams and closes it."""
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
