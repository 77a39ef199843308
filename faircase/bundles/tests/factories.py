"""A practitioner with two cases and everything a bundle gathers, built through the real services. Every name is
fictional."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from faircase.accounts.tests.factories import OrganisationFactory, member

__all__ = ["OrganisationFactory", "World", "member", "world"]
from faircase.casefile import services as note_services
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.documents import services as document_services
from faircase.documents.tests import files
from faircase.equality.services_data import record_equality_data
from faircase.proceedings import services as investigation_services

PRACTITIONER = "Dr Wenna Tregothnan"
WITNESS = "Alys Penhallow"  # a ward sister interviewed as a witness: a third party
NOTE_TEXT = f"Spoke to {WITNESS} about the handover on ward 7; she will give a statement."
APPENDED_TEXT = "Ward 7 rota for the night of 1 March"
WITHHELD_REASON = "Legal advice to the organisation, privileged"
REDACTED_COPY_TEXT = "Statement with the names taken out"
ORIGINAL_TEXT = "Statement naming the patient in bed 4"
WITHHELD_TEXT = "Privileged advice on the handover"


@dataclass
class World:
    organisation: Any
    admin: Any
    manager: Any
    practitioner: Any
    case: Any
    other_case: Any


def _add(
    case: Any, by: Any, name: str, content: bytes, *, marking: str = "disclosable", reason: str = ""
) -> Any:
    return document_services.add_document(
        case=case,
        file=files.upload(name, content),
        name=name,
        kind="statement",
        dated=dt.date(2026, 3, 2),
        marking=marking,
        withheld_reason=reason,
        by=by,
    )


def world(*, documents: bool = True) -> World:
    organisation = OrganisationFactory(slug="kernow", name="Kernow Fictional Hospitals NHS Trust")
    admin = member(organisation, "org_admin", username="kernow-admin", full_name="Morwenna Admin")
    manager = member(organisation, "case_manager", username="kernow-manager", full_name="Jory Casemanager")
    practitioner = PractitionerFactory(organisation=organisation, full_name=PRACTITIONER)
    case = open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=manager,
        case_manager=manager,
        reference="KER-0001",
    )
    other_case = open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=manager,
        case_manager=manager,
        reference="KER-0002",
    )
    investigator = member(
        organisation, "case_investigator", username="kernow-investigator", full_name="Tamsin Investigator"
    )
    investigation = investigation_services.appoint_investigator(
        case=case, investigator=investigator, appointed_on=dt.date(2026, 3, 5), by=manager
    )
    investigation_services.record_interview(
        investigation=investigation,
        held_on=dt.date(2026, 3, 9),
        interviewee=WITNESS,
        of_practitioner=False,
        attended="Tamsin Investigator",
        by=manager,
    )
    note_services.add_note(case=case, text=NOTE_TEXT, by=manager)
    record_equality_data(
        practitioner=practitioner,
        ethnicity="A",
        sex="female",
        age_band="40_49",
        disability="no",
        pmq="uk",
        source="self_reported",
        by=admin,
    )
    if documents:
        _add(case, manager, "ward rota.pdf", files.pdf(APPENDED_TEXT))
        _add(
            case,
            manager,
            "legal advice.pdf",
            files.pdf(WITHHELD_TEXT),
            marking="withheld",
            reason=WITHHELD_REASON,
        )
        _add(case, manager, "terms.docx", files.docx())
        original = _add(other_case, manager, "statement.pdf", files.pdf(ORIGINAL_TEXT))
        document_services.add_redacted_copy(
            document=original,
            file=files.upload("statement redacted.pdf", files.pdf(REDACTED_COPY_TEXT)),
            name="statement redacted.pdf",
            reason="The patient's name taken out",
            by=manager,
        )
    return World(organisation, admin, manager, practitioner, case, other_case)


def stored_bundle(*, organisation: Any, by: Any, content: bytes | None = None, case: Any = None) -> Any:
    """A bundle row with a file in the storage, for pages that only need one to exist (the URL sweep): a subject
    access bundle for the first practitioner of the organisation or, given a case, that case's tribunal bundle;
    a one-page PDF."""
    import hashlib
    import uuid

    from django.core.files.base import ContentFile

    from faircase.bundles.models import Bundle
    from faircase.bundles.services import storage_name
    from faircase.documents.storage import document_storage

    content = content or files.pdf("A stored bundle")
    bundle_id = uuid.uuid4()
    saved = document_storage().save(
        storage_name(organisation_id=organisation.pk, bundle_id=bundle_id), ContentFile(content)
    )
    return Bundle.objects.create(
        id=bundle_id,
        organisation=organisation,
        kind="tribunal" if case is not None else "subject_access",
        case=case,
        practitioner=case.practitioner
        if case is not None
        else organisation.practitioners.order_by("pk").first(),
        storage_name=saved,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        page_count=1,
        status="draft",
        prepared_by=by,
        prepared_by_label=by.display_name,
    )


def subject_access_bundle(world: World, terms: tuple[str, ...] | list[str] = (WITNESS,)) -> Any:
    """The practitioner's subject access bundle, prepared by the administrator, with `terms` redacted."""
    from faircase.bundles import selectors, services

    practitioner, cases = selectors.subject_access_for(world.admin, world.organisation, world.practitioner.pk)
    return services.prepare_bundle(
        kind="subject_access",
        organisation=world.organisation,
        practitioner=practitioner,
        cases=cases,
        terms=list(terms),
        by=world.admin,
    )
