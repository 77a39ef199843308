"""`faircase` without DJANGO_SETTINGS_MODULE starts in demo mode only from a source checkout."""

from pathlib import Path

import pytest

import faircase.__main__ as entry_point
from faircase.ops.launch import (
    LOCAL_SETTINGS,
    NO_SETTINGS_MESSAGE,
    PRODUCTION_SETTINGS,
    default_settings_module,
)


def _package(root: Path, *, pyproject: bool, git: str | None) -> Path:
    package = root / "faircase"
    package.mkdir()
    if pyproject:
        (root / "pyproject.toml").write_text("[project]\nname = 'faircase'\n")
    if git == "folder":
        (root / ".git").mkdir()
    elif git == "file":  # a git worktree's .git is a file pointing at the main repository
        (root / ".git").write_text("gitdir: /elsewhere/.git/worktrees/faircase\n")
    return package


@pytest.mark.parametrize("git", ["folder", "file"])
def test_a_source_checkout_defaults_to_the_local_demo_settings(tmp_path, git):
    assert default_settings_module(_package(tmp_path, pyproject=True, git=git)) == LOCAL_SETTINGS


@pytest.mark.parametrize(
    ("pyproject", "git"),
    [(False, None), (True, None), (False, "folder")],
    ids=["site-packages", "unpacked source without git", "git but no project"],
)
def test_anywhere_else_there_is_no_default(tmp_path, pyproject, git):
    assert default_settings_module(_package(tmp_path, pyproject=pyproject, git=git)) is None


def test_this_repository_is_a_checkout():
    assert default_settings_module(Path(entry_point.__file__).resolve().parent) == LOCAL_SETTINGS


def test_faircase_outside_a_checkout_refuses_with_status_2_naming_the_production_settings(
    monkeypatch, capsys
):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.setattr(entry_point, "default_settings_module", lambda package_dir: None)

    with pytest.raises(SystemExit) as exited:
        entry_point.main(["faircase", "serve"])

    assert exited.value.code == 2
    assert capsys.readouterr().err == NO_SETTINGS_MESSAGE + "\n"
    assert f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS}" in NO_SETTINGS_MESSAGE
