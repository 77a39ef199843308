"""The confidence survey's question, answers and hint in Welsh (survey questions are data: `*_cy` in
faircase/data/support/surveys.yaml), and its English kept for everyone else."""

from django.utils import translation

from faircase.practitioners import surveys
from faircase.practitioners.forms_surveys import ConfidenceForm


def test_the_confidence_survey_reads_in_welsh():
    with translation.override("cy"):
        form = ConfidenceForm()
        assert form.fields["confidence"].label == "Pa mor hyderus ydych chi yn y penderfyniad hwn?"
        assert ("1", "1: Ddim yn hyderus o gwbl") in form.fields["confidence"].choices
        assert form.fields["comments"].label == "Unrhyw beth rydych chi am ei ychwanegu (dewisol)"
        assert form.fields["comments"].help_text.startswith("Peidiwch")


def test_the_confidence_survey_stays_in_english():
    with translation.override("en"):
        form = ConfidenceForm()
        assert form.fields["confidence"].label == "How confident are you in this decision?"
        assert ("1", "1: Not at all confident") in form.fields["confidence"].choices
    assert surveys.confidence_scale()[0] == (1, "Not at all confident")
