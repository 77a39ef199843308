"""Documents added through the real services, as the product adds them."""

import datetime as dt

from faircase.documents import services
from faircase.documents.choices import Kind, Marking
from faircase.documents.tests import files


def add_document(case, by, *, name="statement.pdf", content=None, kind=Kind.STATEMENT, marking=Marking.DISCLOSABLE,
                 withheld_reason="", dated=dt.date(2026, 3, 2)):  # fmt: skip
    return services.add_document(
        case=case,
        file=files.upload(name, content if content is not None else files.pdf()),
        name=name,
        kind=kind,
        dated=dated,
        marking=marking,
        withheld_reason=withheld_reason,
        by=by,
    )
