"""The case study files: the shipped ones are sound and cover what the brief asks, and each kind of fault in a
file is refused with a message naming the file and the field."""

import copy
import re
from pathlib import Path

import pytest
import yaml
from django.test import override_settings

from faircase.policy.choices import Policy
from faircase.training import studies
from faircase.training.studies import StudyFileError, parse_study, studies_for, studies_in, study_for

NATIONAL = studies_in(studies.NATIONAL_DIR, "national")


def test_the_national_studies_cover_every_profession_setting_nation_and_policy_pack():
    assert len(NATIONAL) >= 6
    assert {s.profession for s in NATIONAL} == set(studies.PROFESSIONS)
    assert {s.care for s in NATIONAL} == set(studies.CARE)
    assert {s.nation for s in NATIONAL} == set(studies.NATIONS)
    assert {s.policy for s in NATIONAL} == set(Policy.values)


def test_every_stage_asks_national_considerations_and_the_authors_choose_one_of_its_options():
    for study in NATIONAL:
        assert len(study.stages) >= 2, study.key
        for stage in study.stages:
            assert set(stage.considerations) <= studies.national_codes()
            assert stage.option(stage.would_choose) is not None
            assert stage.discussion and stage.reasoning and stage.facts


def _valid() -> dict:
    return yaml.safe_load((studies.NATIONAL_DIR / "night-registrar-mhps.yaml").read_text(encoding="utf-8"))


def _stage(data: dict) -> dict:
    return data["stages"][0]


def _set(path: list, value):
    def change(data: dict) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
PATH = Path("my-study.yaml")

FAULTS = [
    ("wrong format", _set(["format"], "faircase-letters/1"), "format", "a study file starts with"),
    ("missing field", _set(["summary"], _DELETE), "summary", "is missing"),
    ("unknown field", _set(["author"], "Someone"), "author", "is not a field here"),
    ("empty text", _set(["title"], "   "), "title", "write some text"),
    ("bad key", _set(["key"], "Night Registrar"), "key", "lower-case letters"),
    ("unknown profession", _set(["profession"], "nurse"), "profession", "'nurse' is not one of doctor"),
    ("unknown nation", _set(["nation"], "scotland"), "nation", "'scotland' is not one of"),
    ("unknown policy", _set(["policy"], "mhps"), "policy", "'mhps' is not one of mhps_england"),
    ("no stages", _set(["stages"], []), "stages", "at least one entry"),
    (
        "unknown consideration",
        _set(["stages", 0, "considerations"], ["UI1", "XX9"]),
        "stages[1].considerations[2]",
        "'XX9' is not a consideration of the national starter set",
    ),
    (
        "consideration asked twice",
        _set(["stages", 0, "considerations"], ["UI1", "UI1"]),
        "stages[1].considerations[2]",
        "'UI1' is asked twice",
    ),
    (
        "one option",
        _set(["stages", 0, "decision", "options"], [{"key": "only", "label": "Only"}]),
        "stages[1].decision.options",
        "at least two options",
    ),
    (
        "option used twice",
        _set(["stages", 0, "decision", "options"], [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]),
        "stages[1].decision.options[2].key",
        "'a' is used twice",
    ),
    (
        "authors choose no option",
        _set(["stages", 0, "authors_view", "would_choose"], "elope"),
        "stages[1].authors_view.would_choose",
        "'elope' is not one of",
    ),
    (
        "a stage that is not a set of fields",
        _set(["stages", 0], "just words"),
        "stages[1]",
        "must be a set of 'name: value' fields",
    ),
    (
        "Welsh that is not text",
        _set(["stages", 0, "title_cy"], ""),
        "stages[1].title_cy",
        "write some text",
    ),
    (
        "Welsh discussion points that do not match the English",
        _set(["stages", 0, "authors_view", "discussion_cy"], ["Un pwynt yn unig"]),
        "stages[1].authors_view.discussion_cy",
        "one point in Welsh for each point",
    ),
    (
        "a discussion point without words",
        _set(["stages", 0, "authors_view", "discussion"], ["Fine", ""]),
        "stages[1].authors_view.discussion[2]",
        "write some text",
    ),
]


@pytest.mark.parametrize(("kind", "change", "field", "message"), FAULTS, ids=[f[0] for f in FAULTS])
def test_each_fault_is_refused_naming_the_file_and_field(kind, change, field, message):
    data = copy.deepcopy(_valid())
    change(data)
    with pytest.raises(StudyFileError) as refused:
        parse_study(yaml.safe_dump(data, sort_keys=False), PATH)
    assert refused.value.field == field
    assert message in refused.value.message
    assert str(refused.value).startswith(f"my-study.yaml, field '{field}': ")


def test_a_stage_key_used_twice_is_refused():
    data = _valid()
    data["stages"][1]["key"] = data["stages"][0]["key"]
    with pytest.raises(StudyFileError, match=r"stages\[2\]\.key.*used twice"):
        parse_study(yaml.safe_dump(data), PATH)


def test_text_that_is_not_yaml_is_refused_with_its_line():
    with pytest.raises(StudyFileError, match=re.escape("my-study.yaml: is not readable YAML near line 2")):
        parse_study("format: x\n  - : [\n", PATH)


def test_a_file_too_large_or_not_utf8_is_refused(tmp_path, settings):
    settings.FAIRCASE_YAML_MAX_BYTES = 100
    big = tmp_path / "big.yaml"
    big.write_text("format: " + "x" * 200, encoding="utf-8")
    with pytest.raises(
        StudyFileError, match=re.escape("big.yaml: The file could not be read: it is larger than")
    ):
        studies.read_study(big)
    settings.FAIRCASE_YAML_MAX_BYTES = 512 * 1024
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caf\xe9".encode("latin-1"))
    with pytest.raises(StudyFileError, match=re.escape("latin.yaml: could not be read as a UTF-8 text file")):
        studies.read_study(latin)


def _write(folder: Path, name: str, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_an_organisations_own_folder_adds_its_studies_for_it_alone(tmp_path):
    own = _valid() | {"key": "our-own-study", "title": "Our own study"}
    _write(tmp_path / "riverside", "ours.yaml", own)
    with override_settings(FAIRCASE_TRAINING_STUDY_DIRS={"riverside": str(tmp_path / "riverside")}):
        assert study_for("riverside", "our-own-study").source == "local"
        assert study_for("northvale", "our-own-study") is None
        assert len(studies_for("northvale")) == len(NATIONAL)


def test_a_study_whose_key_repeats_a_national_one_is_refused(tmp_path):
    _write(tmp_path / "all", "copy.yaml", _valid())
    with (
        override_settings(FAIRCASE_TRAINING_STUDY_DIRS={"*": str(tmp_path / "all")}),
        pytest.raises(StudyFileError, match="two studies use the key 'night-registrar-mhps'"),
    ):
        studies_for("riverside")


def test_a_folder_that_is_not_there_is_named(tmp_path):
    with (
        override_settings(FAIRCASE_TRAINING_STUDY_DIRS={"*": str(tmp_path / "missing")}),
        pytest.raises(StudyFileError, match="missing: is not a folder faircase can read"),
    ):
        studies_for("riverside")


def test_the_start_up_check_names_a_faulty_study(tmp_path):
    from faircase.training.checks import study_files_are_sound

    assert study_files_are_sound() == []
    broken = _valid() | {"key": "broken", "policy": "nowhere"}
    _write(tmp_path / "riverside", "broken.yaml", broken)
    with override_settings(FAIRCASE_TRAINING_STUDY_DIRS={"riverside": str(tmp_path / "riverside")}):
        [error] = study_files_are_sound()
    assert error.msg.startswith("broken.yaml, field 'policy': 'nowhere' is not one of")


def test_every_national_study_has_welsh_for_what_a_learner_reads():
    for study in NATIONAL:
        assert study.title_cy and study.summary_cy, study.key
        for stage in study.stages:
            assert stage.title_cy and stage.question_cy, (study.key, stage.key)
            assert len(stage.facts_cy) == len(stage.facts), (study.key, stage.key)
            assert len(stage.reasoning_cy) == len(stage.reasoning), (study.key, stage.key)
            assert len(stage.discussion_cy) == len(stage.discussion), (study.key, stage.key)
            assert all(option.label_cy for option in stage.options), (study.key, stage.key)


def test_a_welsh_reader_reads_a_study_in_welsh_and_the_english_stays_without_it():
    from django.utils import translation

    with translation.override("cy"):
        welsh = study_for("riverside", "gp-family-practitioner-ni")
        texts = studies.consideration_texts()
        setting = welsh.setting_label if welsh else ""
    assert welsh is not None and welsh.title == "Amau atgyfeiriadau meddyg teulu"
    assert welsh.stages[0].title == "Honiad gan feddyg ymgynghorol"
    assert welsh.stages[1].title == "Beth mae'r cofnodion yn ei ddangos"
    assert welsh.stages[0].options[0].label == "Penderfynu ymchwilio'n ffurfiol ar unwaith"
    assert setting == "Meddyg, gofal sylfaenol, Gogledd Iwerddon"
    assert texts["WS2"].startswith("Mae unigolyn cyswllt a enwir")
    with translation.override("en"):
        english = study_for("riverside", "gp-family-practitioner-ni")
    assert english is not None and english.title == "A GP's referrals questioned"
    assert english.stages[0].options[0].label == "Decide to investigate formally at once"


def test_a_study_without_welsh_is_read_in_english_by_a_welsh_reader():
    data = _valid()
    for key in ("title_cy", "summary_cy"):
        data.pop(key)
    for stage in data["stages"]:
        for key in ("title_cy", "facts_cy"):
            stage.pop(key)
    study = parse_study(yaml.safe_dump(data, sort_keys=False), PATH).in_language("cy")
    assert study.title == data["title"]
    assert study.stages[0].title == data["stages"][0]["title"]
    assert study.stages[0].question == data["stages"][0]["decision"]["question_cy"]
