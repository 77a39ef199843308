"""Backup and restore (ADR 33): one file holding a consistent snapshot of the database, the document files that
snapshot names, and a signed manifest; and a restore that checks all of it before it changes anything.

A backup is a tar file (gzip-compressed when its name ends in .gz or .tgz):
    database/faircase.sqlite3 or database/faircase.pgdump   the snapshot
    documents/<storage name>                                  each document version's file
    manifest.json                                             last: sizes and SHA-256s of the above, signed
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from faircase.core import audit, checkpoints, signing
from faircase.core.formatting import pluralise
from faircase.core.models import AuditEvent
from faircase.documents.models import DocumentVersion
from faircase.documents.storage import document_storage

FORMAT = "faircase-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/faircase.sqlite3", "postgresql": "database/faircase.pgdump"}
DOCUMENTS = "documents/"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024  # a manifest lists ~200 bytes per document: room for 300,000
SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024
# Rows the migrations themselves write (the shipped framework, policy packs, letters and support directory):
# a freshly migrated database holds these and still counts as empty. test_a_freshly_migrated_database_is_empty
# fails when a migration starts shipping rows into another table.
SHIPPED_BY_MIGRATIONS = frozenset(
    {
        "framework.frameworkversion",
        "framework.consideration",
        "policy.policypackversion",
        "practitioners.lettertemplate",
        "practitioners.supportentry",
    }
)

type Progress = Callable[[str], None]


class BackupRefused(Exception):
    """Nothing was written or changed: the message says why."""


class RestoreFailed(Exception):
    """The restore changed the database but a check afterwards failed: the message says which."""


def _quiet(message: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------------- backup


@dataclass(frozen=True)
class _Snapshot:
    path: Path
    member: str
    documents: list[tuple[str, str]]  # storage name, SHA-256 recorded when it was stored
    heads: list[checkpoints.ChainHead]
    migrations: list[list[str]]
    newest: tuple[str, int]  # the trail's newest event: its hash and number


def make_backup(*, out: Path, by: audit.ActorLike, progress: Progress = _quiet) -> dict[str, Any]:
    """Write the backup to `out` (which must not exist yet) and return its manifest. Taking a copy of
    everything is recorded first, so the backup's own trail ends with it."""
    out = Path(out)
    if out.exists():
        raise BackupRefused(f"{out} exists already: a backup never overwrites a file. Choose a new name.")
    if not out.parent.is_dir():
        raise BackupRefused(f"The folder {out.parent} does not exist.")
    try:
        key = checkpoints.private_key()
    except checkpoints.CheckpointError as error:
        raise BackupRefused(f"{error} A backup's manifest must be signed.") from error
    compress = out.name.endswith((".gz", ".tgz"))
    with transaction.atomic():
        audit.record(by=by, action="backup.started", object_type="backup", object_id=out.name[:64])
    # The staging folder sits beside the backup, so the finished file is renamed into place (never half there).
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".faircase-backup-") as staging_name:
        staging = Path(staging_name)
        progress(f"Taking a consistent snapshot of the {connection.vendor} database …")
        snapshot = _snapshot(staging)
        partial = staging / "backup.partial"
        members: list[dict[str, Any]] = []
        documents: list[dict[str, Any]] = []
        with tarfile.open(partial, "w:gz" if compress else "w", format=tarfile.PAX_FORMAT) as tar:
            with snapshot.path.open("rb") as database:
                members.append(_add(tar, snapshot.member, database, staging))
            snapshot.path.unlink()
            progress(
                f"Copying {pluralise(len(snapshot.documents), 'document file')} from the documents storage …"
            )
            for storage_name, recorded in snapshot.documents:
                member = DOCUMENTS + storage_name
                members.append(_add_document(tar, storage_name, recorded, member, staging))
                documents.append({"storage_name": storage_name, "member": member, "sha256": recorded})
            newest_hash, newest_number = snapshot.newest
            manifest = signing.sign(
                {
                    "format": FORMAT,
                    "faircase_version": _faircase_version(),
                    "made_at": timezone.now().astimezone(dt.UTC).replace(microsecond=0).isoformat(),
                    "database": {"vendor": connection.vendor, "member": snapshot.member},
                    "migrations": snapshot.migrations,
                    "members": members,
                    "documents": documents,
                    # The newest event, by number (every chain's head is in the checkpoint).
                    "audit": {"head": newest_hash, "count": newest_number},
                    "checkpoint": checkpoints.make_checkpoint(heads=snapshot.heads),
                },
                key,
            )
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(timezone.now().timestamp())
            info.mode = 0o600
            tar.addfile(info, _BytesReader(body))
        partial.chmod(0o600)  # it holds everything faircase holds
        os.replace(partial, out)
    progress(f"Wrote {out}: {pluralise(len(members), 'member')}, {_megabytes(out.stat().st_size)}.")
    return manifest


def _snapshot(staging: Path) -> _Snapshot:
    member = DATABASE_MEMBERS.get(connection.vendor)
    if member is None:
        raise BackupRefused(f"faircase backs up SQLite and PostgreSQL databases, not {connection.vendor}.")
    path = staging / Path(member).name
    if connection.vendor == "sqlite":
        return _sqlite_snapshot(path, member)
    return _postgresql_snapshot(path, member)


def _sqlite_snapshot(path: Path, member: str) -> _Snapshot:
    # SQLite's online backup API copies the database as one consistent state while others keep using it.
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        facts = _facts(copy.execute)
    finally:
        copy.close()
    return _Snapshot(path, member, *facts)


def _postgresql_snapshot(path: Path, member: str) -> _Snapshot:
    # pg_dump is consistent by itself; exporting our own snapshot to it lets us read, from the same moment,
    # which document files the dump names and the audit chain's head.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        _run(
            [
                postgres_tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={path}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            what="pg_dump",
        )

        def execute(sql: str) -> Any:
            cursor.execute(sql)
            return cursor

        facts = _facts(execute)
    return _Snapshot(path, member, *facts)


def _facts(
    execute: Callable[[str], Any],
) -> tuple[list[tuple[str, str]], list[checkpoints.ChainHead], list, tuple[str, int]]:
    versions = DocumentVersion._meta.db_table
    events = AuditEvent._meta.db_table
    by_name = f"SELECT storage_name, sha256 FROM {versions} ORDER BY storage_name"  # noqa: S608 (from the model)
    documents = [(name, sha) for name, sha in execute(by_name).fetchall()]
    # Every chain's head, and the newest event, from the same snapshot as the dump.
    heads = checkpoints.chain_heads(execute)
    last = execute(f"SELECT sequence, hash FROM {events} ORDER BY sequence DESC LIMIT 1").fetchone()  # noqa: S608 (table name from the model)
    newest = (last[1], last[0]) if last else (audit.GENESIS, 0)
    migrations = [list(row) for row in execute("SELECT app, name FROM django_migrations ORDER BY app, name")]
    return documents, heads, migrations, newest


def _add(tar: tarfile.TarFile, name: str, source: IO[bytes], staging: Path) -> dict[str, Any]:
    with _spooled(source, staging) as (spool, size, sha256):
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        tar.addfile(info, spool)
    return {"path": name, "size": size, "sha256": sha256}


def _add_document(
    tar: tarfile.TarFile, storage_name: str, recorded: str, member: str, staging: Path
) -> dict[str, Any]:
    storage = document_storage()
    try:
        source = storage.open(storage_name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise BackupRefused(
            f"The document file {storage_name} that the database names is missing from the documents storage: "
            "no backup was written. Restore it from the storage's own versioning, or ask for help."
        ) from error
    with source:
        entry = _add(tar, member, source, staging)
    if entry["sha256"] != recorded:
        raise BackupRefused(
            f"The document file {storage_name} no longer matches the SHA-256 recorded when it was stored (it has "
            "been changed or damaged): no backup was written."
        )
    return entry


@contextmanager
def _spooled(source: IO[bytes], staging: Path | None) -> Iterator[tuple[IO[bytes], int, str]]:
    digest = hashlib.sha256()
    size = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES, dir=staging) as spool:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        yield spool, size, digest.hexdigest()  # type: ignore[misc]


class _BytesReader:
    def __init__(self, data: bytes):
        self._data = data
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk = self._data[self._at : end]
        self._at += len(chunk)
        return chunk


def _faircase_version() -> str:
    try:
        return metadata.version("faircase")
    except metadata.PackageNotFoundError:
        return "unknown"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


# ---------------------------------------------------------------------------------------------- PostgreSQL


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's own major version: FAIRCASE_PG_BINDIR, then the Debian layout
    /usr/lib/postgresql/<major>/bin (what scripts/with-postgres uses), then pg_config --bindir, then PATH."""
    candidates = []
    if os.environ.get("FAIRCASE_PG_BINDIR"):
        candidates.append(Path(os.environ["FAIRCASE_PG_BINDIR"]) / name)
    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin") / name)
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(  # noqa: S603 (a fixed tool and argument)
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir:
            candidates.append(Path(bindir) / name)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupRefused(
        f"{name} was not found: install the PostgreSQL {major} client tools or set FAIRCASE_PG_BINDIR to their folder."
    )


def _postgres_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], *, what: str) -> None:
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupRefused(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[:2000]}")


# --------------------------------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    documents: int
    events: int


def check_backup(path: Path, *, key: Ed25519PublicKey | None = None) -> dict[str, Any]:
    """Read and check the whole backup without changing anything: its manifest's signature, that every member
    it lists is there with the same size and SHA-256, and nothing else is. Returns the manifest."""
    with _open(path) as tar:
        return _checked(tar, key)


def restore_backup(
    *, path: Path, by: audit.ActorLike, key: Ed25519PublicKey | None = None, progress: Progress = _quiet
) -> Restored:
    """Restore into the database that the settings name, which must hold no data; then put the documents back
    and check the audit chain against the manifest. The restored trail then records the restore itself."""
    with _open(path) as tar:
        progress(f"Checking {path} …")
        manifest = _checked(tar, key)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupRefused(
                f"The backup is of a {vendor} database; DATABASE_URL names a {connection.vendor} one. "
                "Restore into the same kind of database."
            )
        _refuse_unknown_migrations(manifest)
        held = tables_holding_data()
        if held:
            raise BackupRefused(
                "The database DATABASE_URL names holds data (in "
                + ", ".join(held[:5])
                + (f" and {pluralise(len(held) - 5, 'other table')}" if len(held) > 5 else "")
                + "): restore only into an empty database, so nothing is overwritten."
            )
        with tempfile.TemporaryDirectory(prefix="faircase-restore-") as staging_name:
            member = manifest["database"]["member"]
            database = Path(staging_name) / Path(member).name
            _extract_checked(tar, _listed(manifest)[member], database)
            progress(f"Restoring the {vendor} database …")
            if vendor == "sqlite":
                _restore_sqlite(database)
            else:
                _restore_postgresql(database)
        progress(f"Putting back {pluralise(len(manifest['documents']), 'document file')} …")
        problems = [p for document in manifest["documents"] if (p := _put_back(tar, document))]
    progress("Checking the audit trail …")
    problems += _after_restore_problems(manifest, key)
    if problems:
        raise RestoreFailed(
            "The database was restored, but the checks afterwards found "
            + pluralise(len(problems), "problem")
            + ": "
            + "; ".join(problems[:20])
            + "."
        )
    with transaction.atomic():
        audit.record(
            by=by,
            action="backup.restored",
            object_type="backup",
            object_id=Path(path).name[:64],
            detail={"made_at": manifest["made_at"], "events": manifest["audit"]["count"]},
        )
    return Restored(manifest, len(manifest["documents"]), manifest["audit"]["count"])


@contextmanager
def _open(path: Path) -> Iterator[tarfile.TarFile]:
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"There is no backup file at {path}.")
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused(
            f"{path} is damaged or not a faircase backup: it is not a readable tar file."
        ) from error
    try:
        yield tar
    finally:
        tar.close()


def _checked(tar: tarfile.TarFile, key: Ed25519PublicKey | None) -> dict[str, Any]:
    try:
        members = {m.name: m for m in tar.getmembers()}
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused("The backup is damaged or partial: it ends before its last member.") from error
    info = members.get(MANIFEST)
    if info is None or not info.isfile():
        raise BackupRefused("The backup has no manifest.json: it is partial, or not a faircase backup.")
    if info.size > MANIFEST_MAX_BYTES:
        raise BackupRefused("The backup's manifest.json is too large to be one: it is not a faircase backup.")
    try:
        manifest = json.loads(_read_member(tar, info))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupRefused("The backup's manifest.json is not JSON: the backup is damaged.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"The backup's manifest is not a faircase backup manifest ({FORMAT}).")
    public = key or _own_public_key()
    if not signing.signature_is_valid(manifest, public):
        raise BackupRefused(
            "The manifest's signature is not valid: the manifest was changed after the backup was made, or it "
            f"was signed with another key than {signing.key_id(public)}."
        )
    listed = _listed(manifest)
    for name, entry in listed.items():
        member = members.get(name)
        if member is None or not member.isfile():
            raise BackupRefused(f"The backup is partial: {name} is missing from it.")
        if member.size != entry["size"]:
            raise BackupRefused(
                f"The backup is damaged: {name} is {member.size} bytes, the manifest says {entry['size']}."
            )
        if _member_sha256(tar, member) != entry["sha256"]:
            raise BackupRefused(f"The backup is damaged: the SHA-256 of {name} differs from the manifest's.")
    unlisted = sorted(set(members) - set(listed) - {MANIFEST})
    if unlisted:
        raise BackupRefused(
            f"The backup holds {unlisted[0]}, which its manifest does not list: it was changed."
        )
    if manifest["database"]["member"] not in listed:
        raise BackupRefused("The backup's manifest names no database snapshot among its members.")
    return manifest


def _own_public_key() -> Ed25519PublicKey:
    try:
        return checkpoints.public_key()
    except checkpoints.CheckpointError as error:
        raise BackupRefused(f"{error} The manifest's signature cannot be checked.") from error


def _listed(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    try:
        listed = {entry["path"]: entry for entry in manifest["members"]}
        for entry in listed.values():
            if not (isinstance(entry["size"], int) and isinstance(entry["sha256"], str)):
                raise TypeError
        for document in manifest["documents"]:
            if document["member"] not in listed:
                raise KeyError(document["member"])
        for needed in (manifest["database"]["vendor"], manifest["audit"]["count"], manifest["audit"]["head"]):
            if needed is None:
                raise TypeError
    except (KeyError, TypeError) as error:
        raise BackupRefused(
            "The backup's manifest is incomplete: it is not one that faircase wrote."
        ) from error
    return listed


def _read_member(tar: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
    source = tar.extractfile(info)
    if source is None:
        raise BackupRefused(f"The backup is damaged: {info.name} cannot be read.")
    try:
        return source.read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused(f"The backup is damaged or partial: {info.name} cannot be read whole.") from error


def _member_sha256(tar: tarfile.TarFile, info: tarfile.TarInfo) -> str:
    source = tar.extractfile(info)
    if source is None:
        raise BackupRefused(f"The backup is damaged: {info.name} cannot be read.")
    digest = hashlib.sha256()
    try:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused(f"The backup is damaged or partial: {info.name} cannot be read whole.") from error
    return digest.hexdigest()


def _extract_checked(tar: tarfile.TarFile, entry: dict[str, Any], target: Path) -> None:
    # Read again and checked again as it is written out: the file could have changed since it was checked.
    source = tar.extractfile(entry["path"])
    if source is None:
        raise BackupRefused(f"The backup is damaged: {entry['path']} cannot be read.")
    digest = hashlib.sha256()
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry["sha256"]:
        raise BackupRefused(f"The backup changed while it was being restored: {entry['path']} differs now.")


def _refuse_unknown_migrations(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupRefused(
            f"The backup was made by a newer faircase ({manifest.get('faircase_version')}): this one does not "
            f"know its migration {unknown[0]}. Restore it with that version or a later one."
        )


def tables_holding_data() -> list[str]:
    """The faircase tables that hold rows, apart from what the migrations ship: empty for an empty database."""
    existing = set(connection.introspection.table_names())
    held = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.app_config.name.startswith("faircase.") or meta.proxy or not meta.managed:
                continue
            if meta.label_lower in SHIPPED_BY_MIGRATIONS or meta.db_table not in existing:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(meta.db_table)} LIMIT 1")  # noqa: S608 (the table name comes from the model)
            if cursor.fetchone():
                held.append(meta.db_table)
    return sorted(held)


def _restore_sqlite(database: Path) -> None:
    # The backup API writes the snapshot into the open database as one step: the whole file is replaced.
    connection.ensure_connection()
    source = sqlite3.connect(database)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise RestoreFailed(f"SQLite could not write the snapshot into place: {error}.") from error
    finally:
        source.close()


def _restore_postgresql(database: Path) -> None:
    # One transaction: pg_restore either restores everything or leaves the database as it was. --clean
    # --if-exists drops the empty tables that `migrate` made first; --no-owner gives every object to the role
    # DATABASE_URL connects as.
    command = [
        postgres_tool("pg_restore"),
        "--no-owner",
        "--no-acl",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(database),
    ]
    connection.close()  # our own session must hold no lock on the tables pg_restore replaces
    try:
        _run(command, what="pg_restore")
    except BackupRefused as error:
        raise RestoreFailed(f"{error} Nothing was restored.") from error


def _put_back(tar: tarfile.TarFile, document: dict[str, Any]) -> str | None:
    storage = document_storage()
    name = document["storage_name"]
    source = tar.extractfile(document["member"])
    if source is None:
        return f"{document['member']} cannot be read from the backup"
    with _spooled(source, None) as (spool, _size, sha256):
        if sha256 != document["sha256"]:
            return f"{name} differs from its recorded SHA-256 in the backup"
        if storage.exists(name):
            with storage.open(name, "rb") as present, _spooled(present, None) as (_f, _s, present_sha256):
                if present_sha256 != sha256:
                    return f"a different file is already stored as {name}: it was left as it is"
            return None
        saved = storage.save(name, spool)
    if saved != name:
        return f"the documents storage saved {name} as {saved}"
    with storage.open(name, "rb") as stored, _spooled(stored, None) as (_f, _s, stored_sha256):
        if stored_sha256 != document["sha256"]:
            return f"{name} was stored but reads back differently"
    return None


def _after_restore_problems(manifest: dict[str, Any], key: Ed25519PublicKey | None) -> list[str]:
    problems = []
    _checked, fault = audit.verify_chain()
    if fault is not None:
        problems.append(f"the audit trail is broken at {fault}")
    expected = manifest["audit"]
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    head, count = (last.hash, last.sequence) if last else (audit.GENESIS, 0)
    if (head, count) != (expected["head"], expected["count"]):
        problems.append(
            f"the audit trail ends at #{count}, the manifest's at #{expected['count']} (or their heads differ)"
        )
    recorded = sorted(DocumentVersion.objects.values_list("storage_name", "sha256"))
    if recorded != sorted((d["storage_name"], d["sha256"]) for d in manifest["documents"]):
        problems.append("the restored database names other document files than the manifest lists")
    try:
        problems += checkpoints.problems_against(manifest["checkpoint"], key=key)
    except (KeyError, TypeError):
        problems.append("the manifest's audit checkpoint cannot be read")
    return problems
