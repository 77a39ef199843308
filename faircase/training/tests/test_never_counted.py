"""Training is never counted with cases (ADR 25): its tables point at no case, and adding learners' attempts,
completions and a session's answers leaves the equality report, the consistency lens, the case list, search and
the surveys exactly as they were."""

import pytest
from django.apps import apps
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.casefile import search
from faircase.cases import selectors as case_selectors
from faircase.consistency import selectors as consistency_selectors
from faircase.consistency.tests.factories import closed_case
from faircase.equality import reports
from faircase.practitioners import surveys
from faircase.training.models import StageAnswer
from faircase.training.tests.factories import a_study, completed, session_with_answers

pytestmark = pytest.mark.django_db


def test_no_training_table_points_at_case_data():
    for model in apps.get_app_config("training").get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is not None:
                assert field.related_model._meta.app_label in {"accounts", "training"}, (model, field.name)


def _financial_year() -> str:
    today = timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}-{str(start + 1)[2:]}"


def _everything_counted(organisation, case, case_manager) -> dict:
    year = timezone.localdate().year
    report = reports.build_report(
        organisations=[organisation],
        period=_financial_year(),
        profession="doctor",
        dimension="ethnicity",
        stage="formal_investigation",
    )
    return {
        "equality": reports.report_as_json(report),
        "consistency": repr(consistency_selectors.comparison_for(case, case_manager)),
        "case list": list(case_selectors.case_list(case_manager).values_list("pk", flat=True)),
        "search": [r.case.pk for r in search.search_cases(case_manager, case.reference).results],
        "experience": surveys.experience_results(organisation, year=year),
        "confidence": surveys.confidence_results(organisation, year=year),
    }


def test_training_changes_no_statistic_list_or_search(organisation, case, case_manager):
    closed_case(organisation=organisation, by=case_manager)
    before = _everything_counted(organisation, case, case_manager)

    learners = [member(organisation, "case_investigator", username=f"learner-{n}") for n in range(4)]
    session_with_answers(organisation, case_manager, learners)
    for learner in learners:
        completed(organisation, learner, a_study("locum-upsw"))
    assert StageAnswer.objects.count() > len(learners)

    assert _everything_counted(organisation, case, case_manager) == before
