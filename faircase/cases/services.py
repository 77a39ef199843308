"""Writes to cases. Each service is one transaction, takes an explicit actor (`by`) and audits itself."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.access.guard import authorize
from faircase.accounts.roles import CaseRole
from faircase.cases import closure, selectors
from faircase.cases.choices import Outcome
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion, Practitioner, StageMove
from faircase.core import audit
from faircase.core.formatting import pluralise
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.policy.workflow import DEFAULT_WORKFLOW, get_workflow, workflow_for

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User

PRACTITIONER_FIELDS = [
    "full_name",
    "language",
    "profession",
    "regulator",
    "registration_number",
    "grade",
    "specialty",
    "setting",
    "contract_type",
    "started_on",
    "induction",
    "induction_on",
    "qualification_region",
    "qualification_country",
    "email",
]
CONCERN_FIELDS = ["category", "source", "severity", "occurred_on", "raised_on", "description"]


def _validated(instance: Any, *, exclude: list[str] | None = None) -> Any:
    instance.full_clean(exclude=exclude)
    return instance


@transaction.atomic
def create_practitioner(*, organisation: Organisation, by: User, **fields: Any) -> Practitioner:
    practitioner: Practitioner = _validated(Practitioner(organisation=organisation, **fields))
    practitioner.save()
    audit.record(
        by=by,
        action="practitioner.created",
        obj=practitioner,
        organisation=organisation,
        after=audit.snapshot(practitioner, PRACTITIONER_FIELDS),
    )
    return practitioner


@transaction.atomic
def update_practitioner(*, practitioner: Practitioner, by: User, **fields: Any) -> Practitioner:
    practitioner = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    before = audit.snapshot(practitioner, PRACTITIONER_FIELDS)
    for key, value in fields.items():
        setattr(practitioner, key, value)
    _validated(practitioner)
    practitioner.save()
    after = audit.snapshot(practitioner, PRACTITIONER_FIELDS)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit.record(
        by=by,
        action="practitioner.updated",
        obj=practitioner,
        organisation=practitioner.organisation,
        before={k: before[k] for k in changed},
        after=changed,
    )
    return practitioner


def _check_concern(concern: Concern) -> None:
    errors = {}
    today = timezone.localdate()
    if not (concern.description or "").strip():
        errors["description"] = _(
            "Describe what is alleged: what happened, when and the standard it is said not to meet"
        )
    if concern.occurred_on and concern.occurred_on > today:
        errors["occurred_on"] = _("The date it happened must be today or in the past")
    if concern.raised_on and concern.raised_on > today:
        errors["raised_on"] = _("The date it was raised must be today or in the past")
    if concern.occurred_on and concern.raised_on and concern.raised_on < concern.occurred_on:
        errors["raised_on"] = _("The date it was raised must be on or after the date it happened")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_case(
    *,
    organisation: Organisation,
    practitioner: Practitioner,
    reference: str,
    policy: str,
    concern: dict[str, Any],
    by: User,
    patient_safety_incident: bool = False,
    summary: str = "",
    case_manager: Any = None,
    workflow: str = DEFAULT_WORKFLOW,
    opened_at: dt.datetime | None = None,
) -> Case:
    if practitioner.organisation_id != organisation.pk:
        raise ValidationError({"practitioner": _("Choose a practitioner of this organisation")})
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Enter a case reference")})
    if Case.objects.filter(organisation=organisation, reference__iexact=reference).exists():
        raise ValidationError(
            {
                "reference": _("Case reference %(reference)s is already used in this organisation")
                % {"reference": reference}
            }
        )
    # A new case follows the organisation's current version of the policy pack for its policy, and stays on it.
    from faircase.policy.packs import current_version, pack_from_version

    pack_version = current_version(organisation, policy)
    flow = pack_from_version(pack_version).workflow if pack_version else get_workflow(workflow)
    case = Case(
        organisation=organisation,
        practitioner=practitioner,
        reference=reference,
        policy=policy,
        workflow=get_workflow(workflow).key,
        pack_version=pack_version,
        stage=flow.first_stage.code,
        patient_safety_incident=patient_safety_incident,
        summary=summary.strip(),
        opened_by=by,
        opened_at=opened_at or timezone.now(),
    )
    _validated(case, exclude=["being_fair_completed", "outcome"])
    try:
        with transaction.atomic():
            case.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(
            {"reference": _("Case reference %(reference)s is already used") % {"reference": reference}}
        ) from error
    first_concern = Concern(case=case, recorded_by=by, **concern)
    _check_concern(first_concern)
    _validated(first_concern)
    first_concern.save()
    audit.record(
        by=by,
        action="case.opened",
        obj=case,
        case=case,
        after={
            "reference": case.reference,
            "practitioner": practitioner.full_name,
            "policy": policy,
            "policy_pack_version": pack_version.pk if pack_version else None,
            "stage": case.stage,
            "patient_safety_incident": patient_safety_incident,
            "concern": audit.snapshot(first_concern, CONCERN_FIELDS),
        },
    )
    if case_manager is not None:
        name_person(case=case, user=case_manager, role=CaseRole.CASE_MANAGER, by=by)
    return case


@transaction.atomic
def add_concern(*, case: Case, by: User, **fields: Any) -> Concern:
    authorize(by=by, case=case, action="case.add_concern")
    concern = Concern(case=case, recorded_by=by, **fields)
    _check_concern(concern)
    _validated(concern)
    concern.save()
    audit.record(
        by=by, action="concern.added", obj=concern, case=case, after=audit.snapshot(concern, CONCERN_FIELDS)
    )
    return concern


@transaction.atomic
def record_being_fair(*, case: Case, completed: str, by: User) -> Case:
    authorize(by=by, case=case, action="case.being_fair")
    before = case.being_fair_completed
    case.being_fair_completed = completed
    _validated(case)
    case.save(update_fields=["being_fair_completed"])
    audit.record(
        by=by,
        action="case.being_fair_recorded",
        obj=case,
        case=case,
        before={"being_fair_completed": before},
        after={"being_fair_completed": completed},
    )
    return case


@transaction.atomic
def name_person(*, case: Case, user: User, role: str, by: User) -> CaseMember:
    authorize(by=by, case=case, action="case.name_person")
    if role not in CaseRole.values:
        raise ValidationError({"role": _("Choose a role")})
    if ConflictExclusion.objects.filter(case=case, user=user).exists():
        raise ValidationError(
            {
                "user": _("%(name)s is excluded from this case for a conflict of interest")
                % {"name": user.display_name}
            }
        )
    existing = CaseMember.objects.filter(case=case, role=role).select_related("user").first()
    before = {"role": role, "user": existing.user.display_name} if existing else None
    if existing:
        existing.user = user
        existing.named_at = timezone.now()
        existing.save(update_fields=["user", "named_at"])
        member = existing
    else:
        member = CaseMember.objects.create(case=case, user=user, role=role)
    audit.record(
        by=by,
        action="case.person_named",
        obj=member,
        case=case,
        before=before,
        after={"role": role, "user": user.display_name},
    )
    return member


def _open_work_of(case: Case, user: User) -> tuple[list[Any], list[Any]]:
    """The open follow-ups and open actions from Advice on the case that `user` owns."""
    from faircase.framework.models import FollowUp
    from faircase.process.models import AdviceAction

    follow_ups = list(
        FollowUp.objects.of_case(case)
        .select_for_update()
        .filter(owner=user, status=FollowUp.Status.OPEN)
        .select_related("owner", "case")
        .order_by("code", "id")
    )
    actions = list(
        AdviceAction.objects.of_case(case)
        .select_for_update()
        .filter(owner=user, closed_at__isnull=True)
        .order_by("due_on", "id")
    )
    return follow_ups, actions


@transaction.atomic
def exclude_for_conflict(
    *, case: Case, user: User, reason: str, by: User, take_over_by: Any = None
) -> ConflictExclusion:
    """Keep someone away from a case. Whatever open work of the case they own (follow-ups, actions from Advice)
    passes, in the same step, to `take_over_by`: without it the exclusion is refused, so there is never a moment
    when work is owned by someone who can no longer see it, nor one when a conflicted person keeps access while
    their work is being handed on."""
    authorize(by=by, case=case, action="case.manage_conflicts")
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is")})
    if getattr(by, "pk", None) == user.pk:
        raise ValidationError(
            {"user": _("You cannot exclude yourself; ask another case manager to record it")}
        )
    if ConflictExclusion.objects.filter(case=case, user=user).exists():
        raise ValidationError(
            {"user": _("%(name)s is already excluded from this case") % {"name": user.display_name}}
        )
    follow_ups, actions = _open_work_of(case, user)
    if follow_ups or actions:
        owned = [pluralise(len(follow_ups), "open follow-up")] if follow_ups else []
        if actions:
            owned.append(pluralise(len(actions), "open action from Advice"))
        codes = f" ({', '.join(f.code for f in follow_ups)})" if follow_ups else ""
        if take_over_by is None:
            raise ValidationError(
                {
                    "take_over_by": f"{user.display_name} owns {' and '.join(owned)} on this case{codes}: "
                    "choose who takes them over"
                }
            )
        if take_over_by.pk == user.pk:
            raise ValidationError(
                {"take_over_by": _("Choose someone other than the person you are excluding")}
            )
        if problem := framework_selectors.owner_rule(case).problem(take_over_by):
            raise ValidationError({"take_over_by": problem})
    removed = list(CaseMember.objects.filter(case=case, user=user).values_list("role", flat=True))
    CaseMember.objects.filter(case=case, user=user).delete()
    exclusion = ConflictExclusion.objects.create(case=case, user=user, reason=reason.strip(), recorded_by=by)
    audit.record(
        by=by,
        action="case.conflict_excluded",
        obj=exclusion,
        case=case,
        after={"user": user.display_name, "reason": exclusion.reason, "removed_from_roles": removed},
        detail={
            "taken_over_by": take_over_by.display_name,
            "follow_ups": [f.code for f in follow_ups],
            "advice_actions": [a.pk for a in actions],
        }
        if (follow_ups or actions)
        else None,
    )
    for follow_up in follow_ups:
        framework_services.hand_over(follow_up, owner=take_over_by, by=by, why="owner excluded from the case")
    for action in actions:
        action.owner = take_over_by
        action.save(update_fields=["owner"])
        audit.record(
            by=by,
            action="advice.action_reassigned",
            obj=action,
            case=case,
            before={"owner": user.display_name},
            after={"owner": take_over_by.display_name},
            detail={"why": "owner excluded from the case"},
        )
    return exclusion


class MoveRefused(ValidationError):
    pass


def move_requirements(case: Case) -> dict[str, Any]:
    """What a stage move from where the case is now needs: shown before the form and checked by `move_stage`."""
    last = selectors.last_move(case)
    return {
        "commencement_done": framework_selectors.has_completed_commencement(case),
        "review_since_last_move": framework_selectors.latest_completed_review_since(
            case, last.moved_at if last else None
        ),
        "open_follow_ups": framework_selectors.open_follow_ups(case).count(),
    }


@transaction.atomic
def move_stage(
    *,
    case: Case,
    to_stage: str,
    decision: str,
    reasons: str,
    by: User,
    open_follow_ups_reason: str = "",
    outcome: str = "",
    outcome_note: str = "",
) -> StageMove:
    authorize(by=by, case=case, action="case.move_stage")
    case = Case.objects.select_for_update().get(pk=case.pk)
    flow = workflow_for(case)
    move = flow.move(case.stage, to_stage)
    if move is None:
        raise MoveRefused(
            {
                "to_stage": _("A case cannot move from %(stage)s to that stage")
                % {"stage": flow.stage_name(case.stage)}
            }
        )
    needs = move_requirements(case)
    errors: dict[str, str] = {}
    if not needs["commencement_done"]:
        raise MoveRefused(
            "Complete the commencement review of the framework before the case moves on from where it is."
        )
    if needs["review_since_last_move"] is None:
        raise MoveRefused(
            _(
                "Take a framework review for this decision before moving the case: every stage move asks for one."
            )
        )
    if not decision.strip():
        errors["decision"] = _("Enter the decision")
    if not reasons.strip():
        errors["reasons"] = _("Enter the reasons for the decision")
    if needs["open_follow_ups"] and not open_follow_ups_reason.strip():
        errors["open_follow_ups_reason"] = ngettext(
            "There is %(num)s open follow-up: say why the case should move on before it is closed",
            "There are %(num)s open follow-ups: say why the case should move on before they are closed",
            needs["open_follow_ups"],
        ) % {"num": f"{needs['open_follow_ups']:,}"}
    target = flow.stage(to_stage)
    checklist: tuple[Any, ...] = ()
    if target.final:
        if outcome not in Outcome.values:
            errors["outcome"] = _("Choose the outcome of the case")
        # The closure checklist of the case's policy pack: nothing may be left open when the case closes.
        checklist = closure.checklist(case, outcome=outcome)
        problems = closure.open_problems(checklist)
        if problems:
            errors.pop("open_follow_ups_reason", None)  # every open follow-up is listed below, with its page
            raise closure.ClosureRefused(errors, problems)
    if errors:
        raise MoveRefused(errors)
    stage_move = StageMove.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=to_stage,
        decision=decision.strip(),
        reasons=reasons.strip(),
        open_follow_ups_reason=open_follow_ups_reason.strip() if needs["open_follow_ups"] else "",
        open_follow_ups=needs["open_follow_ups"],
        review=needs["review_since_last_move"],
        moved_by=by,
    )
    before = {"stage": case.stage}
    case.stage = to_stage
    update = ["stage"]
    if target.final:
        case.outcome = outcome
        case.outcome_note = outcome_note.strip()
        case.closed_at = stage_move.moved_at
        update += ["outcome", "outcome_note", "closed_at"]
    case.save(update_fields=update)
    audit.record(
        by=by,
        action="case.stage_moved",
        obj=stage_move,
        case=case,
        before=before,
        after={
            "stage": to_stage,
            "decision": stage_move.decision,
            "reasons": stage_move.reasons,
            "open_follow_ups": stage_move.open_follow_ups,
            "open_follow_ups_reason": stage_move.open_follow_ups_reason,
            "review": stage_move.review_id,
            **({"outcome": outcome} if target.final else {}),
        },
        detail={"closure_checklist": [item.check for item in checklist]} if target.final else None,
    )
    return stage_move
