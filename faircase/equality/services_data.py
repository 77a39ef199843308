"""Writes for practitioners' equality data. Each service is one transaction, takes an explicit actor (`by`) and
writes its audit event inside it. Reading someone's equality data is audited too (`record_data_viewed`).

The audit events name the practitioner and which answers changed, never the answers themselves: the audit
trail is read more widely than the equality data, so it must not become a second copy of it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faircase.cases.models import Practitioner
from faircase.core import audit
from faircase.core.audit import ActorLike

from .choices import AgeBand, Disability, EthnicCategory, Pmq, Sex
from .models import EqualityRecord

ANSWER_FIELDS = {
    "ethnicity": EthnicCategory,
    "sex": Sex,
    "age_band": AgeBand,
    "disability": Disability,
    "pmq": Pmq,
    "source": EqualityRecord.Source,
}
REQUIRED_MESSAGES = {
    "ethnicity": _("Choose the practitioner's ethnic group, or 'Not stated' or 'Not known'"),
    "sex": _("Choose the practitioner's sex, or 'Prefer not to say' or 'Not known'"),
    "age_band": _("Choose the practitioner's age band, or 'Prefer not to say' or 'Not known'"),
    "disability": _("Say whether the practitioner is disabled, or choose 'Prefer not to say' or 'Not known'"),
    "pmq": _(
        "Choose where the practitioner gained their primary qualification, or 'Prefer not to say' or 'Not known'"
    ),
    "source": _("Say where these answers come from"),
}


def pmq_from_practitioner(practitioner: Practitioner) -> str:
    """The place of primary qualification the case team recorded, as an equality answer (for a new record)."""
    region = practitioner.qualification_region
    return region if region in Pmq.values else ""


def _check(answers: dict[str, str]) -> None:
    errors = {}
    for name, choices in ANSWER_FIELDS.items():
        if answers.get(name) not in choices.values:
            errors[name] = REQUIRED_MESSAGES[name]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_equality_data(
    *,
    practitioner: Practitioner,
    ethnicity: str,
    sex: str,
    age_band: str,
    disability: str,
    pmq: str,
    source: str,
    by: ActorLike,
) -> EqualityRecord:
    """Record or change a practitioner's equality data. "Prefer not to say" and "not known" are answers."""
    answers = {
        "ethnicity": ethnicity,
        "sex": sex,
        "age_band": age_band,
        "disability": disability,
        "pmq": pmq,
        "source": source,
    }
    _check(answers)
    actor = audit.as_actor(by)
    existing = EqualityRecord.objects.select_for_update().filter(practitioner=practitioner).first()
    created = existing is None
    record = EqualityRecord(practitioner=practitioner) if existing is None else existing
    changed = sorted(name for name, value in answers.items() if created or getattr(record, name) != value)
    if not changed:
        return record
    for name, value in answers.items():
        setattr(record, name, value)
    record.updated_by = actor.user if actor.user is not None else practitioner_updater(record)
    record.updated_at = timezone.now()
    record.save()
    audit.record(
        by=actor,
        action="equality.data_recorded" if created else "equality.data_changed",
        obj=practitioner,
        organisation=practitioner.organisation,
        detail={"practitioner": practitioner.full_name, "answers_changed": changed},
    )
    return record


def practitioner_updater(record: EqualityRecord) -> Any:
    """`updated_by` must be a user: a system actor may only change a record a person made."""
    if record.updated_by_id is None:
        raise ValidationError("Equality data is recorded by a signed-in person.")
    return record.updated_by


@transaction.atomic
def record_data_viewed(*, practitioner: Practitioner, by: ActorLike) -> None:
    """Someone was shown a practitioner's equality data (the form with its answers)."""
    audit.record(
        by=by,
        action="equality.data_viewed",
        obj=practitioner,
        organisation=practitioner.organisation,
        detail={"practitioner": practitioner.full_name},
    )
