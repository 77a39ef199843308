"""A bad step in a whole case is refused with a DemoDataError naming the file, the case and the step: the
services' own checks (the policy's options, the pack's notice and time to appeal, the kinds of document) surface
through the loader. Kept apart from test_whole_cases_demo.py, whose module-wide load would already hold the case."""

import shutil

import pytest

from faircase.demo.data import DATA_DIR, DemoDataError, read_demo_data
from faircase.demo.equality_data import DemoEquality
from faircase.demo.services import load_demo

# ---- a bad step is refused, naming the file, the case and the step ------------------------------------------


@pytest.fixture
def one_story(tmp_path):
    """The demo's organisations and framework with the Riverside whole case alone, to spoil and load."""
    for name in ("organisations.yaml", "framework.yaml", "language.yaml", "cases-whole-riverside.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def spoil(directory, name, old, new):
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(directory):
    no_equality = DemoEquality(seed=1, periods=1, workforce={}, practitioners={})
    return load_demo(data=read_demo_data(directory), equality=no_equality)


def test_a_decision_the_policy_does_not_offer_is_refused_naming_the_step(one_story, db):
    spoil(
        one_story,
        "cases-whole-riverside.yaml",
        "decide_on_report: capability_hearing",
        "decide_on_report: removal",
    )
    with pytest.raises(
        DemoDataError,
        match=r"cases-whole-riverside\.yaml, case RIV-0201, step \d+ \(decide_on_report\): Choose one of the "
        r"decisions open under the case's policy",
    ):
        load(one_story)


def test_a_hearing_without_the_packs_notice_is_refused_naming_the_step(one_story, db):
    spoil(
        one_story, "cases-whole-riverside.yaml", "        held_days_ago: 70\n", "        held_days_ago: 100\n"
    )
    with pytest.raises(
        DemoDataError,
        match=r"cases-whole-riverside\.yaml, case RIV-0201, step \d+ \(hearing\): The pack gives the practitioner",
    ):
        load(one_story)


def test_an_appeal_after_the_packs_time_is_refused_naming_the_step(one_story, db):
    # The appeal, and what follows it, 41 days after the capability hearing's outcome (25 working days allowed).
    path = one_story / "cases-whole-riverside.yaml"
    head, tail = path.read_text(encoding="utf-8").split("      - appeal: true\n")
    for old, new in (("day: 55", "day: 25"), ("day: 54", "day: 24"), ("day: 30", "day: 20")):
        tail = tail.replace(old, new)
    path.write_text(head + "      - appeal: true\n" + tail, encoding="utf-8")
    with pytest.raises(
        DemoDataError,
        match=r"cases-whole-riverside\.yaml, case RIV-0201, step \d+ \(appeal\): The appeal was received after",
    ):
        load(one_story)


def test_a_document_of_no_known_kind_is_refused_naming_the_step(one_story, db):
    spoil(one_story, "cases-whole-riverside.yaml", "        kind: report\n", "        kind: verdict\n")
    with pytest.raises(
        DemoDataError,
        match=r"cases-whole-riverside\.yaml, case RIV-0201, step \d+ \(document\): Choose what kind of document",
    ):
        load(one_story)
