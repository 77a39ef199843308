"""The shipped support directory and the plain-English description of each process (faircase/data/support)."""

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SUPPORT_DIR = Path(__file__).resolve().parents[1] / "data" / "support"


@cache
def directory_entries() -> tuple[dict[str, Any], ...]:
    with (SUPPORT_DIR / "directory.yaml").open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["entries"]
    for entry in entries:
        if not isinstance(entry["last_checked_on"], dt.date):
            entry["last_checked_on"] = dt.date.fromisoformat(str(entry["last_checked_on"]))
    return tuple(entries)


NATIONAL_FIELDS = ("name", "description", "contact", "website", "professions", "nations", "last_checked_on")
WELSH_FIELDS = ("name_cy", "description_cy", "contact_cy")


def sync_national_directory(support_entry_model: Any) -> None:
    """Bring the installed national entries up to the shipped directory (migrations pass their historical
    model). An organisation's own entries are left alone."""
    for entry in directory_entries():
        fields = {name: entry[name] for name in NATIONAL_FIELDS}
        # An earlier migration's historical model has no Welsh columns yet.
        known = {f.name for f in support_entry_model._meta.get_fields()}
        fields.update({name: entry.get(name) or "" for name in WELSH_FIELDS if name in known})
        support_entry_model.objects.update_or_create(organisation=None, key=entry["key"], defaults=fields)


@cache
def processes() -> dict[str, dict[str, str]]:
    with (SUPPORT_DIR / "processes.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["processes"]


def process_for(policy: str) -> dict[str, str]:
    """The process's name and what it means, in plain English; a general fallback for an unknown key."""
    return processes().get(policy) or processes()["local"]
