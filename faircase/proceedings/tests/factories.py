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


RECEIVED_ON = dt.date(2026, 11, 20)  # a Friday


def report_received(case, by, investigator, *, on=RECEIVED_ON):
    """An investigation with its report received by the case manager, through the real services."""
    investigation = appoint(case, by, investigator)
    return services.record_report_receipt(
        investigation=investigation, report_id=report_document(case, by).pk, received_on=on, by=by
    )


def determination_review(case, by):
    """A framework review at the determination review point, answered "yes" throughout and completed through the
    framework's own services, as a case manager completes one."""
    from faircase.framework import selectors as framework_selectors
    from faircase.framework import services as framework_services

    review = framework_services.start_review(case=case, review_point="determination", by=by)
    answers = {c.pk: {"answer": "yes", "note": ""} for c in framework_selectors.considerations_for(review)}
    framework_services.save_answers(review=review, answers=answers, by=by)
    return framework_services.complete_review(review=review, by=by)
