"""The database side of one import: in-file repeats, chunks through the ledger, progress."""
import asyncio

from shared.kit.department import Department
from shared.kit.importing.chunks import write_chunk
from shared.kit.importing.summary import ImportSummary
from shared.kit.spreadsheet.rows.results import RowError, RowEvent
from shared.kit.store import import_runs, ledger


class ImportRun:
    """Without a pool, a dry run: chunks are counted, not written."""

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
            self.in_flight = asyncio.create_task(write_chunk(self.pool, self.import_id, self.summary, chunk,
                                                             self.summary.rows))

    async def wait(self) -> None:
        if self.in_flight is not None:
            task, self.in_flight = self.in_flight, None
            await task

    def abandon(self) -> None:
        if self.in_flight is not None:
            self.in_flight.cancel()

    async def finish(self) -> None:
        if self.pool is not None:
            async with self.pool.acquire() as conn:
                await import_runs.finish_import(conn, self.import_id, self.summary.bad_rows)
