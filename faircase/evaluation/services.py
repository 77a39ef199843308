"""Writes of the evaluation: the date an organisation adopted the framework, audited in the same transaction."""

import datetime as dt

from django.db import transaction

from faircase.accounts.models import Organisation
from faircase.core import audit


@transaction.atomic
def set_adoption_date(
    *, organisation: Organisation, adopted_on: dt.date | None, by: audit.ActorLike
) -> Organisation:
    """Record (or clear, with None) when the organisation adopted the framework."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = organisation.framework_adopted_on
    organisation.framework_adopted_on = adopted_on
    organisation.save(update_fields=["framework_adopted_on"])
    audit.record(
        by=by,
        action="evaluation.adoption_date_set",
        obj=organisation,
        organisation=organisation,
        before={"framework_adopted_on": before.isoformat() if before else None},
        after={"framework_adopted_on": adopted_on.isoformat() if adopted_on else None},
    )
    return organisation
