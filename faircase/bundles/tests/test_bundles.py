"""What a bundle holds, how it is redacted and numbered, and what is recorded: read back from the PDF itself."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.bundles import selectors, services
from faircase.bundles.models import Bundle
from faircase.bundles.redaction import MARK
from faircase.bundles.tests import factories as F
from faircase.bundles.tests.reading import content_of, index_pages, pages, pdftotext
from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.documents import services as document_services
from faircase.documents.tests import files
from faircase.practitioners.models import PractitionerAccount

pytestmark = pytest.mark.django_db


def _tribunal(world, by, terms=()):
    case = selectors.tribunal_case_for(by, world.case.pk)
    return services.prepare_bundle(
        kind="tribunal",
        organisation=world.organisation,
        practitioner=case.practitioner,
        cases=[case],
        terms=list(terms),
        by=by,
    )


def test_a_subject_access_bundle_holds_every_case_and_document_with_the_witness_redacted():
    world = F.world()
    bundle = F.subject_access_bundle(world)
    content = content_of(bundle)
    texts = pages(content)
    whole = " ".join(texts)

    # Recorded with the bundle: its hash is the stored file's, its pages the PDF's, the terms kept with it.
    assert bundle.sha256 == hashlib.sha256(content).hexdigest()
    assert bundle.page_count == len(texts)
    assert bundle.redacted_terms == [F.WITNESS]
    assert (bundle.status, bundle.kind, bundle.case) == ("draft", "subject_access", None)

    # The witness's name is gone from every reader's view of the file, and a visible mark is in its place.
    assert "Penhallow" not in whole and "Penhallow" not in pdftotext(content)
    assert b"Penhallow" not in content
    assert MARK in whole
    # The practitioner, both cases, the note (redacted), and their own equality data, marked special category.
    assert F.PRACTITIONER in whole
    assert "Case KER-0001" in whole and "Case KER-0002" in whole
    assert "Spoke to [redacted] about the handover on ward 7" in whole
    assert "Special category personal data" in whole and "Ethnic group: White: British" in whole

    # Still a tagged PDF (the bundle's own pages, as the record's) after the documents were appended.
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]

    # Every page is numbered "Page X of Y", the appended documents' pages too.
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text

    # The index points at the page each section starts on.
    found = index_pages(texts, ["Your details", "Case KER-0001", "Case KER-0002", "Documents"])
    for title, page in found.items():
        assert texts[page - 1].split("Page ")[0].find(title) != -1, f"{title} is not on page {page}"

    # Documents: the disclosable PDF and the redacted copy appended; the original it replaces and the withheld
    # document are not; the Word file is supplied separately.
    assert F.APPENDED_TEXT in whole
    assert F.REDACTED_COPY_TEXT in whole and F.ORIGINAL_TEXT not in whole
    assert f"Withheld: {F.WITHHELD_REASON}" in whole and F.WITHHELD_TEXT not in whole
    assert "Supplied separately: not a PDF" in whole
    rota_page = next(i for i, text in enumerate(texts, start=1) if text.startswith(F.APPENDED_TEXT))
    assert "ward rota.pdf Statement, 2 March 2026, version 1, case KER-0001" in texts[1]
    assert f"Appended {rota_page}" in texts[1]


def test_the_audit_trail_says_what_was_prepared_but_never_the_terms():
    world = F.world(documents=False)
    bundle = F.subject_access_bundle(world)
    event = AuditEvent.objects.get(action="bundle.prepared")
    assert event.summary["detail"] == {
        "kind": "subject_access",
        "sha256": bundle.sha256,
        "pages": bundle.page_count,
        "cases": 2,
        "terms_redacted": 1,
    }
    assert "Penhallow" not in str(event.summary)


def test_a_tribunal_bundle_holds_its_case_alone_and_no_equality_data():
    world = F.world(documents=False)
    bundle = _tribunal(world, world.manager)
    whole = " ".join(pages(content_of(bundle)))
    assert bundle.case == world.case and bundle.kind == "tribunal"
    assert "Tribunal bundle: case KER-0001" in whole
    assert "KER-0002" not in whole
    assert "Equality data" not in whole and "Ethnic group" not in whole
    # Nothing was redacted: the witness is named.
    assert F.WITNESS in whole and "Nothing was redacted." in whole


def test_a_document_that_names_someone_redacted_is_held_back_until_it_has_a_redacted_copy():
    world = F.world(documents=False)
    document_services.add_document(
        case=world.case, file=files.upload("witness.pdf", files.pdf(f"Statement of {F.WITNESS}")),
        name="witness.pdf", kind="statement", dated=dt.date(2026, 3, 2), marking="disclosable", by=world.manager,
    )  # fmt: skip
    bundle = _tribunal(world, world.manager, terms=[F.WITNESS])
    content = content_of(bundle)
    assert "Penhallow" not in pdftotext(content)
    assert "Held back: it names someone redacted from this bundle" in " ".join(pages(content))


def test_a_released_bundle_is_never_released_again_and_different_redactions_make_a_new_bundle():
    world = F.world(documents=False)
    first = _tribunal(world, world.admin)
    released = services.release_bundle(bundle=first, by=world.admin)
    assert released.status == "released" and released.released_by == world.admin
    assert released.sha256 == first.sha256
    with pytest.raises(ValidationError, match="already been released"):
        services.release_bundle(bundle=released, by=world.admin)
    second = _tribunal(world, world.admin, terms=[F.WITNESS])
    assert second.pk != first.pk and Bundle.objects.count() == 2
    assert Bundle.objects.get(pk=first.pk).redacted_terms == []


def test_bad_terms_save_nothing():
    world = F.world(documents=False)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        F.subject_access_bundle(world, terms=["x"])
    assert Bundle.objects.count() == 0 and AuditEvent.objects.count() == events


def test_who_may_prepare_which_bundle():
    world = F.world(documents=False)
    # The administrator: both kinds. The named case manager: the tribunal bundle only.
    assert selectors.subject_access_for(world.admin, world.organisation, world.practitioner.pk)[1]
    assert selectors.tribunal_case_for(world.admin, world.case.pk) == world.case
    assert selectors.tribunal_case_for(world.manager, world.case.pk) == world.case
    with pytest.raises(Http404):
        selectors.organisation_for(world.manager, world.organisation.slug)
    # A case manager not named on the case, an auditor, and an administrator of another organisation: nothing.
    for outsider in (
        member(world.organisation, "case_manager", username="unnamed"),
        member(world.organisation, "auditor", username="auditor"),
    ):
        with pytest.raises(Http404):
            selectors.tribunal_case_for(outsider, world.case.pk)
    other = member(F.OrganisationFactory(slug="elsewhere"), "org_admin", username="elsewhere-admin")
    with pytest.raises(Http404):
        selectors.tribunal_case_for(other, world.case.pk)
    with pytest.raises(Http404):
        selectors.subject_access_for(other, world.organisation, world.practitioner.pk)
    # An administrator kept away from one of the practitioner's cases cannot answer their request at all.
    second_admin = member(world.organisation, "org_admin", username="second-admin")
    case_services.exclude_for_conflict(
        case=world.other_case, user=second_admin, reason="Friend", by=world.manager
    )
    with pytest.raises(Http404):
        selectors.subject_access_for(second_admin, world.organisation, world.practitioner.pk)
    assert selectors.tribunal_case_for(second_admin, world.case.pk) == world.case
    # The practitioner, even holding the administrator's role, never prepares their own bundle.
    PractitionerAccount.objects.create(user=world.admin, practitioner=world.practitioner)
    with pytest.raises(Http404):
        selectors.subject_access_for(world.admin, world.organisation, world.practitioner.pk)
