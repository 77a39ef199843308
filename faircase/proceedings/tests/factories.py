"""An investigation made through the real services, as the product makes one."""

import datetime as dt

from faircase.documents.choices import Kind
from faircase.documents.tests.factories import add_document
from faircase.proceedings import services

APPOINTED_ON = dt.date(2026, 11, 2)  # a Monday


def appoint(case, by, investigator, *, on=APPOINTED_ON):
    return services.appoint_investigator(case=case, investigator=investigator, appointed_on=on, by=by)


def report_document(case, by):
    return add_document(
        case, by, name="Investigation report.pdf", kind=Kind.REPORT, dated=dt.date(2026, 11, 18)
    )


def minutes_document(case, by):
    return add_document(
        case, by, name="Interview minutes.pdf", kind=Kind.MINUTES, dated=dt.date(2026, 11, 10)
    )
