"""Load a household registry into PostgreSQL (monitor.households, monitor.persons).

The households come from any iterable of rows (rows.py); the synthetic generator is one source
(`python -m tooling.registry`, offline tooling). Steps (DESIGN.md section 10: COPY first,
indexes after):
1. apply migrations/001_registry.sql (idempotent);
2. TRUNCATE both tables and drop the secondary indexes of 002_registry_indexes.sql
   (and, optionally, the primary keys; tables.py);
3. stream rows with binary COPY (asyncpg `copy_records_to_table`) in chunks; the
   source is iterated in a thread so that Python builds the next chunk while the server
   writes the previous one (two cores: one for each; chunks.py, producer.py);
4. run 002_registry_indexes.sql (and re-add primary keys if dropped), then ANALYZE;
5. rebuild the matcher's blocking keys (monitor.match_keys, 004_matching.sql; about 20 s
   at the default size, all of it server-side SQL).

No resident ID or name is ever printed or logged here; only counts.

Measured on the 2-core development machine (shared with other jobs, PostgreSQL 15,
fsync off), the synthetic generator as source, default 294,800 households / 1,196,123 persons:
- generation alone ~11-13 s CPU; end to end (generate, COPY, indexes, ANALYZE) 24-30 s
  wall when the machine is quiet (50 s when other jobs load both cores),
  the Python process being the bottleneck (~19 s CPU: generation plus COPY encoding);
- from pre-generated rows: COPY 8.2 s + indexes/ANALYZE 2.5 s with primary keys kept,
  3.2 s + 3.3 s with them dropped and re-added. End to end the two are the same
  (the server's work hides behind generation), so the keys stay by default.
Modules: chunks, producer, tables, progress; rows (the row shapes).
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

from services.monitor.matching.keys import rebuild_match_keys

from .chunks import CHUNK_HOUSEHOLDS
from .producer import Producer
from .progress import progress_bar
from .rows import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, Household
from .tables import finish_tables, prepare_tables

SCHEMA = "monitor"


@dataclass(frozen=True, slots=True)
class RegistryStats:
    """What a load wrote. `under_line`: households below the monitoring line
    (8,000 yuan per capita per year); `seconds`: wall time of the whole load."""

    households: int
    persons: int
    under_line: int
    seconds: float
    under_line_persons: int = 0


async def copy_registry(
    dsn: str,
    households: Iterable[Household],
    *,
    progress: bool = True,
    total_households: int | None = None,
    expected_persons: int | None = None,
    chunk_households: int = CHUNK_HOUSEHOLDS,
    drop_primary_keys: bool = False,
) -> RegistryStats:
    """Replace the registry with `households` (rows.Household, each with its persons) via COPY.

    `households` is iterated once, in a thread (a generator is fine; an exception it raises is
    raised here). `total_households` / `expected_persons` only size the progress bar (open-ended
    when None). `drop_primary_keys` drops the two primary keys during COPY and re-adds them
    after (faster server side, no faster end to end; see the module notes).
    Not transactional: a failed load leaves a partial registry; run it again.
    Raises asyncpg errors (e.g. a duplicate resident ID violates persons_pkey).
    """
    conn = await asyncpg.connect(dsn)
    try:
        # A failed load is run again from its source (not transactional anyway): do not wait for WAL flushes.
        await conn.execute("SET synchronous_commit = off")
        return await copy_into(conn, households, progress=progress, total_households=total_households,
                               expected_persons=expected_persons, chunk_households=chunk_households,
                               drop_primary_keys=drop_primary_keys)
    finally:
        await conn.close()


async def copy_into(
    conn: asyncpg.Connection,
    households: Iterable[Household],
    *,
    progress: bool = True,
    total_households: int | None = None,
    expected_persons: int | None = None,
    chunk_households: int = CHUNK_HOUSEHOLDS,
    drop_primary_keys: bool = False,
) -> RegistryStats:
    """copy_registry's work on a connection the caller holds: inside the caller's transaction
    when it opened one (the export import does, so that a failure leaves the registry as it was:
    TRUNCATE, COPY, the index builds and the match keys all roll back with it)."""
    started = time.perf_counter()
    bar, advance, set_phase = (progress_bar(total_households, expected_persons) if progress
                               else (None, None, None))
    producer = Producer(households, chunk_households)
    try:
        await prepare_tables(conn, drop_primary_keys)
        if bar:
            bar.start()
        producer.start()
        counts = await _copy_chunks(conn, producer, advance)
        if set_phase:
            set_phase("indexes, analyze")
        await finish_tables(conn, drop_primary_keys)
        if set_phase:
            set_phase("match keys")
        await rebuild_match_keys(conn)  # blocking keys of the matcher (004_matching.sql)
        if set_phase:
            set_phase("done")
    finally:
        producer.stop.set()
        if bar:
            bar.stop()
    total_h, total_p, under, under_p = counts
    return RegistryStats(total_h, total_p, under, time.perf_counter() - started, under_p)


async def _copy_chunks(conn: asyncpg.Connection, producer: Producer, advance) -> tuple[int, int, int, int]:
    """COPY every chunk the producer hands over; (households, persons, under the line, their persons)."""
    total_h = total_p = under = under_p = 0
    async for chunk in producer.items():
        await conn.copy_records_to_table(
            "households", schema_name=SCHEMA, columns=HOUSEHOLD_COLUMNS, records=chunk.households
        )
        await conn.copy_records_to_table(
            "persons", schema_name=SCHEMA, columns=PERSON_COLUMNS, records=chunk.persons
        )
        total_h += len(chunk.households)
        total_p += len(chunk.persons)
        under += chunk.under_line
        under_p += chunk.under_line_persons
        if advance:
            advance(len(chunk.households), len(chunk.persons))
    return total_h, total_p, under, under_p
