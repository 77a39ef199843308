"""Display values for the practitioner's voice and welfare: the staff case-page sections, the practitioner's own
section, the lapse alert and the plain values the disclosable record shows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core.formatting import every, nhs_date, nhs_datetime, pluralise
from faircase.core.languages import localised
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.practitioners.models import (
    DistressEvent,
    OccupationalHealthReferral,
    Submission,
    WelfareContact,
    WelfarePlan,
)
from faircase.practitioners.services_voice import (
    COMPANION_ROLE_LABELS,
    CORRECTION_NOUN,
    KIND_NOUNS,
    voice_links,
)
from faircase.process import clock
from faircase.process.models import Restriction

CRISIS_ADVICE = gettext_lazy(
    "Act first. If a life is at risk, call 999 or the local crisis team. The practitioner can call Samaritans "
    "free on 116 123, at any time. Then record what happened and what you did."
)


def lapse_days_excluded() -> int:
    return int(getattr(settings, "FAIRCASE_WELFARE_LAPSE_DAYS_EXCLUDED", 14))


def _considerations(case: Any, codes: list[str]) -> list[dict[str, str]]:
    from faircase.framework.selectors import current_version

    try:
        version = current_version(case.organisation)
    except LookupError:
        return [{"code": code, "text": ""} for code in codes]
    texts = {c.code: localised(c, "text") for c in version.considerations.filter(code__in=codes)}
    return [{"code": code, "text": texts.get(code, "")} for code in codes]


def submission_in(case: Any, submission_id: Any) -> Submission:
    """One submission of a case the caller has already fetched through a scoped selector, or 404."""
    submission = Submission.objects.of_case(case).filter(pk=submission_id).first()
    if submission is None:
        raise Http404("Not available")
    return submission


def referral_in(case: Any, referral_id: Any) -> OccupationalHealthReferral:
    referral = OccupationalHealthReferral.objects.of_case(case).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def welfare_plan_for(case: Any) -> WelfarePlan | None:
    return WelfarePlan.objects.of_case(case).first()


def _codes_for(kind: str) -> list[str]:
    return voice_links()["submissions"].get(kind, [])


def _ordered(case: Any) -> list[Submission]:
    return list(
        Submission.objects.of_case(case)
        .select_related("acknowledged_by", "responded_by", "corrects")
        .prefetch_related("corrections")
        .order_by("-submitted_at", "-id")
    )


def acknowledgement(submission: Submission) -> str:
    """The words shown to the practitioner as soon as they send something."""
    when = nhs_datetime(submission.submitted_at)
    date, _at, time = when.partition(" at ")
    noun = CORRECTION_NOUN if submission.corrects_id else KIND_NOUNS[submission.kind]
    return _("We have received %(what)s on %(date)s at %(time)s") % {"what": noun, "date": date, "time": time}


def _title(s: Submission) -> str:
    """What a submission is called: its kind, or what it corrects."""
    kind = s.get_kind_display()
    return _("Correction to: %(kind)s") % {"kind": kind} if s.corrects_id else kind


def _named(s: Submission) -> str:
    """A name for one submission that tells it from the others: what it is and when it was sent."""
    return _("%(what)s, sent %(when)s") % {"what": _title(s), "when": nhs_datetime(s.submitted_at)}


def _corrects(s: Submission) -> str:
    return _("Corrects: %(what)s") % {"what": _named(s.corrects)} if s.corrects_id and s.corrects else ""


def _portal_status(s: Submission) -> dict[str, str]:
    if s.taken_into_account:
        return {
            "tag": _("Answered"),
            "colour": "green",
            "text": _("Answered on %(date)s") % {"date": nhs_date(s.responded_at)},
        }
    if s.acknowledged_at:
        return {
            "tag": _("Acknowledged"),
            "colour": "blue",
            "text": _("Acknowledged by the case team on %(date)s") % {"date": nhs_date(s.acknowledged_at)},
        }
    return {
        "tag": _("Received"),
        "colour": "grey",
        "text": _("Received on %(when)s") % {"when": nhs_datetime(s.submitted_at)},
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _body(s: Submission) -> str:
    if s.kind == Submission.Kind.COMPANION:
        who = (
            f"{s.companion_name}, {_lower_first(_(s.companion_role))}"
            if s.companion_role
            else s.companion_name
        )
        return f"{who}. {s.text}".strip() if s.text else who
    return s.text


# The practitioner's own section -------------------------------------------------------------------------------


def _mine_url(case: Any, s: Submission) -> str:
    return reverse("practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": s.pk})


def portal_line(case: Any, s: Submission) -> dict[str, Any]:
    return {
        "kind": _title(s),
        "link_text": _named(s),
        "submitted_at": nhs_datetime(s.submitted_at),
        "body": _body(s),
        "status": _portal_status(s),
        "taken_into_account": s.taken_into_account,
        "url": _mine_url(case, s),
        "corrects": _corrects(s),
        "corrects_body": _body(s.corrects) if s.corrects_id and s.corrects else "",
        "corrects_url": _mine_url(case, s.corrects) if s.corrects_id and s.corrects else "",
        "corrections": [
            {"named": _named(c), "body": _body(c), "url": _mine_url(case, c)} for c in s.corrections.all()
        ],
        "correct_url": ""
        if case.is_closed
        else reverse("practitioners:voice_correct", kwargs={"case_id": case.pk, "submission_id": s.pk}),
    }


def _distinct_link_texts(lines: list[dict[str, Any]]) -> None:
    """Two submissions sent in the same minute would share a link text: number them so each link says which."""
    seen: dict[str, int] = {}
    for line in lines:
        seen[line["link_text"]] = seen.get(line["link_text"], 0) + 1
    counts = dict(seen)
    for line in reversed(lines):
        text = line["link_text"]
        if counts[text] > 1:
            line["link_text"] = _("%(text)s (%(number)s of %(count)s)") % {
                "text": text,
                "number": seen[text],
                "count": counts[text],
            }
            seen[text] -= 1


def portal_voice_context(case: Any, user: Any) -> dict[str, Any]:
    """For _portal_voice.jinja. `case` must come through faircase.access.guard.own_case_view."""
    lines = [portal_line(case, s) for s in _ordered(case)]
    _distinct_link_texts(lines)
    actions = []
    if not case.is_closed:
        actions = [
            {
                "label": label,
                "url": reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": value}),
            }
            for value, label in [
                (Submission.Kind.ACCOUNT, _("Give your account of what happened")),
                (
                    Submission.Kind.FACTUAL_ACCURACY,
                    _("Comment on the factual accuracy of the investigation report"),
                ),
                (Submission.Kind.ADJUSTMENTS, _("Ask for reasonable adjustments")),
                (Submission.Kind.COMPANION, _("Tell us who will go with you to meetings")),
            ]
        ]
    return {
        "submissions": lines,
        "actions": actions,
        "list_url": reverse("practitioners:voice_my_list", kwargs={"case_id": case.pk}),
    }


CHECK_TITLES = {
    Submission.Kind.ACCOUNT: gettext_lazy("Check your account before you send it"),
    Submission.Kind.FACTUAL_ACCURACY: gettext_lazy("Check your comments before you send them"),
    Submission.Kind.ADJUSTMENTS: gettext_lazy("Check your request before you send it"),
    Submission.Kind.COMPANION: gettext_lazy("Check the name of your companion before you send it"),
}


def check_rows(form: Any, data: dict[str, str], change_url: str) -> list[dict[str, Any]]:
    """The summary list of what will be sent (check your answers): each answer under its question, with a
    link back to its field. `form` is the (unbound) form the answers came from, for its labels."""
    rows = []
    for name, field in form.fields.items():
        value = data.get(name, "")
        if name == "companion_role":
            value = str(COMPANION_ROLE_LABELS.get(value, value))
        label = str(field.label)
        rows.append(
            {
                "key": {"text": label},
                "value": {"text": value or _("Not given")},
                "actions": {
                    "items": [
                        {
                            "href": f"{change_url}#{form[name].auto_id}",
                            "text": _("Change"),
                            "visuallyHiddenText": _lower_first(label),
                        }
                    ]
                },
            }
        )
    return rows


# The staff case page ------------------------------------------------------------------------------------------


def case_voice_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """For _case_voice.jinja: the practitioner's submissions, newest first, each tied to its considerations."""
    can_change = user.has_perm("cases.change_case", case) and not case.is_closed
    lines = []
    for s in _ordered(case):
        considerations = _considerations(case, _codes_for(s.kind))
        lines.append(
            {
                "id": s.pk,
                "kind": _title(s),
                "submitted_at": nhs_datetime(s.submitted_at),
                "body": _body(s),
                "corrects": _corrects(s),
                "corrections": [
                    {"sent": f"Correction sent {nhs_datetime(c.submitted_at)}", "body": _body(c)}
                    for c in sorted(s.corrections.all(), key=lambda c: (c.submitted_at, c.pk))
                ],
                "codes": ", ".join(c["code"] for c in considerations),
                "considerations": considerations,
                "acknowledged": (
                    f"Acknowledged on {nhs_date(s.acknowledged_at)}"
                    + (f" by {s.acknowledged_by.display_name}" if s.acknowledged_by else "")
                    if s.acknowledged_at
                    else ""
                ),
                "taken_into_account": s.taken_into_account,
                "responded": nhs_date(s.responded_at) if s.responded_at else "",
                "acknowledge_url": reverse(
                    "practitioners:voice_acknowledge", kwargs={"case_id": case.pk, "submission_id": s.pk}
                )
                if can_change and s.acknowledged_at is None
                else "",
                "respond_url": reverse(
                    "practitioners:voice_respond", kwargs={"case_id": case.pk, "submission_id": s.pk}
                )
                if can_change
                else "",
            }
        )
    return {"submissions": lines, "can_change": can_change}


def submissions_for_record(case: Any) -> list[dict[str, str]]:
    """The practitioner's submissions as plain values for the disclosable record, oldest first."""
    rows = []
    for s in Submission.objects.of_case(case).select_related("corrects").order_by("submitted_at", "id"):
        rows.append(
            {
                "kind": f"Correction to: {_named(s.corrects)}" if s.corrects else _title(s),
                "submitted_at": nhs_datetime(s.submitted_at),
                "text": _body(s),
                "considerations": ", ".join(_codes_for(s.kind)),
                "acknowledged": nhs_datetime(s.acknowledged_at, empty="Not yet acknowledged"),
                "taken_into_account": s.taken_into_account or "Not yet recorded",
            }
        )
    return rows


# Welfare ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lapse:
    days_since: int
    limit_days: int
    since: dt.date
    excluded: bool
    had_contact: bool

    @property
    def message(self) -> str:
        values = {
            "date": nhs_date(self.since),
            "ago": pluralise(self.days_since, "day"),
            "every": every(self.limit_days, "day"),
        }
        if self.had_contact:
            start = _("The last welfare contact was on %(date)s, %(ago)s ago.") % values
        elif self.excluded:
            start = (
                _(
                    "No welfare contact has been recorded since the exclusion or suspension began on %(date)s, %(ago)s ago."
                )
                % values
            )
        else:
            start = (
                _("No welfare contact has been recorded since the plan was agreed on %(date)s, %(ago)s ago.")
                % values
            )
        why = (
            _("While the practitioner is excluded or suspended, contact is expected at least %(every)s.")
            % values
            if self.excluded
            else _("The agreed contact frequency is %(every)s.") % values
        )
        return f"{start} {why}"


_UNREAD = object()


def welfare_lapse(case: Any, today: dt.date, *, plan: Any = _UNREAD) -> Lapse | None:
    """Contact has lapsed when none has been recorded for longer than the plan's frequency or, while the
    practitioner is excluded or suspended, longer than FAIRCASE_WELFARE_LAPSE_DAYS_EXCLUDED days (14).
    `plan` saves a query when the caller has already read the case's WelfarePlan (or found none)."""
    if case.is_closed:
        return None
    if plan is _UNREAD:
        plan = WelfarePlan.objects.of_case(case).first()
    live_exclusions = list(
        Restriction.objects.of_case(case)
        .filter(kind__in=EXCLUSION_KINDS, ended_on__isnull=True, started_on__lte=today)
        .values_list("started_on", flat=True)
    )
    if plan is None and not live_exclusions:
        return None
    last = (
        WelfareContact.objects.of_case(case).filter(contacted_on__lte=today).order_by("-contacted_on").first()
    )
    last_on = last.contacted_on if last else None
    found = []
    if plan is not None:
        since = last_on or plan.agreed_on
        days = clock.days_since(since, today)
        if days > plan.contact_every_days:
            found.append(
                Lapse(days, plan.contact_every_days, since, excluded=False, had_contact=bool(last_on))
            )
    if live_exclusions:
        # Counted from the start of the exclusion or suspension, or the last contact during it.
        began = min(live_exclusions)
        since = max(last_on, began) if last_on else began
        days = clock.days_since(since, today)
        limit = lapse_days_excluded()
        if days > limit:
            found.append(
                Lapse(days, limit, since, excluded=True, had_contact=bool(last_on and last_on >= began))
            )
    if not found:
        return None
    return max(found, key=lambda lapse: (lapse.days_since - lapse.limit_days, lapse.excluded))


def case_welfare_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """For _case_welfare.jinja: the plan, the alert when contact has lapsed, the contact log, occupational
    health referrals and records of serious distress."""
    can_change = user.has_perm("cases.change_case", case) and not case.is_closed
    plan = WelfarePlan.objects.of_case(case).select_related("named_contact").first()
    links = voice_links()["welfare"]

    def url(name: str, **kwargs: Any) -> str:
        return reverse(f"practitioners:{name}", kwargs={"case_id": case.pk, **kwargs})

    contacts = (
        WelfareContact.objects.of_case(case).select_related("contact_by").order_by("-contacted_on", "-id")
    )
    referrals = OccupationalHealthReferral.objects.of_case(case).order_by("-referred_on", "-id")
    distress = (
        DistressEvent.objects.of_case(case).select_related("recorded_by").order_by("-occurred_on", "-id")
    )
    lapse = welfare_lapse(case, today, plan=plan)
    return {
        "can_change": can_change,
        "plan": {
            "named_contact": plan.named_contact.display_name,
            "every": every(plan.contact_every_days, "day").capitalize(),
            "agreed_on": nhs_date(plan.agreed_on),
            "notes": plan.notes,
        }
        if plan
        else None,
        "lapse": lapse.message if lapse else "",
        "codes": {key: ", ".join(codes) for key, codes in links.items()},
        "contacts": [
            {
                "on": nhs_date(c.contacted_on),
                "who": c.contact_by.display_name,
                "how": c.get_method_display(),
                "raised": c.raised or "Nothing recorded",
            }
            for c in contacts
        ],
        "referrals": [
            {
                "referred_on": nhs_date(r.referred_on),
                "reason": r.reason,
                "outcome": f"{r.outcome} ({nhs_date(r.outcome_on)})" if r.outcome else "Awaiting outcome",
                "outcome_url": url("voice_welfare_oh_outcome", referral_id=r.pk) if can_change else "",
            }
            for r in referrals
        ],
        "distress": [
            {
                "on": nhs_date(d.occurred_on),
                "what": d.what_happened,
                "action": d.action_taken,
                "recorded": f"{d.recorded_by.display_name}, {nhs_datetime(d.recorded_at)}",
            }
            for d in distress
        ],
        "links": {
            "plan": url("voice_welfare_plan"),
            "contact": url("voice_welfare_contact_new"),
            "referral": url("voice_welfare_oh_new"),
        }
        if can_change
        else {},
        # Recording distress is always open to those who may change the case, closed or not.
        "distress_url": url("voice_welfare_distress_new") if user.has_perm("cases.change_case", case) else "",
        "crisis_advice": CRISIS_ADVICE,
    }
