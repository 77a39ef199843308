"""Imports of workforce baselines and historic cases, from the command line and from the pages.

Each import is all-or-nothing: the file is read as a stream and checked row by row; while no problem has been
found the rows are written in batches inside one transaction, and the first problem stops the writing (the
rest of the file is still checked, so every problem is reported) and rolls everything back at the end. An
accepted file leaves an `ImportBatch` (who, when, the file's name and SHA-256, how many rows) and an audit
event in the same transaction; a refused one changes nothing and leaves only an audit event saying so.
A dry run checks the file the same way and writes nothing, not even an audit event.

The pages show a preview (a dry run) before importing historic cases, so the uploaded file is kept between
the two requests: `stage_upload` saves it under a random token in a private directory
(`settings.FAIRCASE_IMPORT_DIR`, by default `faircase-imports` in the system's temporary directory), and it is
removed once imported, cancelled, or a day old.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.accounts.models import Organisation
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.core.formatting import counted, pluralise

from . import selectors_data
from .importers import (
    CASE_COLUMNS,
    STAGE_COLUMNS,
    WORKFORCE_COLUMNS,
    CaseChecker,
    CaseRow,
    ImportFileError,
    Problems,
    Table,
    WorkforceChecker,
    WorkforceRow,
    file_sha256,
)
from .models import HistoricCase, ImportBatch, WorkforceBaseline

WRITE_BATCH = 2000  # rows checked against the database and written together
STAGED_LIFETIME_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class ImportRejected(Exception):
    """The file was refused whole: `problems` names each bad value by line and column."""

    def __init__(self, problems: Problems, *, filename: str):
        self.problems = problems
        self.filename = filename
        super().__init__(
            _("%(file)s: %(problems)s. Nothing was imported.")
            % {"file": filename, "problems": problems.summary()}
        )


# ---- results -----------------------------------------------------------------------------------------------


def _checked(result: WorkforceImportResult | CaseImportResult, what: str, span: str) -> str:
    """A dry run's summary (the command line's --dry-run)."""
    return ngettext(
        "Checked %(file)s: %(what)s for %(organisation)s%(span)s is ready to import. Nothing was imported (dry run).",
        "Checked %(file)s: %(what)s for %(organisation)s%(span)s are ready to import. Nothing was imported (dry run).",
        result.rows,
    ) % {"file": result.filename, "what": what, "organisation": result.organisation.name, "span": span}


@dataclass
class WorkforceImportResult:
    organisation: Organisation
    filename: str
    sha256: str
    rows: int
    keys: list[tuple[str, str, str]]
    replaced: int
    dry_run: bool
    batch: ImportBatch | None = None

    def summary(self) -> str:
        what = pluralise(self.rows, counted("workforce headcount", "workforce headcounts"))
        periods = sorted({k[0] for k in self.keys})
        span = f" ({', '.join(periods)})" if periods else ""
        if self.dry_run:
            return _checked(self, what, span)
        words = {"what": what, "organisation": self.organisation.name, "span": span, "file": self.filename}
        if self.replaced:
            return _(
                "Imported %(what)s for %(organisation)s%(span)s from %(file)s; they replace %(replaced)s."
            ) % {
                **words,
                "replaced": pluralise(self.replaced, counted("earlier headcount", "earlier headcounts")),
            }
        return _("Imported %(what)s for %(organisation)s%(span)s from %(file)s.") % words


@dataclass
class CaseImportResult:
    organisation: Organisation
    filename: str
    sha256: str
    dry_run: bool
    rows: int = 0
    practitioners: int = 0
    by_period: Counter[str] = field(default_factory=Counter)
    by_profession: Counter[str] = field(default_factory=Counter)
    by_stage: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)  # rows with not_stated / not_known, by dimension
    batch: ImportBatch | None = None

    def summary(self) -> str:
        what = pluralise(self.rows, counted("historic case", "historic cases"))
        periods = sorted(self.by_period)
        span = ""
        if len(periods) == 1:
            span = f" ({periods[0]})"
        elif periods:
            between = _("%(first)s to %(last)s") % {"first": periods[0], "last": periods[-1]}
            span = f" ({between})"
        if self.dry_run:
            return _checked(self, what, span)
        return _("Imported %(what)s for %(organisation)s%(span)s from %(file)s.") % {
            "what": what,
            "organisation": self.organisation.name,
            "span": span,
            "file": self.filename,
        }


class _CaseTally:
    def __init__(self, result: CaseImportResult):
        self.result = result
        self._keys: set[str] = set()

    def add(self, row: CaseRow) -> None:
        result = self.result
        result.rows += 1
        result.by_period[row.period] += 1
        result.by_profession[row.profession] += 1
        for stage in STAGE_COLUMNS:
            if getattr(row, stage):
                result.by_stage[stage] += 1
        for dimension in ("ethnicity", "pmq", "sex", "age_band", "disability"):
            if getattr(row, dimension) in ("not_stated", "not_known"):
                result.missing[dimension] += 1
        self._keys.add(row.practitioner_key)
        result.practitioners = len(self._keys)


# ---- workforce baselines ---------------------------------------------------------------------------------


def import_workforce(
    *,
    organisation: Organisation,
    file: IO[bytes],
    filename: str,
    by: ActorLike,
    dry_run: bool = False,
    source: str = "command",
) -> WorkforceImportResult:
    """Import a workforce baseline file for one organisation. A later file for the same period, profession
    and dimension replaces those headcounts (the earlier batch stays on record). Raises ImportFileError or
    ImportRejected, having changed nothing."""
    actor = audit.as_actor(by)
    sha256 = file_sha256(file)
    problems = Problems()
    refusal = {"kind": ImportBatch.Kind.WORKFORCE, "filename": filename, "sha256": sha256, "source": source}
    with _refusal_recorded(organisation=organisation, by=actor, dry_run=dry_run, **refusal):
        table = Table(file, columns=WORKFORCE_COLUMNS)
        checker = WorkforceChecker()
        rows: list[WorkforceRow] = []
        for line, values in table.rows(problems):
            row = checker.check(line, values, problems)
            if row is not None:
                rows.append(row)
        if problems:
            raise ImportRejected(problems, filename=filename)
    keys = sorted({row.key for row in rows})
    if dry_run:
        held = selectors_data.baseline_keys_held(organisation, set(keys))
        return WorkforceImportResult(
            organisation, filename, sha256, len(rows), keys, sum(held.values()), True
        )
    return _write_workforce(
        organisation=organisation,
        rows=rows,
        keys=keys,
        filename=filename,
        sha256=sha256,
        actor=actor,
        source=source,
    )


@transaction.atomic
def _write_workforce(
    *,
    organisation: Organisation,
    rows: list[WorkforceRow],
    keys: list[tuple[str, str, str]],
    filename: str,
    sha256: str,
    actor: audit.Actor,
    source: str,
) -> WorkforceImportResult:
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=ImportBatch.Kind.WORKFORCE,
        filename=filename[:255],
        sha256=sha256,
        rows=len(rows),
        imported_by=actor.user,
    )
    replaced = 0
    for period, profession, dimension in keys:
        deleted, _ = WorkforceBaseline.objects.filter(
            organisation=organisation, period=period, profession=profession, dimension=dimension
        ).delete()
        replaced += deleted
    WorkforceBaseline.objects.bulk_create(
        [
            WorkforceBaseline(
                organisation=organisation,
                period=row.period,
                profession=row.profession,
                dimension=row.dimension,
                group=row.group,
                headcount=row.headcount,
                batch=batch,
            )
            for row in rows
        ],
        batch_size=WRITE_BATCH,
    )
    audit.record(
        by=actor,
        action="equality.workforce_imported",
        obj=batch,
        organisation=organisation,
        after={
            "file": batch.filename,
            "sha256": sha256,
            "rows": len(rows),
            "replaced": replaced,
            "covers": [f"{p} {pr} {d}" for p, pr, d in keys],
        },
        detail={"source": source},
    )
    return WorkforceImportResult(organisation, filename, sha256, len(rows), keys, replaced, False, batch)


# ---- historic cases --------------------------------------------------------------------------------------


def import_cases(
    *,
    organisation: Organisation,
    file: IO[bytes],
    filename: str,
    by: ActorLike,
    dry_run: bool = False,
    source: str = "command",
    today: dt.date | None = None,
) -> CaseImportResult:
    """Import a historic cases file (CSV or XLSX) for one organisation, streaming it: rows are checked one by
    one and written in batches. A reference the organisation already holds, or one repeated in the file, is
    refused. Raises ImportFileError or ImportRejected, having changed nothing; a dry run never writes."""
    actor = audit.as_actor(by)
    sha256 = file_sha256(file)
    result = CaseImportResult(organisation, filename, sha256, dry_run)

    def read_and_write() -> None:
        _read_and_write_cases(
            organisation=organisation,
            file=file,
            result=result,
            actor=actor,
            source=source,
            today=today or timezone.localdate(),
        )

    refusal = {"kind": ImportBatch.Kind.CASES, "filename": filename, "sha256": sha256, "source": source}
    with _refusal_recorded(organisation=organisation, by=actor, dry_run=dry_run, **refusal):
        if dry_run:
            read_and_write()  # writes nothing: no transaction, no lock
        else:
            with transaction.atomic():
                read_and_write()
    return result


def _read_and_write_cases(
    *,
    organisation: Organisation,
    file: IO[bytes],
    result: CaseImportResult,
    actor: audit.Actor,
    source: str,
    today: dt.date,
) -> None:
    """Inside the import's transaction. Raises ImportRejected at the end when any row had a problem."""
    problems = Problems()
    table = Table(file, columns=CASE_COLUMNS)
    checker = CaseChecker(today=today)
    tally = _CaseTally(result)
    batch = None
    if not result.dry_run:
        batch = ImportBatch.objects.create(
            organisation=organisation,
            kind=ImportBatch.Kind.CASES,
            filename=result.filename[:255],
            sha256=result.sha256,
            rows=0,
            imported_by=actor.user,
        )
    pending: list[CaseRow] = []

    def flush() -> None:
        held = selectors_data.historic_references_held(organisation, [r.reference for r in pending])
        for row in pending:
            if row.reference in held:
                problems.add(
                    row.line,
                    "reference",
                    _("'%(reference)s' is already held for %(organisation)s: it was imported before")
                    % {"reference": row.reference, "organisation": organisation.name},
                )
            else:
                tally.add(row)
        if batch is not None and not problems:
            HistoricCase.objects.bulk_create(
                [_historic_case(row, organisation=organisation, batch=batch) for row in pending],
                batch_size=WRITE_BATCH,
            )
        pending.clear()

    for line, values in table.rows(problems):
        row = checker.check(line, values, problems)
        if row is not None:
            pending.append(row)
            if len(pending) >= WRITE_BATCH:
                flush()
    flush()
    if problems:
        raise ImportRejected(problems, filename=result.filename)
    if batch is None:
        return
    batch.rows = result.rows
    batch.save(update_fields=["rows"])
    result.batch = batch
    audit.record(
        by=actor,
        action="equality.cases_imported",
        obj=batch,
        organisation=organisation,
        after={
            "file": batch.filename,
            "sha256": result.sha256,
            "rows": result.rows,
            "practitioners": result.practitioners,
            "periods": dict(sorted(result.by_period.items())),
        },
        detail={"source": source},
    )


def _historic_case(row: CaseRow, *, organisation: Organisation, batch: ImportBatch) -> HistoricCase:
    return HistoricCase(
        organisation=organisation,
        reference=row.reference,
        practitioner_key=row.practitioner_key,
        profession=row.profession,
        date_raised=row.date_raised,
        period=row.period,
        ethnicity=row.ethnicity,
        pmq=row.pmq,
        sex=row.sex,
        age_band=row.age_band,
        disability=row.disability,
        formal_investigation=row.formal_investigation,
        exclusion=row.exclusion,
        sanction=row.sanction,
        regulator_referral=row.regulator_referral,
        batch=batch,
    )


# ---- refusals ----------------------------------------------------------------------------------------------


@contextmanager
def _refusal_recorded(*, dry_run: bool, **refusal: Any) -> Iterator[None]:
    """Let a refused file through as its exception, having audited the refusal (a dry run leaves no trace)."""
    try:
        yield
    except (ImportFileError, ImportRejected) as error:
        if not dry_run:
            _record_refusal(error=error, **refusal)
        raise


@transaction.atomic
def _record_refusal(
    *,
    organisation: Organisation,
    kind: str,
    filename: str,
    sha256: str,
    error: Exception,
    by: audit.Actor,
    source: str,
) -> None:
    detail: dict[str, Any] = {"kind": kind, "file": filename[:255], "sha256": sha256, "source": source}
    if isinstance(error, ImportRejected):
        detail.update(problems=error.problems.total, rows_with_problems=error.problems.rows)
    else:
        detail["reason"] = str(error)
    audit.record(
        by=by,
        action="equality.import_refused",
        object_type="equality.importbatch",
        object_id="",
        organisation=organisation,
        detail=detail,
    )


# ---- files kept between the preview and the import ---------------------------------------------------------


@dataclass(frozen=True)
class StagedFile:
    token: str
    path: Path


def _staging_dir() -> Path:
    configured = getattr(settings, "FAIRCASE_IMPORT_DIR", None)
    directory = Path(configured) if configured else Path(tempfile.gettempdir()) / "faircase-imports"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def stage_upload(upload: Any) -> StagedFile:
    """Keep an uploaded file until it is imported or cancelled. Files more than a day old are removed."""
    directory = _staging_dir()
    _sweep(directory)
    token = secrets.token_urlsafe(24)
    path = directory / f"{token}.upload"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        if hasattr(upload, "chunks"):
            for chunk in upload.chunks():
                out.write(chunk)
        else:
            upload.seek(0)
            shutil.copyfileobj(upload, out)
    return StagedFile(token, path)


def staged_file(token: str, *, sha256: str = "") -> StagedFile | None:
    """The file kept under `token`; None when there is none (or, given `sha256`, when it is not that file)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    path = _staging_dir() / f"{token}.upload"
    if not path.is_file():
        return None
    if sha256:
        with path.open("rb") as file:
            if file_sha256(file) != sha256:
                return None
    return StagedFile(token, path)


def discard_staged(token: str) -> None:
    staged = staged_file(token)
    if staged is not None:
        staged.path.unlink(missing_ok=True)


def _sweep(directory: Path) -> None:
    cutoff = time.time() - STAGED_LIFETIME_SECONDS
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
