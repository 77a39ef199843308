import datetime as dt

import factory

from faircase.accounts.tests.factories import OrganisationFactory
from faircase.cases import services
from faircase.cases.models import Practitioner


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Dr Imaginary Practitioner {n}")
    profession = "doctor"
    regulator = "gmc"
    registration_number = factory.Sequence(lambda n: f"{7000000 + n}")
    grade = "Consultant"
    specialty = "General medicine"
    setting = "secondary"
    contract_type = "substantive"
    started_on = dt.date(2020, 4, 1)
    induction = "yes"
    induction_on = dt.date(2020, 4, 2)
    qualification_region = "uk"
    qualification_country = "United Kingdom"


def concern_fields(**overrides) -> dict:
    fields = {
        "category": "clinical",
        "source": "incident",
        "severity": "moderate",
        "occurred_on": dt.date(2025, 3, 1),
        "raised_on": dt.date(2025, 3, 3),
        "description": "On 1 March 2025 a discharge summary omitted a change of anticoagulant dose.",
    }
    fields.update(overrides)
    return fields


_counter = iter(range(1, 10**9))


def open_case(*, organisation=None, practitioner=None, by, reference=None, case_manager=None, **kwargs):
    """Open a case through the real service, as the product does."""
    practitioner = practitioner or PractitionerFactory(organisation=organisation)
    organisation = organisation or practitioner.organisation
    return services.open_case(
        organisation=organisation,
        practitioner=practitioner,
        reference=reference or f"FC-{next(_counter):05d}",
        policy=kwargs.pop("policy", "mhps_england"),
        concern=kwargs.pop("concern", concern_fields()),
        by=by,
        case_manager=case_manager,
        **kwargs,
    )


def tell_practitioner(case, by, *, summary="Told the practitioner the outcome at a meeting."):
    """Record that the practitioner was told the outcome, as the closure checklist asks before a case closes."""
    from django.utils import timezone

    from faircase.practitioners import services_comms

    return services_comms.log_communication(
        case=case, channel="meeting", to_practitioner=True, summary=summary, occurred_at=timezone.now(), by=by
    )
