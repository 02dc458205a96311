"""The first load of checked frames (fast_read.Frames) by COPY in the caller's transaction:
tables emptied, keys and indexes dropped, CSV text that polars writes sent by COPY (the next
slice written in a thread while the server takes the previous one), then the keys, indexes,
statistics and match keys built after, as load.copy_into does for rows."""
from __future__ import annotations

import asyncio
import io
import time

import asyncpg
import polars as pl

from services.monitor.matching.keys import rebuild_match_keys

from .fast_read import Frames
from .tables import finish_tables, prepare_tables

SCHEMA = "monitor"
#: Rows per COPY slice: big enough that a slice's overhead is nothing, small enough to overlap.
SLICE_ROWS = 500_000


async def copy_frames(conn: asyncpg.Connection, frames: Frames) -> float:
    """Seconds taken. Raises asyncpg errors (the caller's transaction then rolls back)."""
    started = time.perf_counter()
    await prepare_tables(conn, drop_primary_keys=True)
    for table, frame in (("households", frames.households), ("persons", frames.persons)):
        await _copy(conn, table, frame)
    await finish_tables(conn, drop_primary_keys=True)
    await rebuild_match_keys(conn)
    return time.perf_counter() - started


async def _copy(conn: asyncpg.Connection, table: str, frame: pl.DataFrame) -> None:
    slices = [frame.slice(at, SLICE_ROWS) for at in range(0, frame.height, SLICE_ROWS)]
    if not slices:
        return
    pending = asyncio.create_task(asyncio.to_thread(_csv, slices[0]))
    for i in range(len(slices)):
        data = await pending
        if i + 1 < len(slices):
            pending = asyncio.create_task(asyncio.to_thread(_csv, slices[i + 1]))
        await conn.copy_to_table(table, schema_name=SCHEMA, source=io.BytesIO(data), columns=list(frame.columns),
                                 format="csv")


def _csv(frame: pl.DataFrame) -> bytes:
    """PostgreSQL's CSV: no header, NULL as an unquoted empty field, booleans true/false."""
    out = io.BytesIO()
    frame.write_csv(out, include_header=False, null_value="", quote_style="necessary")
    return out.getvalue()
