"""The measures file: checked on read, and the user guide defines every measure in its words."""

from pathlib import Path

import pytest

from faircase.evaluation.definitions import measure_definitions, parse
from faircase.evaluation.measures import COUNTED

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "user-guide.md"


def test_the_shipped_file_names_every_measure_the_code_counts():
    assert [m.key for m in measure_definitions()] == list(COUNTED)


def test_the_user_guide_defines_every_measure_as_the_file_words_it():
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    for measure in measure_definitions():
        assert f"**{measure.title}.** {measure.definition}" in guide
        assert measure.benefit.title in guide


def _file(**measure):
    item = {
        "key": "deadlines_met",
        "benefit": "b",
        "kind": "share",
        "title": "T",
        "definition": "D",
    } | measure
    return {
        "format": "faircase-evaluation-measures/1",
        "benefits": [{"key": "b", "audience": "A", "title": "B"}],
        "measures": [item],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "something else"}, "must start with format: faircase-evaluation-measures/1"),
        (_file(key="made_up"), "Measure made_up is not one the evaluation counts"),
        (_file(benefit="elsewhere"), "benefit 'elsewhere' is not one of b"),
        (_file(kind="median"), "kind 'median' is not one of share, mean_days"),
        (_file(title=""), "Measure deadlines_met: give its title as text"),
        (_file(), "leaves out"),  # only one of the measures the code counts
    ],
)
def test_a_wrong_file_is_refused_saying_what_is_wrong(data, message):
    counted = ("deadlines_met",) if message != "leaves out" else ("deadlines_met", "portal_use")
    with pytest.raises(ValueError, match=message):
        parse(data, counted=counted)
