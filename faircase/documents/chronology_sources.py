"""The documents app's entries in the chronology (faircase.cases.chronology): each document as it was added."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.chronology import ChronologyEntry, register_source
from faircase.core.formatting import nhs_date
from faircase.documents import selectors


def document_events(case: Any) -> Iterator[ChronologyEntry]:
    for document in selectors.documents_of(case):
        name = selectors.current_of(document).name
        yield ChronologyEntry(
            document.added_at,
            "document",
            _("Document added: %(name)s") % {"name": name},
            _("%(kind)s, dated %(date)s. Added by %(name)s")
            % {
                "kind": document.get_kind_display(),
                "date": nhs_date(document.dated),
                "name": document.added_by_label,
            },
            reverse("documents:detail", kwargs={"case_id": case.pk, "document_id": document.pk}),
        )


def register_chronology() -> None:
    register_source("document", cast(str, gettext_lazy("Documents")), document_events)
