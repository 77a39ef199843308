"""Which settings `faircase` starts with when DJANGO_SETTINGS_MODULE is not set.

Read before Django is imported, so nothing here may import Django or faircase's apps."""

from pathlib import Path

LOCAL_SETTINGS = "faircase.config.settings.local"
PRODUCTION_SETTINGS = "faircase.config.settings.production"

NO_SETTINGS_MESSAGE = (
    "faircase is not running from a source checkout, so it will not guess its settings: set "
    f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS} (and the environment variables README.md lists) and run it again."
)


def is_source_checkout(package_dir: Path) -> bool:
    """A clone of the repository: the package sits beside pyproject.toml and a .git (a folder, or a file in a
    git worktree). An installed copy (site-packages, a container image without .git) is not one."""
    root = package_dir.parent
    return (root / "pyproject.toml").is_file() and (root / ".git").exists()


def default_settings_module(package_dir: Path) -> str | None:
    """The local (demo) settings in a source checkout; None anywhere else, where the caller must refuse rather
    than start a server in demo mode on an SQLite file nobody meant to create."""
    return LOCAL_SETTINGS if is_source_checkout(package_dir) else None
