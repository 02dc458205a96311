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
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import structlog

from shared.kit import store
from shared.kit.department import Department
from shared.kit.header import locate
from shared.kit.rows import RowError, RowReader
from shared.kit.sheets import FileRefused, read_table

log = structlog.get_logger(__name__)
CHUNK_ROWS = 2000
REPORT_COLUMNS = ("row", "column", "value", "reason")


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
    ignored_columns: list[str] = field(default_factory=list)
    resumed_after_rows: int | None = None  # the previous run of this file stopped after this many rows
    event_ids: list[str] = field(default_factory=list)  # of the rows accepted, in file order
    waiting: int = 0  # events still in the outbox at the end (Kafka unreachable): the service publishes them
    seconds: float = 0.0

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


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
    """Import `path` into `dept`'s outbox; without a pool, a dry run that only checks the rows.
    Raises ImportRefused for a file that cannot be read or has no matching header row."""
    started = time.perf_counter()
    summary = ImportSummary(path, report or default_report(path), dry_run=pool is None)
    try:
        table = read_table(path)
        found = locate(table.rows, dept.layouts, layout)
    except FileRefused as exc:
        missing = getattr(exc, "missing", ())
        summary.errors = [RowError(exc.row or 0, header, "", "required column not found") for header in missing] \
            if missing else [RowError(getattr(exc, "row", None) or 0, "", "", str(exc))]
        _write_report(summary)
        raise ImportRefused(str(exc), summary) from None
    summary.layout, summary.title, summary.ignored_columns = found.layout.name, found.layout.title, found.ignored
    reader = RowReader(dept.code, dept.source, found.layout, found.positions, found.headers)
    run = _Run(dept, pool, key_secret, summary)
    if pool is not None:
        await run.start(hashlib.sha256(path.read_bytes()).digest())
    # Rows make no reference cycles, but the run keeps every event ID: the cyclic collector would
    # rescan that growing heap again and again (about a tenth of a large import's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for n, cells in table.rows:
            result = reader.read(n, cells)
            if result is None:
                continue
            summary.rows += 1
            if isinstance(result, list):
                summary.errors.extend(result)
            else:
                run.add(result)
            if len(run.chunk) >= chunk_rows:
                await run.cut()
            elif summary.rows % 250 == 0:
                await asyncio.sleep(0)  # lets the chunk in flight take its next step
            if on_progress and summary.rows % 1000 == 0:
                on_progress(n, table.total)
        await run.cut()
        await run.wait()
    except BaseException:
        run.abandon()
        raise
    finally:
        if collecting:
            gc.enable()
    await run.finish()
    summary.errors.sort(key=lambda e: e.row)
    _write_report(summary)
    summary.seconds = time.perf_counter() - started
    log.info("import_finished", department=dept.code, file=path.name, layout=summary.layout, rows=summary.rows,
             published=summary.published, already=summary.already, bad_rows=summary.bad_rows,
             dry_run=summary.dry_run, seconds=round(summary.seconds, 2))
    return summary


class _Run:
    """The database side of one import: in-file repeats, chunks through the ledger, progress."""

    def __init__(self, dept: Department, pool, key_secret: str | None, summary: ImportSummary):
        self.dept, self.pool, self.key_secret, self.summary = dept, pool, key_secret, summary
        self.seen: dict[str, tuple[bytes, int]] = {}  # event ID -> (content hash, first row)
        self.chunk: list = []  # (row number, RowEvent, Outgoing)
        self.in_flight: asyncio.Task | None = None  # the chunk being written
        self.import_id: int | None = None

    async def start(self, file_sha256: bytes) -> None:
        async with self.pool.acquire() as conn:
            self.import_id, unfinished = await store.start_import(conn, self.dept.code, self.summary.file.name,
                                                                  file_sha256, self.summary.layout)
        if unfinished is not None:
            self.summary.resumed_after_rows = unfinished["rows_read"]

    def add(self, row) -> None:
        out = store.outgoing(self.dept.code, row.event, self.key_secret, row.resident_id)
        first = self.seen.setdefault(out.event_id, (out.sha256, row.row))
        if first[1] != row.row:
            if first[0] == out.sha256:
                self.summary.repeated += 1
            else:
                self.summary.errors.append(RowError(row.row, "", "", f"same {row.key_text} as row {first[1]} but "
                                                                     "other values"))
            return
        self.chunk.append((row.row, row, out))

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
            new, conflicts = await store.publish(conn, self.dept.code, [out for _, _, out in chunk], via="import")
            self.summary.published += len(new)
            self.summary.already += len(chunk) - len(new) - len(conflicts)
            await store.import_progress(conn, self.dept.code, self.import_id, rows_read, self.summary.published,
                                        self.summary.already)
        for n, row, out in chunk:
            if out.event_id in conflicts:
                self.summary.errors.append(RowError(n, "", "", f"an event with the same {row.key_text} was published "
                                                               "before with other values; a changed row cannot be "
                                                               "sent again under the same key"))
            else:
                self.summary.event_ids.append(out.event_id)

    async def finish(self) -> None:
        if self.pool is not None:
            async with self.pool.acquire() as conn:
                await store.finish_import(conn, self.dept.code, self.import_id, self.summary.bad_rows)


def _write_report(summary: ImportSummary) -> None:
    # UTF-8 with BOM: Excel on Chinese Windows opens it with the right characters.
    with open(summary.report, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(REPORT_COLUMNS)
        writer.writerows((e.row, e.column, e.value, e.reason) for e in summary.errors)
