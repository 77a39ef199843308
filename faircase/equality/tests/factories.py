"""Factories for the equality app's tests (shared by the data/imports and report tests: add, don't rewrite)."""

import datetime as dt

import factory

from faircase.accounts.tests.factories import OrganisationFactory, UserFactory
from faircase.cases.tests.factories import PractitionerFactory
from faircase.equality.choices import period_for
from faircase.equality.models import EqualityRecord, HistoricCase, ImportBatch


class EqualityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityRecord

    practitioner = factory.SubFactory(PractitionerFactory)
    ethnicity = "A"
    sex = "female"
    age_band = "40_49"
    disability = "no"
    pmq = "uk"
    source = EqualityRecord.Source.STAFF_RECORD
    updated_by = factory.SubFactory(UserFactory)


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ImportBatch.Kind.WORKFORCE
    filename = "baseline.csv"
    sha256 = "0" * 64
    rows = 0


class HistoricCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HistoricCase

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"HIST-{n:05d}")
    practitioner_key = factory.Sequence(lambda n: f"P-{n:05d}")
    profession = "doctor"
    date_raised = dt.date(2025, 6, 2)
    period = factory.LazyAttribute(lambda c: period_for(c.date_raised))
    ethnicity = "white"
    pmq = "uk"
    sex = "female"
    age_band = "40_49"
    disability = "no"
    formal_investigation = False
    exclusion = False
    sanction = False
    regulator_referral = False
    batch = factory.SubFactory(
        ImportBatchFactory, organisation=factory.SelfAttribute("..organisation"), kind=ImportBatch.Kind.CASES
    )
