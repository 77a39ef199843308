"""Writes for restrictions, exclusions and suspensions, their period reviews, decisions not to exclude,
Practitioner Performance Advice contacts (and the actions they open) and regulator referrals.

Each service takes keyword-only arguments and an explicit actor (`by`), runs in one transaction and writes its
audit event inside it: a refusal (ValidationError, by field where there is one) saves nothing.

The limits enforced here come from the case's policy pack, through the one clock (faircase.process.clock):

- each kind that runs in periods (an immediate exclusion, a formal exclusion, a restriction on practice, a
  Performers List suspension, as the pack says) gets period 1 at once, ending at the latest on the last day of
  the pack's period (two weeks from 17 November: 30 November); a review is due by each period's last day;
- a review may open a further period only as the pack's renewal allows: at each review (formal exclusion), never
  (an immediate exclusion ends, or gives way to a formal one), or only by an order whose basis is recorded (a
  suspension the First-tier Tribunal extends, which may then run longer than the pack's period);
- formal exclusion: Advice must have been consulted before it starts (a linked contact on or before the start),
  or the reason it was not given;
- recording an exclusion or suspension while another part of the same episode runs converts it: the running
  part ends the day before the new one starts (the episode and its six-month clock go on);
- Performers List suspension: the oral hearing was notified as far ahead as the pack's rule says (2 working
  days under reg 12(2) of SI 2013/335, the organisation's nation's bank holidays);
- every further period needs a completed framework review at the "restriction" review point, taken during
  the period under review, used for no other period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from faircase.access.guard import authorize
from faircase.accounts.selectors import people_in
from faircase.cases.choices import REGULATORS_FOR_PROFESSION, Profession, Regulator
from faircase.core import audit, languages
from faircase.core.formatting import nhs_date, with_article
from faircase.framework.models import Review
from faircase.framework.principles import ReviewPoint
from faircase.policy.calendar import describe_period
from faircase.policy.kinds import EXCLUSION_KINDS, RestrictionKind
from faircase.policy.packs import Pack, pack_for_case
from faircase.process import clock
from faircase.process.models import (
    AdviceAction,
    AdviceContact,
    ExclusionDecision,
    RegulatorReferral,
    Restriction,
    RestrictionPeriod,
)

if TYPE_CHECKING:
    from faircase.accounts.models import User
    from faircase.cases.models import Case, Practitioner

REFERRAL_REGULATORS = (Regulator.GMC, Regulator.GDC, Regulator.GPHC)

RESTRICTION_FIELDS = [
    "kind",
    "started_on",
    "ended_on",
    "terms",
    "reasons",
    "criminal_investigation",
    "advice_contact",
    "advice_not_consulted_reason",
    "oral_hearing_notice_on",
    "oral_hearing_on",
    "end_reason",
]
# The reason kept on a part continued by another: written by faircase, so in the language the practitioner deals
# with the organisation in (their record shows it), and then kept as written.
CONVERTED = N_("Continued as %(kind)s from %(start)s: the same episode goes on.")


def _text(value: Any) -> str:
    return (value or "").strip()


def _not_future(errors: dict[str, str], field: str, value: dt.date | None, message: str) -> None:
    """`message`: the whole sentence, "The start date must be today or in the past", in the reader's language."""
    if value is not None and value > timezone.localdate():
        errors[field] = message


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# ---- restrictions, exclusions and suspensions -------------------------------------------------------------


@transaction.atomic
def record_restriction(
    *,
    case: Case,
    kind: str,
    started_on: dt.date,
    terms: str,
    reasons: str,
    by: User,
    first_period_ends_on: dt.date | None = None,
    criminal_investigation: bool = False,
    advice_contact: AdviceContact | None = None,
    advice_not_consulted_reason: str = "",
    oral_hearing_notice_on: dt.date | None = None,
    oral_hearing_on: dt.date | None = None,
) -> Restriction:
    """Record an exclusion, restriction, undertaking or suspension. Kinds that run in periods get period 1,
    ending on `first_period_ends_on` or, when not given, on the longest the kind allows."""
    authorize(by=by, case=case, action="restriction.record")
    errors: dict[str, str] = {}
    if kind not in RestrictionKind.values:
        errors["kind"] = _("Choose the kind of restriction")
    if started_on is None:
        errors["started_on"] = _("Enter the date it started")
    _not_future(errors, "started_on", started_on, _("The start date must be today or in the past"))
    terms, reasons = _text(terms), _text(reasons)
    if not terms:
        errors["terms"] = _("Say what is restricted: the conditions, supervision or duties withdrawn")
    if not reasons:
        errors["reasons"] = _("Give the reasons, and why nothing less restrictive would do")
    _raise(errors)

    pack = pack_for_case(case)
    period_end = None
    latest = clock.latest_period_end(pack, kind, started_on)
    if latest is not None:
        period_end = first_period_ends_on or latest
        if period_end < started_on:
            errors["first_period_ends_on"] = _(
                "The end of the first period must be on or after the start date"
            )
        elif period_end > latest:
            errors["first_period_ends_on"] = _too_long(pack, kind, latest)
    converted = _running_part(case, kind)
    if converted is not None and started_on < converted.started_on:
        errors["started_on"] = _(
            "The %(kind)s it continues started on %(date)s: the start date must be on or after that"
        ) % {"kind": str(converted.get_kind_display()).lower(), "date": nhs_date(converted.started_on)}

    advice_not_consulted_reason = _text(advice_not_consulted_reason)
    if kind == RestrictionKind.FORMAL_EXCLUSION:
        if advice_contact is not None:
            if advice_contact.case_id != case.pk:
                errors["advice_contact"] = _("Choose an Advice contact recorded on this case")
            elif advice_contact.contacted_on > started_on:
                errors["advice_contact"] = _(
                    "Advice must be consulted before formal exclusion: the contact chosen is after the start date"
                )
        elif not advice_not_consulted_reason:
            errors["advice_contact"] = _(
                "Advice must be consulted before formal exclusion: choose the Advice contact, or give the reason "
                "Advice was not consulted"
            )
    else:
        advice_contact, advice_not_consulted_reason = None, ""

    if kind == RestrictionKind.PL_SUSPENSION:
        _check_hearing_notice(errors, pack, oral_hearing_notice_on, oral_hearing_on, started_on)
    else:
        oral_hearing_notice_on = oral_hearing_on = None
    _raise(errors)

    if converted is not None:
        _end_for_conversion(converted, kind=kind, started_on=started_on, by=by)
    restriction = Restriction.objects.create(
        case=case,
        kind=kind,
        started_on=started_on,
        terms=terms,
        reasons=reasons,
        criminal_investigation=bool(criminal_investigation),
        advice_contact=advice_contact,
        advice_not_consulted_reason=advice_not_consulted_reason,
        oral_hearing_notice_on=oral_hearing_notice_on,
        oral_hearing_on=oral_hearing_on,
        recorded_by=by,
    )
    after = audit.snapshot(restriction, RESTRICTION_FIELDS)
    if period_end is not None:
        period = RestrictionPeriod.objects.create(
            restriction=restriction, number=1, starts_on=started_on, ends_on=period_end
        )
        after["first_period"] = {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        }
    if converted is not None:
        after["continues"] = str(converted.pk)
    audit.record(by=by, action="restriction.recorded", obj=restriction, case=case, after=after)
    return restriction


def _running_part(case: Case, kind: str) -> Restriction | None:
    """The exclusion or suspension still running on the case that a new part of `kind` would continue."""
    if kind not in EXCLUSION_KINDS:
        return None
    return (
        Restriction.objects.of_case(case)
        .select_for_update()
        .filter(kind__in=EXCLUSION_KINDS, ended_on__isnull=True)
        .order_by("-started_on", "-recorded_at")
        .first()
    )


def _end_for_conversion(part: Restriction, *, kind: str, started_on: dt.date, by: User) -> None:
    """End the running part the day before the part that continues it starts (the same day, if both start on
    one day): one episode, whatever its legal basis on each day."""
    ended_on = max(part.started_on, clock.day_before(started_on))
    case = part.case
    with translation.override(languages.for_practitioner(case.practitioner, case.organisation)):
        reason = _(CONVERTED) % {
            "kind": with_article(str(RestrictionKind(kind).label).lower()),
            "start": nhs_date(started_on),
        }
    part.ended_on = ended_on
    part.end_reason = reason
    part.save(update_fields=["ended_on", "end_reason"])
    audit.record(
        by=by,
        action="restriction.ended",
        obj=part,
        case=part.case,
        before={"ended_on": None},
        after={"ended_on": ended_on.isoformat(), "end_reason": reason},
        detail={"converted_to": kind},
    )


def _too_long(pack: Pack, kind: str, latest: dt.date) -> str:
    limit = clock.period_limit(pack, kind)
    label = str(RestrictionKind(kind).label).lower()
    in_words = limit.in_words if limit is not None else _("the pack's period")
    values = {"kind": label, "period": in_words, "date": nhs_date(latest)}
    if limit is not None and limit.renewal == clock.NO_RENEWAL:
        if kind == RestrictionKind.IMMEDIATE_EXCLUSION:
            return (
                _(
                    "An immediate exclusion lasts at most %(period)s: it must end by %(date)s. To continue, record a "
                    "formal exclusion: it continues the same episode"
                )
                % values
            )
        return _("%(kind_with_article)s lasts at most %(period)s: it must end by %(date)s") % {
            **values,
            "kind_with_article": with_article(label).capitalize(),
        }
    return _("A period of %(kind)s is at most %(period)s before its review: it must end by %(date)s") % values


def _check_hearing_notice(
    errors: dict[str, str],
    pack: Pack,
    notice_on: dt.date | None,
    hearing_on: dt.date | None,
    started_on: dt.date,
) -> None:
    if notice_on is None:
        errors["oral_hearing_notice_on"] = _("Enter the date notice of the oral hearing was given")
    if hearing_on is None:
        errors["oral_hearing_on"] = _("Enter the date of the oral hearing")
    if notice_on is None or hearing_on is None:
        return
    _not_future(
        errors,
        "oral_hearing_notice_on",
        notice_on,
        _("The date notice was given must be today or in the past"),
    )
    if hearing_on > started_on:
        errors["oral_hearing_on"] = _("The oral hearing must be on or before the date the suspension started")
        return
    found = clock.latest_notice(pack, hearing_on)
    if found is None:
        return
    latest_notice, rule = found
    if notice_on > latest_notice:
        errors["oral_hearing_notice_on"] = _(
            "Notice of the oral hearing must be given at least %(period)s before it: for a hearing on "
            "%(hearing)s, by %(latest)s (bank holidays do not count)"
        ) % {
            "period": describe_period(rule.amount, rule.unit),
            "hearing": nhs_date(hearing_on),
            "latest": nhs_date(latest_notice),
        }


def current_period(restriction: Restriction) -> RestrictionPeriod | None:
    """The restriction's latest period (periods prefetched or not)."""
    periods = list(restriction.periods.all())
    return periods[-1] if periods else None


@transaction.atomic
def review_period(
    *,
    period: RestrictionPeriod,
    reviewed_on: dt.date,
    outcome: str,
    continues: bool,
    review: Review | None,
    by: User,
    next_end: dt.date | None = None,
    end_reason: str = "",
    extension_order: str = "",
) -> RestrictionPeriod | None:
    """Record the review of a period. Continuing opens the next period (returned); ending the restriction
    records its end date (the review date) and reason (returns None)."""
    authorize(by=by, case=period.restriction.case, action="restriction.review")
    period = (
        RestrictionPeriod.objects.select_for_update().select_related("restriction__case").get(pk=period.pk)
    )
    restriction = period.restriction
    case = restriction.case
    if not restriction.is_live:
        raise ValidationError(_("This restriction has ended: there is nothing to review."))
    if period.reviewed_on is not None:
        raise ValidationError(_("This period has already been reviewed."))
    if restriction.periods.filter(number__gt=period.number).exists():
        raise ValidationError(_("Only the current period can be reviewed."))

    errors: dict[str, str] = {}
    if reviewed_on is None:
        errors["reviewed_on"] = _("Enter the date of the review")
    else:
        _not_future(
            errors, "reviewed_on", reviewed_on, _("The date of the review must be today or in the past")
        )
        if reviewed_on < period.starts_on:
            errors["reviewed_on"] = _("The review must be on or after the day the period started")
    outcome = _text(outcome)
    if not outcome:
        errors["outcome"] = _("Say what the review found and decided")
    if review is None:
        errors["review"] = _(
            "Each review of a restriction is a framework review: complete a framework review at the "
            "restriction review point, then choose it"
        )
    elif (
        review.case_id != case.pk
        or review.review_point != ReviewPoint.RESTRICTION
        or review.status != Review.Status.COMPLETED
    ):
        errors["review"] = _(
            "Choose a completed framework review of this case at the restriction review point"
        )
    elif RestrictionPeriod.objects.filter(review=review).exists():
        errors["review"] = _(
            "That framework review is already linked to another period: each review needs its own"
        )
    elif review.completed_at and timezone.localdate(review.completed_at) < period.starts_on:
        errors["review"] = _("Choose a framework review completed during this period, not before it")
    _raise(errors)
    assert reviewed_on is not None and review is not None  # _raise refused the form otherwise

    next_period = None
    renewal = None
    extension_order = _text(extension_order)
    if continues:
        pack = pack_for_case(case)
        limit = clock.period_limit(pack, restriction.kind)
        label = restriction.get_kind_display().lower()
        if limit is None or limit.renewal == clock.NO_RENEWAL:
            raise ValidationError(
                {
                    "continues": _(
                        "The policy pack does not renew %(kind)s at its review: end it, or record a formal "
                        "exclusion, which continues the same episode"
                    )
                    % {"kind": with_article(label)}
                }
            )
        renewal = limit.renewal
        if renewal == clock.BY_ORDER and not extension_order:
            raise ValidationError(
                {
                    "extension_order": _(
                        "A further period of %(kind)s needs an order, for example of the First-tier Tribunal: say "
                        "which order, made when"
                    )
                    % {"kind": label}
                }
            )
        next_start = clock.next_period_start(period.ends_on, reviewed_on)
        latest = clock.latest_period_end(pack, restriction.kind, next_start)
        assert latest is not None  # the pack renews this kind, so it has periods
        ends_on = next_end or latest
        if ends_on < next_start:
            raise ValidationError(
                {
                    "next_end": _("The next period starts on %(date)s: its end must be on or after that")
                    % {"date": nhs_date(next_start)}
                }
            )
        if ends_on > latest and not (renewal == clock.BY_ORDER and next_end):
            raise ValidationError({"next_end": _too_long(pack, restriction.kind, latest)})
    else:
        end_reason = _text(end_reason)
        if not end_reason:
            raise ValidationError({"end_reason": _("Say why the restriction is ending")})

    before = {"reviewed_on": None}
    period.reviewed_on = reviewed_on
    period.review = review
    period.review_outcome = outcome
    period.reviewed_by = by
    period.save(update_fields=["reviewed_on", "review", "review_outcome", "reviewed_by"])
    after: dict[str, Any] = {
        "period": period.number,
        "reviewed_on": reviewed_on.isoformat(),
        "on_time": reviewed_on <= period.ends_on,
        "framework_review": review.pk,
        "outcome": outcome,
        "continues": bool(continues),
    }
    if continues:
        next_period = RestrictionPeriod.objects.create(
            restriction=restriction,
            number=period.number + 1,
            starts_on=next_start,
            ends_on=ends_on,
            extension_order=extension_order if renewal == clock.BY_ORDER else "",
        )
        after["next_period"] = {
            "number": next_period.number,
            "starts_on": next_start.isoformat(),
            "ends_on": ends_on.isoformat(),
        }
        if next_period.extension_order:
            after["next_period"]["extension_order"] = next_period.extension_order
    else:
        restriction.ended_on = reviewed_on
        restriction.end_reason = end_reason
        restriction.save(update_fields=["ended_on", "end_reason"])
        after["ended_on"] = reviewed_on.isoformat()
        after["end_reason"] = end_reason
    audit.record(
        by=by, action="restriction.period_reviewed", obj=restriction, case=case, before=before, after=after
    )
    return next_period


@transaction.atomic
def end_restriction(*, restriction: Restriction, ended_on: dt.date, end_reason: str, by: User) -> Restriction:
    """End a restriction without a period review (lifted, replaced, undertaking released)."""
    authorize(by=by, case=restriction.case, action="restriction.end")
    restriction = Restriction.objects.select_for_update().select_related("case").get(pk=restriction.pk)
    if not restriction.is_live:
        raise ValidationError(_("This restriction has already ended."))
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = _("Enter the date it ended")
    else:
        _not_future(errors, "ended_on", ended_on, _("The end date must be today or in the past"))
        if ended_on < restriction.started_on:
            errors["ended_on"] = _("The end date must be on or after the start date")
    end_reason = _text(end_reason)
    if not end_reason:
        errors["end_reason"] = _("Say why it ended")
    _raise(errors)
    restriction.ended_on = ended_on
    restriction.end_reason = end_reason
    restriction.save(update_fields=["ended_on", "end_reason"])
    audit.record(
        by=by,
        action="restriction.ended",
        obj=restriction,
        case=restriction.case,
        before={"ended_on": None},
        after={"ended_on": ended_on.isoformat(), "end_reason": end_reason},
    )
    return restriction


# ---- decisions not to exclude -----------------------------------------------------------------------------


@transaction.atomic
def record_decision_not_to_exclude(
    *, case: Case, decided_on: dt.date, considered: str, reasons: str, by: User, alternative: str = ""
) -> ExclusionDecision:
    authorize(by=by, case=case, action="restriction.decide_not_to_exclude")
    errors: dict[str, str] = {}
    if decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision")
    _not_future(errors, "decided_on", decided_on, _("The date of the decision must be today or in the past"))
    if considered not in RestrictionKind.values:
        errors["considered"] = _("Choose what was considered")
    reasons = _text(reasons)
    if not reasons:
        errors["reasons"] = _("Give the reasons for deciding not to exclude or restrict")
    _raise(errors)
    decision = ExclusionDecision.objects.create(
        case=case,
        decided_on=decided_on,
        considered=considered,
        alternative=_text(alternative),
        reasons=reasons,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="exclusion_decision.recorded",
        obj=decision,
        case=case,
        after=audit.snapshot(decision, ["decided_on", "considered", "alternative", "reasons"]),
    )
    return decision


# ---- Practitioner Performance Advice ----------------------------------------------------------------------


@transaction.atomic
def record_advice_contact(
    *, case: Case, contacted_on: dt.date, adviser: str, question: str, advice: str, by: User
) -> AdviceContact:
    authorize(by=by, case=case, action="advice.record")
    errors: dict[str, str] = {}
    if contacted_on is None:
        errors["contacted_on"] = _("Enter the date Advice was contacted")
    _not_future(
        errors, "contacted_on", contacted_on, _("The date of the contact must be today or in the past")
    )
    adviser, question, advice = _text(adviser), _text(question), _text(advice)
    if not adviser:
        errors["adviser"] = _("Enter the name of the adviser")
    if not question:
        errors["question"] = _("Say what was asked")
    if not advice:
        errors["advice"] = _("Say what advice was given")
    _raise(errors)
    contact = AdviceContact.objects.create(
        case=case,
        contacted_on=contacted_on,
        adviser=adviser,
        question=question,
        advice=advice,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="advice.recorded",
        obj=contact,
        case=case,
        after=audit.snapshot(contact, ["contacted_on", "adviser", "question", "advice"]),
    )
    return contact


@transaction.atomic
def add_advice_action(
    *, advice: AdviceContact, action: str, owner: Any, due_on: dt.date, by: User
) -> AdviceAction:
    authorize(by=by, case=advice.case, action="advice.add_action")
    errors: dict[str, str] = {}
    action = _text(action)
    if not action:
        errors["action"] = _("Say what will be done")
    case = advice.case
    if owner is None or not people_in(case.organisation).filter(pk=owner.pk).exists():
        errors["owner"] = _("Choose who will do it, from the organisation")
    elif case.exclusions.filter(user=owner).exists():
        errors["owner"] = _("That person is excluded from this case for a conflict of interest")
    if due_on is None:
        errors["due_on"] = _("Enter the date it is due")
    _raise(errors)
    item = AdviceAction.objects.create(advice=advice, action=action, owner=owner, due_on=due_on)
    audit.record(
        by=by,
        action="advice.action_added",
        obj=item,
        case=case,
        after={
            "advice": advice.pk,
            "action": action,
            "owner": owner.display_name,
            "due_on": due_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def close_advice_action(*, action: AdviceAction, outcome: str, by: User) -> AdviceAction:
    authorize(by=by, case=action.advice.case, action="advice.close_action")
    action = AdviceAction.objects.select_for_update().select_related("advice__case").get(pk=action.pk)
    if action.closed_at is not None:
        raise ValidationError(_("This action is already closed."))
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": _("Enter the outcome of the action")})
    action.outcome = outcome
    action.closed_at = timezone.now()
    action.closed_by = by
    action.save(update_fields=["outcome", "closed_at", "closed_by"])
    audit.record(
        by=by,
        action="advice.action_closed",
        obj=action,
        case=action.advice.case,
        before={"closed": False},
        after={"closed": True, "outcome": outcome},
    )
    return action


# ---- regulator referrals ----------------------------------------------------------------------------------


def regulators_for(practitioner: Practitioner) -> list[str]:
    """The regulators a referral of this practitioner can go to (GMC, GDC or GPhC, by profession)."""
    allowed: set[Regulator] = REGULATORS_FOR_PROFESSION.get(Profession(practitioner.profession), set())
    return [r.value for r in REFERRAL_REGULATORS if r in allowed]


@transaction.atomic
def record_regulator_referral(
    *,
    case: Case,
    regulator: str,
    referred_on: dt.date,
    reasons: str,
    systemic_factors: str,
    induction: str,
    impartial_check: str,
    by: User,
) -> RegulatorReferral:
    """Record a referral to the regulator: refused until the GMC's three fairness questions are answered."""
    authorize(by=by, case=case, action="referral.record")
    errors: dict[str, str] = {}
    allowed = regulators_for(case.practitioner)
    if regulator not in allowed:
        names = ", ".join(str(Regulator(r).label) for r in allowed) or _("none of the GMC, GDC or GPhC")
        errors["regulator"] = _("Choose the regulator of this practitioner's profession: %(names)s") % {
            "names": names
        }
    if referred_on is None:
        errors["referred_on"] = _("Enter the date of the referral")
    _not_future(
        errors, "referred_on", referred_on, _("The date of the referral must be today or in the past")
    )
    values = {
        "reasons": (_text(reasons), _("Give the reasons for the referral")),
        "systemic_factors": (
            _text(systemic_factors),
            _("Answer the fairness question: what systemic or environmental factors were considered"),
        ),
        "induction": (
            _text(induction),
            _(
                "Answer the fairness question: what induction and support the practitioner had, "
                "especially if new to the UK or the NHS"
            ),
        ),
        "impartial_check": (
            _text(impartial_check),
            _("Answer the fairness question: who checked the decision impartially, and their view"),
        ),
    }
    for field, (value, message) in values.items():
        if not value:
            errors[field] = message
    _raise(errors)
    referral = RegulatorReferral.objects.create(
        case=case,
        regulator=regulator,
        referred_on=referred_on,
        recorded_by=by,
        **{field: value for field, (value, _message) in values.items()},
    )
    audit.record(
        by=by,
        action="regulator_referral.recorded",
        obj=referral,
        case=case,
        after=audit.snapshot(
            referral,
            ["regulator", "referred_on", "reasons", "systemic_factors", "induction", "impartial_check"],
        ),
    )
    return referral
