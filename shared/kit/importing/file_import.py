"""A department file imported: its sheets located, their rows read into the outbox in chunks
(importing.run), the error report written and the run logged (without cell values)."""
import gc
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg
import structlog

from shared.kit.department import Department
from shared.kit.importing.header_rows import located_sheets
from shared.kit.importing.read_sheet import read_sheet
from shared.kit.importing.report import default_report, write_report
from shared.kit.importing.run import ImportRun
from shared.kit.importing.summary import ImportRefused, ImportSummary
from shared.kit.spreadsheet.files.reading import read_tables
from shared.kit.spreadsheet.files.table import FileRefused, Table
from shared.kit.spreadsheet.header.located import Located
from shared.kit.spreadsheet.rows.results import RowError

log = structlog.get_logger(__name__)
CHUNK_ROWS = 2000


async def import_file(dept: Department, path: Path, *, pool: asyncpg.Pool | None, key_secret: str | None = None,
                      layout: str | None = None, report: Path | None = None, chunk_rows: int = CHUNK_ROWS,
                      on_progress: Callable[[int, int | None], None] | None = None) -> ImportSummary:
    """Import `path` into `dept`'s outbox through `pool` (shared.db.create_pool with the department's
    schema); without a pool, a dry run that only checks the rows.
    Raises ImportRefused for a file that cannot be read or has no matching header row."""
    started = time.perf_counter()
    summary = ImportSummary(path, report or default_report(path), dry_run=pool is None)
    tables = _tables(path, summary)
    found = located_sheets(dept, tables, layout, summary)
    run = ImportRun(dept, pool, key_secret, summary, chunk_rows)
    if pool is not None:
        await run.start(hashlib.sha256(path.read_bytes()).digest())
    await _read_sheets(dept, found, run, on_progress)
    await run.finish()
    for lines in (summary.errors, summary.skipped, summary.warnings):
        lines.sort(key=summary.place)
    write_report(summary, len(tables) > 1)
    summary.seconds = time.perf_counter() - started
    log.info("import_finished", department=dept.code, file=path.name, layout=summary.layout, rows=summary.rows,
             published=summary.published, already=summary.already, bad_rows=summary.bad_rows,
             skipped_rows=len(summary.skipped), skipped_sheets=len(summary.skipped_sheets),
             cut_ids=len(summary.cut_ids), dry_run=summary.dry_run, seconds=round(summary.seconds, 2))
    return summary


def _tables(path: Path, summary: ImportSummary) -> list[Table]:
    """Raises ImportRefused (the report written) for a file that cannot be read."""
    try:
        return read_tables(path)
    except FileRefused as exc:
        summary.errors = [RowError(0, "", "", str(exc))]
        write_report(summary, several=False)
        raise ImportRefused(str(exc), summary) from None


async def _read_sheets(dept: Department, found: list[tuple[Table, Located]], run: ImportRun, on_progress) -> None:
    # Rows make no reference cycles, but the run keeps every event ID: the cyclic collector would
    # rescan that growing heap again and again (about a tenth of a large import's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for table, located in found:
            await read_sheet(dept, table, located, run, on_progress)
        await run.cut()
        await run.wait()
    except BaseException:
        run.abandon()
        raise
    finally:
        if collecting:
            gc.enable()
