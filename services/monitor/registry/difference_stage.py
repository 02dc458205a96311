"""The newer export in temporary tables (diff_households, diff_persons: LIKE the registry's, dropped at
commit), filled by binary COPY, and the statements over them with their column lists.

Columns: every field of the export's row types (rows.Household without `persons`, rows.Person, or
any NamedTuple with more of the agreed fields) that is a column of the registry's table. So the
difference compares what the export carries and nothing else: a column the export has no field for
(left_on, a column written from events) is never overwritten with NULL.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import asyncpg

from services.monitor.registry.rows import PERSON_COLUMNS, Household

#: Households per COPY chunk (about 40,000 person rows).
CHUNK_HOUSEHOLDS = 10_000
#: Written by the difference itself, never copied from an export row.
MANAGED = ("left_on", "deceased_on")

TABLE_COLUMNS = ("SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
                 "AND NOT attisdropped ORDER BY attnum")
CREATE = """
DROP TABLE IF EXISTS diff_households, diff_persons, diff_household_kinds, diff_person_kinds;
CREATE TEMP TABLE diff_households (LIKE monitor.households INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE diff_persons (LIKE monitor.persons INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE diff_household_kinds (household_id text PRIMARY KEY, kind text NOT NULL,
                                        changed text[] NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE diff_person_kinds (resident_id text PRIMARY KEY, kind text NOT NULL, old_household text,
                                     new_household text, changed text[] NOT NULL, carried jsonb) ON COMMIT DROP;
"""
# A duplicate resident ID or household ID in the export fails here (UniqueViolationError).
INDEX = """
ALTER TABLE diff_households ADD PRIMARY KEY (household_id);
ALTER TABLE diff_persons ADD PRIMARY KEY (resident_id);
ANALYZE diff_households, diff_persons;
"""
DROP = "DROP TABLE IF EXISTS diff_households, diff_persons, diff_household_kinds, diff_person_kinds"
# Column lists for a statement template, quoted by PostgreSQL (%I): %1$s the columns, %2$s the
# export's (alias e), %3$s the registry's (alias p), %4$s the names of those that differ.
RENDER = ("SELECT format($1, string_agg(format('%I', c), ', ' ORDER BY n), "
          "string_agg(format('e.%I', c), ', ' ORDER BY n), string_agg(format('p.%I', c), ', ' ORDER BY n), "
          "string_agg(format('CASE WHEN e.%1$I IS DISTINCT FROM p.%1$I THEN %1$L END', c), ', ' ORDER BY n)) "
          "FROM unnest($2::text[]) WITH ORDINALITY AS u(c, n)")


@dataclass(frozen=True, slots=True)
class Staged:
    """The staged export's columns: all copied ones, and those compared with the registry (no key,
    nothing MANAGED)."""

    household_columns: tuple[str, ...]
    person_columns: tuple[str, ...]

    @property
    def compared_household_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.household_columns if c != "household_id" and c not in MANAGED)

    @property
    def compared_person_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.person_columns if c != "resident_id" and c not in MANAGED)


async def render(conn: asyncpg.Connection, template: str, columns: Iterable[str]) -> str:
    """`template` with its column lists filled in (see RENDER)."""
    return await conn.fetchval(RENDER, template, list(columns))


async def stage_export(conn: asyncpg.Connection, households: Iterable[Household],
                chunk_households: int = CHUNK_HOUSEHOLDS) -> Staged:
    """Create the temporary tables and COPY the export into them; iterates `households` once.
    Raises ValueError for a member whose household_id is not his household's (the message gives the
    household's position in the export, no ID), asyncpg errors for a duplicate ID or a NULL in a
    NOT NULL column."""
    await conn.execute(CREATE)
    rows = iter(households)
    first = next(rows, None)
    columns = await _columns(conn, first)
    if first is not None:
        take_h, take_p = attrgetter(*columns.household_columns), attrgetter(*columns.person_columns)
        for hh, persons in _chunks(chain([first], rows), chunk_households):
            await conn.copy_records_to_table("diff_households", columns=columns.household_columns,
                                             records=map(take_h, hh))
            await conn.copy_records_to_table("diff_persons", columns=columns.person_columns,
                                             records=map(take_p, persons))
    await conn.execute(INDEX)
    return columns


async def _columns(conn: asyncpg.Connection, first: Household | None) -> Staged:
    household_table = {r[0] for r in await conn.fetch(TABLE_COLUMNS, "monitor.households")}
    person_table = {r[0] for r in await conn.fetch(TABLE_COLUMNS, "monitor.persons")}
    household_fields = type(first)._fields if first is not None else Household._fields
    person_fields = type(first.persons[0])._fields if first is not None and first.persons else PERSON_COLUMNS
    return Staged(tuple(f for f in household_fields if f in household_table),
                  tuple(f for f in person_fields if f in person_table))


def _chunks(households: Iterator[Household], size: int) -> Iterator[tuple[list[Household], list]]:
    hh: list[Household] = []
    persons: list = []
    for number, h in enumerate(households, 1):
        if any(p.household_id != h.household_id for p in h.persons):
            raise ValueError(f"household {number} of the export lists a member under another household ID")
        hh.append(h)
        persons.extend(h.persons)
        if len(hh) >= size:
            yield hh, persons
            hh, persons = [], []
    if hh:
        yield hh, persons
