"""`faircase national export` and `faircase national aggregate`: files written whole, refusals with a reason
that write nothing, and the PDF report read back."""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from faircase.equality.tests.report_helpers import baselines, historic
from faircase.evaluation import national
from faircase.evaluation.national_synthetic import MEASURE_KEYS, synthetic_export


def _run(*args) -> str:
    out = io.StringIO()
    call_command("national", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def exports(tmp_path):
    rng = random.Random(7)
    paths = []
    for n, years in enumerate([["2024-25", "2025-26"], ["2025-26"], ["2025-26"]]):
        path = tmp_path / f"org-{n}.json"
        data = synthetic_export(rng, number=n, years=years, size=400)
        # One dimension is enough here (and keeps the PDF short); the aggregate's tests take them all.
        data["disproportionality"] = [t for t in data["disproportionality"] if t["dimension"] == "ethnicity"]
        path.write_text(json.dumps(data))
        paths.append(path)
    return paths


@pytest.mark.django_db
def test_export_writes_the_organisation_s_file(organisation, tmp_path):
    baselines(organisation, {"white": 600, "black": 90})
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    out = tmp_path / "riverside.json"
    said = _run(
        "export", "--org", "riverside", "--from", "2025-04-01", "--to", "2026-03-31", "--out", str(out)
    )
    assert said == f"Wrote {out}: Riverside Fictional NHS Trust, 1 financial year.\n"
    export = national.parse_export(out.read_text(), name=out.name)
    assert export.organisation.ods_code == organisation.ods_code and export.period.years == ["2025-26"]
    assert [p.name for p in tmp_path.iterdir()] == ["riverside.json"]  # nothing staged is left behind


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nowhere"], "No organisation with the slug 'nowhere'. Organisations include: riverside."),
        (["--from", "1 April 2025"], "--from must be a date written as YYYY-MM-DD"),
        (["--to", "2026-02-28"], "An export covers whole financial years"),
        (["--out", "riverside.csv"], "--out must name a .json file"),
        (["--out", "no-such-folder/riverside.json"], "There is no folder"),
    ],
)
def test_export_refuses_bad_arguments_and_writes_nothing(organisation, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    options = {"--org": "riverside", "--from": "2025-04-01", "--to": "2026-03-31", "--out": "riverside.json"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError) as refused:
        _run("export", *[part for pair in options.items() for part in pair])
    assert message in str(refused.value) and str(refused.value).endswith("Nothing was written.")
    assert list(tmp_path.iterdir()) == []


def test_aggregate_prints_the_national_json_and_writes_the_pdf(exports, tmp_path):
    pdf = tmp_path / "national.pdf"
    result = json.loads(_run("aggregate", *map(str, exports), "--json", "--out", str(pdf)))
    assert [o["ods_code"] for o in result["organisations"]] == ["Z0000", "Z0001", "Z0002"]
    assert result["years"] == ["2024-25", "2025-26"]
    assert {m["key"] for m in result["measures"]} == set(MEASURE_KEYS)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "National evaluation and disproportionality report" in text
    assert "Imaginary Vale Health Organisation 2" in text and "Funnel plots" in text
    first = result["measures"][0]
    assert f"{first['numerator']['known']:,}" in text


def test_aggregate_prints_the_measures_totals(exports):
    said = _run("aggregate", *map(str, exports))
    assert said.startswith("3 exports merged: 2024-25, 2025-26.\n")
    assert "deadlines_met: " in said


def _version_two(data):
    data["schema_version"] = 2


def _not_a_nation(data):
    data["organisation"]["nation"] = "atlantis"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_version_two, "is an export of schema version 2; this faircase reads version 1"),
        (_not_a_nation, "at organisation.nation: 'atlantis' is not a nation"),
        ("{not json", "is not JSON"),
        (
            "duplicate",
            "are both exports of Imaginary Vale Health Organisation 1 (Z0001) and both cover 2025-26",
        ),
    ],
)
def test_aggregate_refuses_a_bad_file_and_writes_nothing(exports, tmp_path, spoil, message):
    bad = tmp_path / "bad.json"
    if spoil == "duplicate":
        bad.write_text(exports[1].read_text())
    elif isinstance(spoil, str):
        bad.write_text(spoil)
    else:
        data = json.loads(exports[1].read_text())
        spoil(data)
        bad.write_text(json.dumps(data))
    pdf = tmp_path / "national.pdf"
    with pytest.raises(CommandError) as refused:
        _run("aggregate", *map(str, exports), str(bad), "--out", str(pdf))
    assert message in str(refused.value) and "Nothing was written." in str(refused.value)
    assert "bad.json" in str(refused.value)
    assert not pdf.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.json", "org-0.json", "org-1.json", "org-2.json"
    ]  # fmt: skip


def test_aggregate_refuses_a_file_too_large_or_missing(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (national.MAX_EXPORT_BYTES + 1))
    with pytest.raises(CommandError, match=r"huge\.json: The file could not be read: it is larger than 8 MB"):
        _run("aggregate", str(huge))
    with pytest.raises(CommandError, match="There is no file"):
        _run("aggregate", str(tmp_path / "missing.json"))
