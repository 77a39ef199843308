"""What the bundle pages show: plain strings and URLs, made from the bundle records and the contents module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.bundles.choices import MADE, Kind, Status
from faircase.bundles.contents import ThirdParty
from faircase.bundles.models import Bundle
from faircase.core.formatting import nhs_datetime
from faircase.core.readers import size_text

# The status JSON has a record file's keys, so one script (records/record-file.js) polls both.
from faircase.records.presenters_files import WorkerProgress, stalled


def third_party_choices(people: tuple[ThirdParty, ...]) -> list[tuple[str, str]]:
    return [(person.name, f"{person.name}: {person.why[0].lower()}{person.why[1:]}") for person in people]


def bundle_url(bundle: Bundle) -> str:
    return reverse("bundles:detail", kwargs={"org_slug": bundle.organisation.slug, "bundle_id": bundle.pk})


def download_name(bundle: Bundle) -> str:
    about = bundle.case.reference if bundle.case else f"practitioner-{bundle.practitioner_id}"
    stem = "subject-access" if bundle.kind == Kind.SUBJECT_ACCESS else "tribunal"
    draft = "-draft" if bundle.status == Status.DRAFT else ""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in about)
    # A Welsh or bilingual bundle says so in its name, as the record's file does: tribunal-bundle-…-cy.pdf.
    languages = "" if bundle.languages in ("", "en") else "-" + bundle.languages.replace(",", "-")
    return f"{stem}-bundle-{safe}-{bundle.prepared_at:%Y%m%d-%H%M}{languages}{draft}.pdf"


def about(bundle: Bundle) -> str:
    if bundle.kind == Kind.TRIBUNAL and bundle.case is not None:
        return _("Case %(reference)s (%(name)s)") % {
            "reference": bundle.case.reference,
            "name": bundle.practitioner.full_name,
        }
    return bundle.practitioner.full_name


def line(bundle: Bundle) -> dict[str, Any]:
    return {
        "url": bundle_url(bundle),
        "kind": bundle.get_kind_display(),
        "about": about(bundle),
        "status": bundle.get_status_display(),
        "prepared": f"{bundle.prepared_by_label}, {nhs_datetime(bundle.prepared_at)}",
    }


def detail(bundle: Bundle) -> dict[str, Any]:
    slug = bundle.organisation.slug
    terms = list(bundle.redacted_terms)
    return {
        "title": f"{bundle.get_kind_display()}: {about(bundle)}",
        "kind": bundle.get_kind_display(),
        "about": about(bundle),
        "status": bundle.get_status_display(),
        "is_released": bundle.is_released,
        "prepared": f"{bundle.prepared_by_label}, {nhs_datetime(bundle.prepared_at)}",
        "released": (
            f"{bundle.released_by_label}, {nhs_datetime(bundle.released_at)}" if bundle.released_at else ""
        ),
        "pages": ngettext("%(num)d page", "%(num)d pages", bundle.page_count) % {"num": bundle.page_count},
        "size": size_text(bundle.size),
        "sha256": bundle.sha256,
        "terms": terms,
        "terms_count": ngettext("%(num)d name or phrase", "%(num)d names or phrases", len(terms))
        % {"num": len(terms)},
        "download_url": reverse("bundles:download", kwargs={"org_slug": slug, "bundle_id": bundle.pk}),
        "release_url": reverse("bundles:release", kwargs={"org_slug": slug, "bundle_id": bundle.pk}),
        "again_url": (
            reverse("bundles:tribunal", kwargs={"case_id": bundle.case_id})
            if bundle.case_id
            else reverse(
                "bundles:subject_access", kwargs={"org_slug": slug, "practitioner_id": bundle.practitioner_id}
            )
        ),
        "list_url": reverse("bundles:organisation", kwargs={"org_slug": slug}),
    }


def organisation_url(organisation: Any) -> str:
    return reverse("bundles:organisation", kwargs={"org_slug": organisation.slug})


def case_url(case: Any) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def practitioner_links(user: Any, organisation: Any) -> list[dict[str, str]]:
    from faircase.bundles.selectors import practitioners_of

    return [
        {
            "text": practitioner.full_name,
            "url": reverse(
                "bundles:subject_access",
                kwargs={"org_slug": organisation.slug, "practitioner_id": practitioner.pk},
            ),
        }
        for practitioner in practitioners_of(user, organisation)
    ]


def subject_access_scope(practitioner: Any, cases: list[Any]) -> str:
    if not cases:
        return _("%(name)s has no case in faircase: the bundle holds their details alone.") % {
            "name": practitioner.full_name
        }
    references = ", ".join(case.reference for case in cases)
    return ngettext(
        "Everything held about %(name)s: their details, their own equality data, and %(num)d case "
        "(%(references)s) with each case's record, notes, welfare records and documents.",
        "Everything held about %(name)s: their details, their own equality data, and %(num)d cases "
        "(%(references)s) with each case's record, notes, welfare records and documents.",
        len(cases),
    ) % {"name": practitioner.full_name, "num": len(cases), "references": references}


def tribunal_scope(case: Any) -> str:
    return _(
        "Case %(reference)s alone: its record, notes, welfare records and documents, and the practitioner's "
        "details. No other case of the practitioner, and no equality data."
    ) % {"reference": case.reference}


def case_section(case: Any, user: Any, today: Any) -> dict[str, Any] | None:
    """The case page's "Disclosure bundles" section, for those who may prepare the case's tribunal bundle."""
    from faircase.bundles.selectors import tribunal_bundles_of

    bundles = tribunal_bundles_of(user, case)
    if bundles is None:
        return None
    return {
        "prepare_url": reverse("bundles:tribunal", kwargs={"case_id": case.pk}),
        "bundles": [line(bundle) for bundle in bundles],
    }


@dataclass(frozen=True, kw_only=True)
class Progress(WorkerProgress):
    kind: str
    about: str
    list_url: str


# Why a bundle could not be made, as kept on its row (in English, services.FAILED_MESSAGE and NO_LONGER_VISIBLE),
# in the reader's language.
FAILURES = {
    "The bundle could not be made. Try again. If it fails again, tell your faircase administrator.": gettext_lazy(
        "The bundle could not be made. Try again. If it fails again, tell your faircase administrator."
    ),
    "The bundle was not made: the person who asked for it may no longer prepare it.": gettext_lazy(
        "The bundle was not made: the person who asked for it may no longer prepare it."
    ),
}


def progress(bundle: Bundle, *, now: dt.datetime | None = None) -> Progress:
    """What the progress page of a bundle being made says (ADR 39), and the JSON its script polls. A request
    whose worker stalled is shown as failed, so it can be asked for again."""
    from faircase.bundles.services import FAILED_MESSAGE

    now = now or timezone.now()
    slug = bundle.organisation.slug
    ids = {"org_slug": slug, "bundle_id": bundle.pk}
    finished = bundle.status in (Status.FAILED, *MADE)
    status = (
        Status.FAILED
        if stalled(requested_at=bundle.prepared_at, finished=finished, now=now)
        else bundle.status
    )
    messages = {
        Status.QUEUED: _("Your request is waiting to start. A bundle of many cases can take a few minutes."),
        Status.MAKING: _("The bundle is being made. A bundle of many cases can take a few minutes."),
        # Kept in English on the row: said in the reader's language where it is one faircase wrote.
        Status.FAILED: str(FAILURES.get(bundle.failure or FAILED_MESSAGE, bundle.failure)),
        Status.DRAFT: _("The bundle is ready as a draft preview."),
        Status.RELEASED: _("The bundle is ready as a draft preview."),
    }
    ready = status in MADE
    return Progress(
        title=f"{bundle.get_kind_display()}: {about(bundle)}",
        kind=bundle.get_kind_display(),
        about=about(bundle),
        status=status,
        status_text=str(Status(status).label),
        message=messages[Status(status)],
        finished=status in (Status.FAILED, *MADE),
        ready=ready,
        failed=status == Status.FAILED,
        page_url=bundle_url(bundle),
        status_url=reverse("bundles:status", kwargs=ids),
        ask_again_url=reverse("bundles:ask_again", kwargs=ids),
        list_url=reverse("bundles:organisation", kwargs={"org_slug": slug}),
        download_url=reverse("bundles:download", kwargs=ids) if ready else "",
        about_file=ngettext(
            "PDF, %(num)d page, %(size)s", "PDF, %(num)d pages, %(size)s", bundle.page_count or 0
        )
        % {"num": bundle.page_count or 0, "size": size_text(bundle.size or 0)}
        if ready
        else "",
    )
