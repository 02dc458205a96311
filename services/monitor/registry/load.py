"""Load a household registry into PostgreSQL (monitor.households, monitor.persons).

The households come from any iterable of rows (rows.py); the synthetic generator is one source
(`python -m tooling.registry`, offline tooling). Steps (DESIGN.md section 10: COPY first,
indexes after):
1. apply migrations/001_registry.sql (idempotent);
2. TRUNCATE both tables and drop the secondary indexes of 002_registry_indexes.sql
   (and, optionally, the primary keys);
3. stream rows with binary COPY (asyncpg `copy_records_to_table`) in chunks; the
   source is iterated in a thread so that Python builds the next chunk while the server
   writes the previous one (two cores: one for each);
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
"""

from __future__ import annotations

import asyncio
import queue
import re
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from services.monitor.matching.keys import rebuild_match_keys

from .progress import progress_bar
from .rows import HOUSEHOLD_COLUMNS, MONITORING_LINE_YUAN, PERSON_COLUMNS, Household

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA_SQL = MIGRATIONS_DIR / "001_registry.sql"
INDEXES_SQL = MIGRATIONS_DIR / "002_registry_indexes.sql"

SCHEMA = "monitor"
#: Households per COPY chunk (about 50,000 person rows).
CHUNK_HOUSEHOLDS = 12_500
# Fixed statements for the registry's primary keys (dropped for a fast COPY, then rebuilt).
_DROP_PRIMARY_KEYS = ("ALTER TABLE monitor.households DROP CONSTRAINT IF EXISTS households_pkey",
                      "ALTER TABLE monitor.persons DROP CONSTRAINT IF EXISTS persons_pkey")
_ADD_PRIMARY_KEYS = ("ALTER TABLE monitor.households ADD CONSTRAINT households_pkey PRIMARY KEY (household_id)",
                     "ALTER TABLE monitor.persons ADD CONSTRAINT persons_pkey PRIMARY KEY (resident_id)")
# Index names come from 002_registry_indexes.sql; PostgreSQL quotes each one (%I).
_DROP_INDEXES = ("SELECT string_agg(format('DROP INDEX IF EXISTS monitor.%I', name), '; ') "
                 "FROM unnest($1::text[]) AS name")


@dataclass(frozen=True, slots=True)
class RegistryStats:
    """What a load wrote. `under_line`: households below the monitoring line
    (8,000 yuan per capita per year); `seconds`: wall time of the whole load."""

    households: int
    persons: int
    under_line: int
    seconds: float
    under_line_persons: int = 0


@dataclass(slots=True)
class _Chunk:
    households: list[tuple]
    persons: list[tuple]
    under_line: int
    under_line_persons: int


def secondary_index_names(sql: str | None = None) -> list[str]:
    """Index names declared in 002_registry_indexes.sql (kept in one place)."""
    text = INDEXES_SQL.read_text(encoding="utf-8") if sql is None else sql
    return re.findall(r"CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)", text, flags=re.IGNORECASE)


def chunks(households: Iterator[Household], size: int = CHUNK_HOUSEHOLDS) -> Iterator[_Chunk]:
    """Group households into COPY-ready row lists with their under-line counts."""
    line = MONITORING_LINE_YUAN
    hh: list[tuple] = []
    persons: list[tuple] = []
    under = under_persons = 0
    for h in households:
        hh.append(h[:8])  # the table columns; persons go to their own table
        persons.extend(h.persons)
        if h.income_per_capita_yuan < line:
            under += 1
            under_persons += h.members
        if len(hh) >= size:
            yield _Chunk(hh, persons, under, under_persons)
            hh, persons, under, under_persons = [], [], 0, 0
    if hh:
        yield _Chunk(hh, persons, under, under_persons)


class _Producer(threading.Thread):
    """Iterates the households in a thread and hands chunks over a bounded queue."""

    _DONE = object()

    def __init__(self, households: Iterable[Household], chunk_households: int) -> None:
        super().__init__(name="registry-source", daemon=True)
        self.q: queue.Queue = queue.Queue(maxsize=3)  # bounds memory to a few chunks
        self.stop = threading.Event()
        self._args = (households, chunk_households)

    def run(self) -> None:
        households, size = self._args
        try:
            for chunk in chunks(iter(households), size):
                if not self._put(chunk):
                    return
            self._put(self._DONE)
        except BaseException as exc:  # re-raised in the consumer
            self._put(exc)

    def _put(self, item: object) -> bool:
        while not self.stop.is_set():
            try:
                self.q.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    async def items(self) -> AsyncIterator[_Chunk]:
        while True:
            item = await asyncio.to_thread(self.q.get)
            if item is self._DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


async def _prepare(conn: asyncpg.Connection, drop_primary_keys: bool) -> None:
    await conn.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    # No CASCADE: if another table references the registry, fail rather than wipe it.
    await conn.execute("TRUNCATE monitor.persons, monitor.households")
    if drops := await conn.fetchval(_DROP_INDEXES, secondary_index_names()):
        await conn.execute(drops)
    if drop_primary_keys:
        for statement in _DROP_PRIMARY_KEYS:
            await conn.execute(statement)


async def _finish(conn: asyncpg.Connection, drop_primary_keys: bool) -> None:
    # More memory makes the sorts of the index builds faster; session-local only.
    await conn.execute("SET maintenance_work_mem = '512MB'")
    if drop_primary_keys:
        for statement in _ADD_PRIMARY_KEYS:
            await conn.execute(statement)
    await conn.execute(INDEXES_SQL.read_text(encoding="utf-8"))
    await conn.execute("ANALYZE monitor.households, monitor.persons")


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
    started = time.perf_counter()
    conn = await asyncpg.connect(dsn)
    bar, advance, set_phase = (progress_bar(total_households, expected_persons) if progress
                               else (None, None, None))
    producer = _Producer(households, chunk_households)
    total_h = total_p = under = under_p = 0
    try:
        await _prepare(conn, drop_primary_keys)
        # A failed load is run again from its source (not transactional anyway): do not wait for WAL flushes.
        await conn.execute("SET synchronous_commit = off")
        if bar:
            bar.start()
        producer.start()
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
        if set_phase:
            set_phase("indexes, analyze")
        await _finish(conn, drop_primary_keys)
        if set_phase:
            set_phase("match keys")
        await rebuild_match_keys(conn)  # blocking keys of the matcher (004_matching.sql)
        if set_phase:
            set_phase("done")
    finally:
        producer.stop.set()
        if bar:
            bar.stop()
        await conn.close()
    return RegistryStats(total_h, total_p, under, time.perf_counter() - started, under_p)
