"""`faircase framework export` and `faircase framework import`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from faircase.__main__ import main
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.framework import presenters_admin, selectors, services
from faircase.framework.models import Consideration, FrameworkVersion
from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE
from faircase.framework.yamlformat import parse


@pytest.fixture
def national(db):
    return FrameworkVersion.objects.get(organisation__isnull=True)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("framework", *args, stdout=out)
    return out.getvalue()


def counts():
    return FrameworkVersion.objects.count(), Consideration.objects.count(), AuditEvent.objects.count()


def fields(version):
    return [
        (c.code, c.principle, c.text, c.guidance, list(c.review_points), c.retired)
        for c in selectors.considerations_in(version)
    ]


def adapted(organisation):
    admin = member(organisation, "org_admin")
    draft = services.start_adaptation(organisation=organisation, by=admin)
    services.add_consideration(
        version=draft,
        principle="heard",
        text="An interpreter was offered.",
        guidance="Use the language line.",
        review_points=["commencement"],
        by=admin,
    )
    services.retire_consideration(
        consideration=Consideration.objects.get(version=draft, code="WS6"), by=admin
    )
    return services.publish_draft(version=draft, change_note="Interpreters", by=admin)


# ---- export ----------------------------------------------------------------------------------------------


def test_export_prints_the_national_set_for_an_organisation_that_has_not_adapted_it(organisation, national):
    text = run("export", "--org", organisation.slug)
    spec = parse(text)
    assert spec.title == national.title
    assert [c.code for c in spec.considerations] == [c[0] for c in fields(national)]
    assert "version: 1" in text


def test_export_prints_the_organisations_own_version_once_adapted(organisation):
    version = adapted(organisation)
    text = run("export", "--org", organisation.slug)
    assert f"organisation: {organisation.slug}" in text
    assert "based_on: national version 1" in text
    assert "change_note: Interpreters" in text
    assert "LOCAL-1" in [c.code for c in parse(text).considerations]
    assert version.number == 1


def test_export_writes_a_file_with_out(organisation, tmp_path):
    out = tmp_path / "framework.yaml"
    message = run("export", "--org", organisation.slug, "--out", str(out))
    assert f"to {out}" in message
    assert parse(out.read_text(encoding="utf-8")).title == "faircase national starter set"


def test_export_chooses_an_earlier_version_with_version(organisation):
    first = adapted(organisation)
    admin = member(organisation, "org_admin")
    second = services.start_adaptation(organisation=organisation, by=admin)
    services.add_consideration(version=second, principle="equity", text="Second thoughts.", by=admin)
    services.publish_draft(version=second, change_note="Second", by=admin)
    earlier = parse(run("export", "--org", organisation.slug, "--version", str(first.number)))
    latest = parse(run("export", "--org", organisation.slug))
    assert "LOCAL-2" not in [c.code for c in earlier.considerations]
    assert "LOCAL-2" in [c.code for c in latest.considerations]


def test_export_of_a_version_that_does_not_exist_says_which_exist(organisation):
    adapted(organisation)
    with pytest.raises(CommandError, match=r"has no version 7 \(its versions: 1\)"):
        run("export", "--org", organisation.slug, "--version", "7")


def test_an_unknown_organisation_is_a_clear_error(organisation):
    with pytest.raises(
        CommandError, match=r"No organisation with the slug 'nowhere'\. Organisations: riverside\."
    ):
        run("export", "--org", "nowhere")
    with pytest.raises(CommandError, match="No organisation with the slug 'nowhere'"):
        run("import", "anything.yaml", "--org", "nowhere")


# ---- import ----------------------------------------------------------------------------------------------


def test_import_publishes_a_new_version_and_prints_its_number(organisation, national, tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text(
        presenters_admin.export_text(national).replace(
            "title: faircase national starter set", "title: Riverside framework"
        ),
        encoding="utf-8",
    )
    message = run("import", str(path), "--org", organisation.slug)
    version = selectors.current_version(organisation)
    assert version.organisation == organisation
    assert version.is_published
    assert version.title == "Riverside framework"
    assert f"as version {version.number} " in message
    event = AuditEvent.objects.filter(action="framework.version_imported").get()
    assert event.summary["detail"] == {"source": "command", "file": "ours.yaml"}
    assert event.actor_label.startswith("faircase framework import (command line")


def test_export_then_import_gives_identical_considerations(organisation, other_organisation, tmp_path):
    source = adapted(organisation)
    path = tmp_path / "riverside.yaml"
    run("export", "--org", organisation.slug, "--out", str(path))
    run("import", str(path), "--org", other_organisation.slug)
    copy = selectors.current_version(other_organisation)
    assert copy.organisation == other_organisation
    assert fields(copy) == fields(source)
    assert copy.title == source.title
    assert copy.change_note == source.change_note


def test_a_bad_file_is_refused_with_the_line_and_field_and_nothing_is_saved(organisation, national, tmp_path):
    text = presenters_admin.export_text(national).replace("- code: UI3\n", "- code: ui3\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("code: ui3")].count("\n") + 1
    before = counts()
    with pytest.raises(CommandError) as error:
        run("import", str(path), "--org", organisation.slug)
    assert f"line {line}, field 'code'" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert counts() == before
    assert selectors.current_version(organisation) == national


def test_a_file_that_renames_a_principle_is_refused_as_fixed(organisation, national, tmp_path):
    text = presenters_admin.export_text(national).replace(
        "principle: Adherence to process", "principle: Following the rules"
    )
    path = tmp_path / "renamed.yaml"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        run("import", str(path), "--org", organisation.slug)
    assert "field 'principle': 'Following the rules' would rename 'Adherence to process'" in str(error.value)
    assert FIXED_PRINCIPLES_MESSAGE in str(error.value)
    assert counts() == before


@pytest.mark.parametrize(
    "content",
    ["? [a, b]\n: c\n", "principles: " + "[" * 20_000 + "]" * 20_000 + "\n"],
    ids=["a complex key", "lists nested 20,000 deep"],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_saved(
    organisation, national, tmp_path, content
):
    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        run("import", str(path), "--org", organisation.slug)
    assert "The file could not be read: " in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert counts() == before


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    organisation, national, tmp_path, settings
):
    settings.FAIRCASE_YAML_MAX_BYTES = 4096
    text = presenters_admin.export_text(national)
    assert len(text.encode()) > 4096  # a valid file, refused for its size alone
    path = tmp_path / "large.yaml"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match=r"The file could not be read: it is larger than 4 KB"):
        run("import", str(path), "--org", organisation.slug)
    assert counts() == before


def test_a_missing_file_is_a_clear_error(organisation, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import", str(tmp_path / "absent.yaml"), "--org", organisation.slug)


def test_import_is_refused_while_a_draft_is_open(organisation, national, tmp_path):
    services.start_adaptation(organisation=organisation, by=member(organisation, "org_admin"))
    path = tmp_path / "f.yaml"
    path.write_text(presenters_admin.export_text(national), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match="has a draft adaptation open"):
        run("import", str(path), "--org", organisation.slug)
    assert counts() == before


def test_a_bad_file_exits_non_zero_from_the_command_line(organisation, tmp_path, monkeypatch, capsys):
    # Django closes database connections after a command-line run; keep the test's connection open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "bad.yaml"
    path.write_text("format: faircase-framework/1\ntitle: Bad\n", encoding="utf-8")
    before = counts()
    with pytest.raises(SystemExit) as exit_:
        main(["faircase", "framework", "import", str(path), "--org", organisation.slug])
    assert exit_.value.code == 1
    assert "line 1, field 'principles': is missing" in capsys.readouterr().err
    assert counts() == before


def test_import_takes_a_change_note_instead_of_the_files(organisation, national, tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text(presenters_admin.export_text(national), encoding="utf-8")
    run(
        "import", str(path), "--org", organisation.slug, "--change-note", "The official wording, as published"
    )
    assert selectors.current_version(organisation).change_note == "The official wording, as published"
