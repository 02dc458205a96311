"""Import of a department's spreadsheet: every good row becomes a canonical event in the
department's outbox, every bad row a line of the error report written beside the file.

Rows reach the database in chunks, each chunk in one transaction with the ledger of accepted
events and the run's progress, written while the next chunk is read. Each row's event ID comes from its natural key, so running the
same file again (or a re-export, or a run killed half-way) publishes only what is missing.
Cell values never reach a log line: the report is for the department's own staff.
"""
import asyncio
import csv
import gc
import hashlib
import time
from collections.abc import Callable
from itertools import chain
from dataclasses import dataclass, field, replace
from pathlib import Path

import asyncpg
import structlog

from shared.kit.store import import_runs, ledger
from shared.kit.department import Department
from shared.kit.header import HeaderNotFound, Located, locate
from shared.kit.rows import RowError, RowEvent, RowReader, Skipped
from shared.kit.sheets import FileRefused, Table, read_tables

log = structlog.get_logger(__name__)
CHUNK_ROWS = 2000
REPORT_COLUMNS = ("row", "column", "value", "reason")  # with "sheet" first for a workbook of several sheets


@dataclass
class ImportSummary:
    file: Path
    report: Path
    dry_run: bool
    layout: str = ""
    title: str = ""
    rows: int = 0  # data rows that are not blank
    published: int = 0  # events new to this department (in a dry run: events that would be sent)
    already: int = 0  # events an earlier import or post had already published
    repeated: int = 0  # rows that repeat an earlier row of this file exactly
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # totals, signature and footer rows (not bad rows)
    warnings: list[RowError] = field(default_factory=list)  # rows imported that the department should check
    cut_ids: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row): ID looks cut by a spreadsheet
    sheets: list[str] = field(default_factory=list)  # sheets read, in workbook order (a CSV: none)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why it was not read)
    ignored_columns: list[str] = field(default_factory=list)
    resumed_after_rows: int | None = None  # the previous run of this file stopped after this many rows
    event_ids: list[str] = field(default_factory=list)  # of the rows accepted, in file order
    waiting: int = 0  # events still in the outbox at the end (Kafka unreachable): the service publishes them
    seconds: float = 0.0

    def place(self, line: RowError) -> tuple[int, int]:
        """Sort key of a report line: sheets not read first, then by sheet in workbook order and row."""
        return (self.sheets.index(line.sheet) if line.sheet in self.sheets else -1, line.row)

    @property
    def bad_rows(self) -> int:
        return len({(e.sheet, e.row) for e in self.errors})


class ImportRefused(Exception):
    """The file as a whole could not be imported; nothing was published. The summary holds the report."""

    def __init__(self, message: str, summary: ImportSummary):
        super().__init__(message)
        self.summary = summary


def default_report(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


async def import_file(dept: Department, path: Path, *, pool: asyncpg.Pool | None, key_secret: str | None = None,
                      layout: str | None = None, report: Path | None = None, chunk_rows: int = CHUNK_ROWS,
                      on_progress: Callable[[int, int | None], None] | None = None) -> ImportSummary:
    """Import `path` into `dept`'s outbox through `pool` (shared.db.create_pool with the department's
    schema); without a pool, a dry run that only checks the rows.
    Raises ImportRefused for a file that cannot be read or has no matching header row."""
    started = time.perf_counter()
    summary = ImportSummary(path, report or default_report(path), dry_run=pool is None)
    try:
        tables = read_tables(path)
    except FileRefused as exc:
        summary.errors = [RowError(0, "", "", str(exc))]
        _write_report(summary, several=False)
        raise ImportRefused(str(exc), summary) from None
    several = len(tables) > 1
    found, refusals = _locate_sheets(dept, tables, layout, summary)
    if not found:
        _write_report(summary, several)
        message = refusals[0][1] if not several else "no sheet of the workbook has a known header row; " + \
            "; ".join(f"{sheet}: {why}" for sheet, why in refusals + summary.skipped_sheets)
        raise ImportRefused(message, summary)
    layouts = list(dict.fromkeys((f.layout.name, f.layout.title) for _, f in found))
    summary.layout, summary.title = ", ".join(n for n, _ in layouts), "、".join(t for _, t in layouts)
    summary.ignored_columns = list(dict.fromkeys(h for _, f in found for h in f.ignored))
    run = _Run(dept, pool, key_secret, summary, chunk_rows)
    if pool is not None:
        await run.start(hashlib.sha256(path.read_bytes()).digest())
    # Rows make no reference cycles, but the run keeps every event ID: the cyclic collector would
    # rescan that growing heap again and again (about a tenth of a large import's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for table, located in found:
            await _read_sheet(dept, table, located, run, on_progress)
        await run.cut()
        await run.wait()
    except BaseException:
        run.abandon()
        raise
    finally:
        if collecting:
            gc.enable()
    await run.finish()
    for lines in (summary.errors, summary.skipped, summary.warnings):
        lines.sort(key=summary.place)
    _write_report(summary, several)
    summary.seconds = time.perf_counter() - started
    log.info("import_finished", department=dept.code, file=path.name, layout=summary.layout, rows=summary.rows,
             published=summary.published, already=summary.already, bad_rows=summary.bad_rows,
             skipped_rows=len(summary.skipped), skipped_sheets=len(summary.skipped_sheets),
             cut_ids=len(summary.cut_ids), dry_run=summary.dry_run, seconds=round(summary.seconds, 2))
    return summary


def _locate_sheets(dept: Department, tables: list[Table], layout: str | None,
                   summary: ImportSummary) -> tuple[list[tuple[Table, Located]], list[tuple[str, str]]]:
    """The sheets with a recognised header row, and (sheet, why) for those that nearly fit a
    layout (a required column missing): an error of the file, since their rows are not imported.
    A sheet with no known header at all (notes, an empty Sheet2), hidden or a chart, is skipped and named."""
    found, refused = [], []
    for table in tables:
        sheet = table.sheet or ""
        if table.not_data:
            _skip_sheet(summary, sheet, table.not_data)
            continue
        try:
            found.append((table, locate(table.rows, dept.layouts, layout, table.merged)))
            summary.sheets.append(sheet)
        except HeaderNotFound as exc:
            if exc.row is None and len(tables) > 1:  # no header of any layout: not a data sheet
                _skip_sheet(summary, sheet, "empty" if not table.total else str(exc))
                continue
            refused.append((sheet, str(exc)))
            summary.errors += [RowError(exc.row, header, "", "required column not found", sheet)
                               for header in exc.missing] or [RowError(exc.row or 0, "", "", str(exc), sheet)]
    return found, refused


def _skip_sheet(summary: ImportSummary, sheet: str, why: str) -> None:
    summary.skipped_sheets.append((sheet, why))
    summary.skipped.append(RowError(0, "", sheet, f"sheet skipped: {why}", sheet))


async def _read_sheet(dept: Department, table: Table, located: Located, run: "_Run", on_progress) -> None:
    summary, sheet = run.summary, table.sheet or ""
    reader = RowReader(dept.code, dept.source, located.layout, located.positions, located.headers)
    for n, cells in chain(located.rest, table.rows):
        result = reader.read(n, cells)
        if result is None:
            continue
        if isinstance(result, Skipped):
            summary.skipped.append(RowError(n, "", result.value, result.reason, sheet))
            continue
        summary.rows += 1
        if isinstance(result, list):
            summary.errors.extend([replace(e, sheet=sheet) for e in result] if sheet else result)
        else:
            if result.warning is not None:
                summary.warnings.append(replace(result.warning, sheet=sheet))
            run.add(result, sheet)
        if len(run.chunk) >= run.chunk_rows:
            await run.cut()
        elif summary.rows % 250 == 0:
            await asyncio.sleep(0)  # lets the chunk in flight take its next step
        if on_progress and summary.rows % 1000 == 0:
            on_progress(n, table.total)
    summary.cut_ids += [(sheet, n) for n in reader.cut_ids]


class _Run:
    """The database side of one import: in-file repeats, chunks through the ledger, progress."""

    def __init__(self, dept: Department, pool, key_secret: str | None, summary: ImportSummary, chunk_rows: int):
        self.dept, self.pool, self.key_secret, self.summary = dept, pool, key_secret, summary
        self.seen: dict[str, tuple[bytes, tuple[str, int]]] = {}  # event ID -> (content hash, first (sheet, row))
        self.chunk: list = []  # ((sheet, row number), RowEvent, Outgoing)
        self.chunk_rows = chunk_rows
        self.in_flight: asyncio.Task | None = None  # the chunk being written
        self.import_id: int | None = None

    async def start(self, file_sha256: bytes) -> None:
        async with self.pool.acquire() as conn:
            self.import_id, unfinished = await import_runs.start_import(conn, self.summary.file.name,
                                                                  file_sha256, self.summary.layout)
        if unfinished is not None:
            self.summary.resumed_after_rows = unfinished["rows_read"]

    def add(self, row: RowEvent, sheet: str = "") -> None:
        out = ledger.outgoing(self.dept.code, row.event, self.key_secret, row.resident_id)
        at = (sheet, row.row)
        first = self.seen.setdefault(out.event_id, (out.sha256, at))
        if first[1] != at:
            if first[0] == out.sha256:
                self.summary.repeated += 1
            else:
                where = f"row {first[1][1]}" + (f" of sheet {first[1][0]}" if first[1][0] != sheet else "")
                self.summary.errors.append(RowError(row.row, "", "", f"same {row.key_text} as {where} but "
                                                                     "other values", sheet))
            return
        self.chunk.append((at, row, out))

    async def cut(self) -> None:
        """Hand the rows gathered so far to the database and go on reading: PostgreSQL works on
        one chunk on the other core while this one parses the next."""
        await self.wait()
        chunk, self.chunk = self.chunk, []
        if self.pool is None:
            self.summary.published += len(chunk)
            self.summary.event_ids += [out.event_id for _, _, out in chunk]
        elif chunk:
            self.in_flight = asyncio.create_task(self._write(chunk, self.summary.rows))

    async def wait(self) -> None:
        if self.in_flight is not None:
            task, self.in_flight = self.in_flight, None
            await task

    def abandon(self) -> None:
        if self.in_flight is not None:
            self.in_flight.cancel()

    async def _write(self, chunk: list, rows_read: int) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            # No wait for the WAL flush: a chunk lost with the server's last unflushed commits is
            # imported again by the next run under the same event IDs, and a copy the relay had
            # already sent is a duplicate to the monitor.
            await conn.execute("SET LOCAL synchronous_commit = off")
            new, conflicts = await ledger.publish(conn, [out for _, _, out in chunk], via="import")
            self.summary.published += len(new)
            self.summary.already += len(chunk) - len(new) - len(conflicts)
            await import_runs.import_progress(conn, self.import_id, rows_read, self.summary.published,
                                        self.summary.already)
        for (sheet, n), row, out in chunk:
            if out.event_id in conflicts:
                self.summary.errors.append(RowError(n, "", "", f"an event with the same {row.key_text} was published "
                                                               "before with other values; a changed row cannot be "
                                                               "sent again under the same key", sheet))
            else:
                self.summary.event_ids.append(out.event_id)

    async def finish(self) -> None:
        if self.pool is not None:
            async with self.pool.acquire() as conn:
                await import_runs.finish_import(conn, self.import_id, self.summary.bad_rows)


def _write_report(summary: ImportSummary, several: bool) -> None:
    """Bad rows, then rows imported with a warning and rows skipped (totals, footers, sheets not
    read), each with the reason saying which it is; a workbook of several sheets adds the sheet."""
    lines = sorted(summary.errors + summary.warnings + summary.skipped, key=summary.place)
    # UTF-8 with BOM: Excel on Chinese Windows opens it with the right characters.
    with open(summary.report, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(("sheet", *REPORT_COLUMNS) if several else REPORT_COLUMNS)
        for e in lines:
            writer.writerow((e.sheet, e.row, e.column, e.value, e.reason) if several else
                            (e.row, e.column, e.value, e.reason))
