"""What people read about a case: the case page, the case list and the framework at a glance."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.cases.choices import policy_name
from faircase.cases.models import Case
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.core.languages import active, localised
from faircase.framework.models import FollowUp, Review, ReviewAnswer
from faircase.framework.principles import PRINCIPLES_IN_ORDER, Answer, ReviewPoint
from faircase.framework.principles import name as principle_name
from faircase.policy.workflow import workflow_for

ANSWER_TAG_COLOUR = {
    Answer.YES: "green",
    Answer.NO: "red",
    Answer.UNKNOWN: "orange",
    Answer.NOT_APPLICABLE: "grey",
}
POLICY_SHORT = {
    "mhps_england": "MHPS (England)",
    "mhps_hpss": "MHPS in the HPSS (NI)",
    "upsw": "UPSW (Wales)",
    "performers_lists": "Performers Lists (England)",
    "local": "Local policy",
}


def answer_tag(answer: str) -> dict[str, str]:
    return {"text": Answer(answer).label, "classes": f"nhsuk-tag--{ANSWER_TAG_COLOUR[Answer(answer)]}"}


def stage_tag(case: Case) -> dict[str, str]:
    colour = "grey" if case.is_closed else "blue"
    return {"text": case.stage_name, "classes": f"nhsuk-tag--{colour}"}


def practitioner_language(practitioner: Any, organisation: Any) -> str:
    """The language chosen for the practitioner's letters and record. Left blank, their own account's choice
    applies, else the organisation's default (languages.for_practitioner): said so, without reading the account,
    so that the case page sends no more reads (ADR 38)."""
    if practitioner.language:
        return str(practitioner.get_language_display())
    default = _("Cymraeg") if organisation.default_language == "cy" else _("English")
    return _("Not chosen: their account's choice, else the organisation default (%(language)s)") % {
        "language": default
    }


def summary_rows(case: Case) -> list[dict[str, Any]]:
    # Place of primary qualification is equality data: it is not shown here (faircase.equality holds it).
    p = case.practitioner
    rows = [
        (_("Practitioner"), p.full_name),
        (
            _("Profession"),
            _("%(profession)s, %(setting)s")
            % {"profession": p.get_profession_display(), "setting": str(p.get_setting_display()).lower()},
        ),
        (_("Registration"), f"{p.get_regulator_display()} {p.registration_number}"),
        (_("Grade and specialty"), ", ".join(x for x in [p.grade, p.specialty] if x) or _("Not recorded")),
        (_("Contract"), p.get_contract_type_display()),
        (_("Started in the organisation"), nhs_date(p.started_on)),
        (
            _("Induction for this role"),
            p.get_induction_display() + (f" ({nhs_date(p.induction_on)})" if p.induction_on else ""),
        ),
        (_("Language for letters and the record"), practitioner_language(p, case.organisation)),
        (_("Organisation"), case.organisation.name),
        (_("Policy"), policy_name(case.policy)),
        (_("Stage"), case.stage_name),
        (_("Opened"), nhs_date(case.opened_at)),
    ]
    if case.patient_safety_incident:
        rows.append(
            (
                _("Patient safety incident"),
                _("Yes \u2013 Being fair tool: %(completed)s")
                % {
                    "completed": case.get_being_fair_completed_display()
                    if case.being_fair_completed
                    else _("not yet recorded")
                },
            )
        )
    if case.is_closed:
        rows.append((_("Outcome"), f"{case.get_outcome_display()} ({nhs_date(case.closed_at)})"))
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


@dataclass
class AnswerLine:
    code: str
    text: str
    answer: str
    tag: dict[str, str]
    note: str
    review_point: str
    answered_on: str


@dataclass
class FollowUpLine:
    id: int
    code: str
    action: str
    owner: str
    due_on: str
    overdue: bool
    is_open: bool
    outcome: str


@dataclass
class PrincipleGlance:
    number: int
    name: str
    answers: list[AnswerLine] = field(default_factory=list)
    open_follow_ups: list[FollowUpLine] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for line in self.answers:
            counts[line.answer] += 1
        return dict(counts)

    @property
    def needs_attention(self) -> bool:
        return any(a.answer in (Answer.NO, Answer.UNKNOWN) for a in self.answers) or bool(
            self.open_follow_ups
        )


@dataclass
class ReviewLine:
    id: int
    review_point: str
    status: dict[str, str]
    stage: str
    started: str
    completed: str
    completed_by: str
    corrects: str
    is_locked: bool


def follow_up_line(follow_up: FollowUp, *, today: Any) -> FollowUpLine:
    return FollowUpLine(
        id=follow_up.pk,
        code=follow_up.answer.consideration.code,
        action=follow_up.action,
        owner=follow_up.owner.display_name,
        due_on=nhs_date(follow_up.due_on),
        overdue=follow_up.is_open and follow_up.due_on < today,
        is_open=follow_up.is_open,
        outcome=follow_up.outcome,
    )


def framework_glance(case: Case, *, today: Any) -> list[PrincipleGlance]:
    """For each Principle: the latest answer to each consideration across completed reviews, and the
    follow-ups still open. Two queries, whatever the number of reviews."""
    # Plain values, not model instances: every answer of every completed review is read, and building
    # three model objects per answer was most of this function's time on a case with many reviews.
    latest: dict[str, dict[str, Any]] = {}
    answers = (
        ReviewAnswer.objects.of_case(case)
        .filter(review__status=Review.Status.COMPLETED)
        .order_by("review__completed_at", "review_id", "id")
        .values(
            "answer",
            "note",
            code=F("consideration__code"),
            text=F("consideration__text"),
            text_cy=F("consideration__text_cy"),
            position=F("consideration__position"),
            principle=F("consideration__principle"),
            review_point=F("review__review_point"),
            completed_at=F("review__completed_at"),
        )
    )
    for answer in answers:
        latest[answer["code"]] = answer
    glances = {
        p.value: PrincipleGlance(number=i, name=principle_name(p))
        for i, p in enumerate(PRINCIPLES_IN_ORDER, 1)
    }
    language = active()
    for answer in sorted(latest.values(), key=lambda a: (a["position"], a["code"])):
        glances[answer["principle"]].answers.append(
            AnswerLine(
                code=answer["code"],
                text=localised(answer, "text", language),
                answer=answer["answer"],
                tag=answer_tag(answer["answer"]),
                note=answer["note"],
                review_point=ReviewPoint(answer["review_point"]).label,
                answered_on=nhs_date(answer["completed_at"]),
            )
        )
    open_items = (
        FollowUp.objects.of_case(case)
        .filter(status=FollowUp.Status.OPEN)
        .select_related("owner", "answer__consideration")
        .order_by("due_on", "id")
    )
    for follow_up in open_items:
        glances[follow_up.answer.consideration.principle].open_follow_ups.append(
            follow_up_line(follow_up, today=today)
        )
    return list(glances.values())


def review_lines(reviews: list[Review], *, case: Case) -> list[ReviewLine]:
    workflow = workflow_for(case)
    lines = []
    for review in reviews:
        lines.append(
            ReviewLine(
                id=review.pk,
                review_point=review.get_review_point_display(),
                status={
                    "text": review.get_status_display(),
                    "classes": "nhsuk-tag--green" if review.is_locked else "nhsuk-tag--orange",
                },
                stage=workflow.stage_name(review.stage),
                started=nhs_datetime(review.started_at),
                completed=nhs_datetime(review.completed_at, empty=_("Not completed")),
                completed_by=review.completed_by.display_name if review.completed_by else "",
                corrects=(
                    _("Corrects the %(review_point)s review of %(date)s")
                    % {
                        "review_point": str(review.corrects.get_review_point_display()).lower(),
                        "date": nhs_date(review.corrects.completed_at),
                    }
                )
                if review.corrects
                else "",
                is_locked=review.is_locked,
            )
        )
    return lines


def case_count_line(count: int, *, reached_bound: bool) -> str:
    """How many cases the list holds, counted no further than the list's bound (ADR 37)."""
    if reached_bound:
        return ngettext("%(num)s case or more", "%(num)s cases or more", count) % {"num": f"{count:,}"}
    return ngettext("%(num)s case", "%(num)s cases", count) % {"num": f"{count:,}"}


def case_list_rows(cases: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": case.pk,
            "reference": case.reference,
            "practitioner": case.practitioner.full_name,
            "profession": case.practitioner.get_profession_display(),
            "organisation": case.organisation.name,
            "policy": POLICY_SHORT.get(case.policy, case.get_policy_display()),
            "stage": stage_tag(case),
            "opened": nhs_date(case.opened_at),
            "open_follow_ups": getattr(case, "has_open_follow_ups", False),
        }
        for case in cases
    ]


def open_work_owners(case: Case) -> list[dict[str, str]]:
    """Who owns the case's open follow-ups, so that whoever excludes one of them knows to hand the work on."""
    owners: dict[str, list[str]] = {}
    for follow_up in (
        FollowUp.objects.of_case(case)
        .filter(status=FollowUp.Status.OPEN)
        .select_related("owner")
        .order_by("owner__full_name", "code")
    ):
        owners.setdefault(follow_up.owner.display_name, []).append(follow_up.code)
    return [
        {
            "name": name,
            "follow_ups": ngettext(
                "%(num)d open follow-up (%(codes)s)", "%(num)d open follow-ups (%(codes)s)", len(codes)
            )
            % {"num": len(codes), "codes": ", ".join(codes)},
        }
        for name, codes in owners.items()
    ]


def closure_checklist(case: Case, *, outcome: str = "") -> list[dict[str, Any]]:
    """The closure checklist as the move page shows it: each item, done or not, with what is still open."""
    from faircase.cases import closure

    rows = []
    for item in closure.checklist(case, outcome=outcome):
        below = item.check == "outcome_recorded" and not item.done
        rows.append(
            {
                "text": item.text,
                "how": item.how,
                "done": item.done,
                "tag": {"text": _("Choose it below"), "classes": "nhsuk-tag--grey"}
                if below
                else item.status_tag,
                "problems": [] if below else [{"text": p.text, "href": p.href} for p in item.problems],
            }
        )
    return rows


def day_range_lines(ranges: dict[str, tuple[dt.date, dt.date]]) -> list[str]:
    """What a list filtered by dates shows: "Cases opened from 1 April 2026 to 30 June 2026"."""
    return [
        (
            _("Cases opened from %(first)s to %(last)s")
            if event == "opened"
            else _("Cases closed from %(first)s to %(last)s")
        )
        % {"first": nhs_date(first), "last": nhs_date(last)}
        for event, (first, last) in ranges.items()
    ]
