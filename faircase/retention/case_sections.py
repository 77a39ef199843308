"""The retention app's section of the case page and of the disclosable record: the legal hold, if any."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.access.guard import allows
from faircase.cases.sections import CaseSection, register
from faircase.core.formatting import nhs_datetime

from . import presenters, selectors


def _legal_hold(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    change = (
        reverse("retention:case_hold", kwargs={"case_id": case.pk})
        if allows(user, case, "retention.hold")
        else ""
    )
    return {"legal_hold": presenters.case_section(list(selectors.holds_of(case)), change, today)}


def register_sections() -> None:
    register(CaseSection("legal-hold", "Legal hold", "retention/_case_hold.jinja", 95, _legal_hold))


def register_record_sections() -> None:
    from faircase.records.sections import RecordEntry, RecordRow, RecordSectionSpec
    from faircase.records.sections import register as register_record

    def entries(case: Any, generated_on: Any) -> tuple[RecordEntry, ...]:
        return tuple(
            RecordEntry(
                _("Legal hold placed %(when)s") % {"when": nhs_datetime(hold.placed_at)},
                tuple(
                    RecordRow(row["key"]["text"], row["value"]["text"])
                    for row in presenters.hold_summary(hold)
                ),
            )
            for hold in reversed(list(selectors.holds_of(case)))
        )

    register_record(
        RecordSectionSpec(
            "legal-holds",
            gettext_lazy("Legal holds"),
            210,
            entries,
            gettext_lazy("No legal hold has been placed on the case."),
        )
    )
