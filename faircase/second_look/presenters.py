"""The blind second look as people read it: the case page section, the framework review section, the reviewer's
pages, the home page line and the plain values for the disclosable record.

The reviewer's pages are built from the request alone and never carry the case, its reference or a link to it.
"""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.core import languages
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.second_look import selectors
from faircase.second_look.choices import DECISIONS, Agreement, Decision, Status, route_label
from faircase.second_look.models import SecondLook
from faircase.second_look.redaction import (
    AGE,
    COUNTRY,
    EMAIL,
    ETHNICITY,
    GENDERED,
    KINDS,
    NAME,
    NATIONALITY,
    PREGNANCY,
    PRONOUN,
    QUALIFICATION,
    REGISTRATION,
    TITLE,
    Redaction,
)
from faircase.second_look.services import framework_links

STATUS_COLOUR = {
    Status.DRAFT: "grey",
    Status.SENT: "blue",
    Status.ANSWERED: "orange",
    Status.RECORDED: "green",
    Status.WITHDRAWN: "grey",
}


def status_tag(second_look: SecondLook) -> dict[str, str]:
    return {
        "text": second_look.get_status_display(),
        "classes": f"nhsuk-tag--{STATUS_COLOUR[second_look.status]}",
    }


def reviewer_label(second_look: SecondLook) -> str:
    """The reviewer as the case team and the record read them: name and role in the organisation.

    Named, not anonymous: the record is disclosed to the practitioner, a tribunal or a regulator, who must be
    able to test that the check was independent (EP5), as the GMC's fairness question "who checked the decision
    impartially" expects; everyone else who acts on a case is named in the record too."""
    roles = selectors.roles_label(second_look.reviewer, second_look.case.organisation_id)
    return f"{second_look.reviewer.display_name} ({roles})"


def considerations(second_look: SecondLook, case: Any) -> list[dict[str, str]]:
    """The considerations a recorded second look is evidence for, in the wording of its review's version."""
    codes = second_look.considerations or [link["code"] for link in framework_links()]
    version = second_look.review.version if second_look.review_id else None
    if version is None:
        from faircase.framework.selectors import current_version

        try:
            version = current_version(case.organisation)
        except LookupError:
            version = None
    # In the language in use (the reader's, or the record's while it is made): the Welsh where the version has it.
    rows = version.considerations.filter(code__in=codes).values("code", "text", "text_cy") if version else []
    texts = {row["code"]: languages.localised(row, "text") for row in rows}
    return [{"code": code, "text": texts.get(code, "")} for code in codes]


def _review_label(second_look: SecondLook) -> str:
    review = second_look.review
    if review is None:
        return _("No framework review had been taken when this was recorded")
    if not review.is_locked:
        return _("%(review_point)s review (in progress)") % {
            "review_point": review.get_review_point_display()
        }
    return _("%(review_point)s review (completed %(date)s)") % {
        "review_point": review.get_review_point_display(),
        "date": nhs_date(review.completed_at),
    }


def line(second_look: SecondLook, *, case: Any, can_change: bool) -> dict[str, Any]:
    """One request on the case page."""
    kwargs = {"case_id": case.pk, "second_look_id": second_look.pk}
    status = second_look.status
    result: dict[str, Any] = {
        "id": second_look.pk,
        "decision": second_look.get_decision_display(),
        "status": status,
        "tag": status_tag(second_look),
        "reviewer": reviewer_label(second_look),
        "not_blind": second_look.reviewer_can_open_case,
        "requested_by": second_look.requested_by.display_name,
        "created": nhs_date(second_look.created_at),
        "sent": nhs_date(second_look.sent_at) if second_look.sent_at else "",
        "notified": second_look.notified,
        "proposed_route": route_label(second_look.decision, second_look.proposed_route),
        "summary": second_look.summary,
        "route": route_label(second_look.decision, second_look.route) if second_look.route else "",
        "reasons": second_look.reasons,
        "answered": nhs_datetime(second_look.answered_at) if second_look.answered_at else "",
        "agreement": second_look.get_agreement_display() if second_look.agreement else "",
        "agrees": second_look.agreement == Agreement.AGREES,
        "route_after": route_label(second_look.decision, second_look.route_after)
        if second_look.route_after
        else "",
        "taken_into_account": second_look.taken_into_account,
        "recorded": nhs_date(second_look.recorded_at) if second_look.recorded_at else "",
        "recorded_by": second_look.recorded_by.display_name if second_look.recorded_by_id else "",
        "review": _review_label(second_look) if status == Status.RECORDED else "",
        "review_url": reverse(
            "reviews:detail", kwargs={"case_id": case.pk, "review_id": second_look.review_id}
        )
        if second_look.review_id
        else "",
        "considerations": considerations(second_look, case) if status == Status.RECORDED else [],
        "withdrawn": nhs_date(second_look.withdrawn_at) if second_look.withdrawn_at else "",
        "withdrawn_reason": second_look.withdrawn_reason,
        "continue_url": reverse("second_look:draft", kwargs=kwargs)
        if can_change and status == Status.DRAFT
        else "",
        "record_url": reverse("second_look:record", kwargs=kwargs)
        if can_change and status == Status.ANSWERED
        else "",
        "withdraw_url": reverse("second_look:withdraw", kwargs=kwargs)
        if can_change and status in (Status.DRAFT, Status.SENT)
        else "",
    }
    return result


def case_second_looks_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """What the case page's section on blind second looks shows, for this user. `case` comes from the scoped
    selectors, so whoever sees this may see the case."""
    can_change = user.has_perm("cases.change_case", case)
    lines = [line(s, case=case, can_change=can_change) for s in selectors.second_looks_for(case)]
    return {
        "lines": lines,
        "waiting": sum(1 for x in lines if x["status"] == Status.ANSWERED),
        "new_url": reverse("second_look:new", kwargs={"case_id": case.pk})
        if can_change and not case.is_closed
        else "",
    }


def review_second_looks_context(review: Any) -> list[dict[str, Any]]:
    """The blind second looks recorded against a framework review, for the review page."""
    case = review.case
    return [
        {
            "decision": s.get_decision_display(),
            "agreement": s.get_agreement_display(),
            "agrees": s.agreement == Agreement.AGREES,
            "proposed_route": route_label(s.decision, s.proposed_route),
            "route": route_label(s.decision, s.route),
            "route_after": route_label(s.decision, s.route_after),
            "taken_into_account": s.taken_into_account,
            "recorded": nhs_date(s.recorded_at),
            "considerations": considerations(s, case),
            "case_url": reverse("cases:detail", kwargs={"case_id": case.pk}) + "#second-look",
        }
        for s in selectors.linked_to_review(review)
    ]


def removal_counts(redaction: Redaction) -> list[str]:
    """What the redactor did, in words: "removed 2 names", "replaced 5 pronouns"."""
    words = []
    for kind in KINDS:
        n = redaction.counts.get(kind, 0)
        if n:
            words.append(REMOVED[kind](n) % {"num": n})
    pronouns = redaction.counts.get(PRONOUN, 0)
    if pronouns:
        words.append(REMOVED[PRONOUN](pronouns) % {"num": pronouns})
    return words


# Each kind of removal counted, in words (the marker in the summary keeps the kind's English name).
REMOVED = {
    NAME: lambda n: ngettext("removed %(num)d name", "removed %(num)d names", n),
    TITLE: lambda n: ngettext("removed %(num)d title", "removed %(num)d titles", n),
    AGE: lambda n: ngettext("removed %(num)d age", "removed %(num)d ages", n),
    ETHNICITY: lambda n: ngettext("removed %(num)d ethnicity word", "removed %(num)d ethnicity words", n),
    NATIONALITY: lambda n: ngettext(
        "removed %(num)d nationality word", "removed %(num)d nationality words", n
    ),
    COUNTRY: lambda n: ngettext("removed %(num)d country", "removed %(num)d countries", n),
    QUALIFICATION: lambda n: ngettext(
        "removed %(num)d place of qualification", "removed %(num)d places of qualification", n
    ),
    GENDERED: lambda n: ngettext("removed %(num)d gendered word", "removed %(num)d gendered words", n),
    PREGNANCY: lambda n: ngettext(
        "removed %(num)d pregnancy or maternity word", "removed %(num)d pregnancy or maternity words", n
    ),
    REGISTRATION: lambda n: ngettext(
        "removed %(num)d registration number", "removed %(num)d registration numbers", n
    ),
    EMAIL: lambda n: ngettext("removed %(num)d email address", "removed %(num)d email addresses", n),
    PRONOUN: lambda n: ngettext("replaced %(num)d gendered pronoun", "replaced %(num)d gendered pronouns", n),
}


# ---- the reviewer's pages ------------------------------------------------------------------------------------------


def reviewer_row(second_look: SecondLook) -> dict[str, Any]:
    return {
        "url": reverse("second_look:review", kwargs={"second_look_id": second_look.pk}),
        "decision": second_look.get_decision_display(),
        "sent": nhs_date(second_look.sent_at),
        "answered": second_look.status != Status.SENT,
        "tag": {"text": _("Answered"), "classes": "nhsuk-tag--green"}
        if second_look.status != Status.SENT
        else {"text": _("Waiting for your answer"), "classes": "nhsuk-tag--blue"},
    }


def reviewer_page(second_look: SecondLook) -> dict[str, Any]:
    """What the reviewer sees: the decision, the question, the summary as sent, and their answer if given.
    Nothing else of the case: not its reference, not who asked, not the route the case manager proposes."""
    spec = DECISIONS[Decision(second_look.decision)]
    return {
        "id": second_look.pk,
        "decision": second_look.get_decision_display(),
        "question": spec.question,
        "summary": second_look.summary,
        "sent": nhs_date(second_look.sent_at),
        "answered": second_look.status != Status.SENT,
        "route": route_label(second_look.decision, second_look.route) if second_look.route else "",
        "reasons": second_look.reasons,
        "answered_at": nhs_datetime(second_look.answered_at) if second_look.answered_at else "",
    }


def reviewer_home_context(user: Any) -> dict[str, Any]:
    """For the "Your work" page: how many blind second looks wait for this user's answer."""
    requests = selectors.requests_for_reviewer(user)
    waiting = requests.filter(status=Status.SENT).count()
    return {"waiting": waiting, "any": waiting > 0 or requests.exists(), "url": reverse("second_look:mine")}


# ---- the disclosable record ----------------------------------------------------------------------------------------


def second_looks_for_record(case: Any) -> list[dict[str, str]]:
    """Every blind second look sent on the case (drafts are not), oldest first, as plain strings for the
    disclosable record. `case` must have been fetched through the scoped selectors.

    Keys: decision, status, requested_by, requested_at, reviewer (name and role: see `reviewer_label`), blind,
    summary (as sent), proposed_route, reviewer_route, reasons, answered_at, agreement, route_after,
    taken_into_account, recorded_by, recorded_at, framework (the review and the considerations), withdrawn."""
    records = []
    for s in selectors.second_looks_for(case).exclude(status=Status.DRAFT):
        considerations_text = (
            "; ".join(f"{c['code']} {c['text']}".strip() for c in considerations(s, case))
            if s.status == Status.RECORDED
            else ""
        )
        records.append(
            {
                "decision": s.get_decision_display(),
                "status": s.get_status_display(),
                "requested_by": s.requested_by.display_name,
                "requested_at": nhs_datetime(s.sent_at),
                "reviewer": reviewer_label(s),
                "blind": _("No: the reviewer's role let them open the case")
                if s.reviewer_can_open_case
                else _("Yes: the reviewer could not open the case"),
                "summary": s.summary,
                "proposed_route": route_label(s.decision, s.proposed_route),
                "reviewer_route": route_label(s.decision, s.route) if s.route else "",
                "reasons": s.reasons,
                "answered_at": nhs_datetime(s.answered_at) if s.answered_at else "",
                "agreement": s.get_agreement_display() if s.agreement else "",
                "route_after": route_label(s.decision, s.route_after) if s.route_after else "",
                "taken_into_account": s.taken_into_account,
                "recorded_by": s.recorded_by.display_name if s.recorded_by_id else "",
                "recorded_at": nhs_datetime(s.recorded_at) if s.recorded_at else "",
                "framework": f"{_review_label(s)}. {considerations_text}"
                if s.status == Status.RECORDED
                else "",
                "withdrawn": f"{nhs_date(s.withdrawn_at)}: {s.withdrawn_reason}".rstrip(": ")
                if s.withdrawn_at
                else "",
            }
        )
    return records
