"""A newer export of the registry applied as a difference (issue 10, part 3), recorded as registry
history (monitor.registry_history, migration 011) and shown in the households' timelines.

apply_difference stages the export by COPY in temporary tables (stage.py), compares it with the
registry in SQL (compare.py), classifies each difference (kinds.py), and writes only what differs
(write.py); a moved member's factors and open tasks go along (carry.py), the matcher's blocking
keys of the persons written are rebuilt. Choices, each also in its module:
- scope: a household missing from the export has left only if the export covers its county (an
  office exports its county; an export of one county never empties the others);
- a household that left (households.left_on) keeps its rows, its open alerts and tasks: they stay
  open and visible (the history row lists them) until the cadres close them through the alert's
  lifecycle, where the reason is given; nothing is closed by an export;
- a member no longer listed gets persons.left_on, and persons.deceased_on when the export gives a
  death date (a field `deceased_on` of the row);
- no re-assessment: the monitor grades households from factors, which come from events; a changed
  income is recorded (history, summary.income_changed) and read from the registry by the next
  linked event's rules and by the risk-elimination check (lifecycle.HouseholdFacts). Re-assessing
  here would grade the same factors again: the same level.
No resident ID or name is logged or returned; the summary has counts only.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import asyncpg

from services.monitor import db_factors, db_registry, db_tasks
from services.monitor.local_time import local_date
from services.monitor.matching.keys import refresh_match_keys
from services.monitor.registry.rows import Household

from . import difference_kinds as k
from .difference_carry import Carried, Move, OpenTask, carry
from .difference_compare import household_facts, join_memory, person_facts
from .difference_stage import DROP, stage_export
from .difference_summary import DifferenceSummary, summarise
from .difference_write import write_households, write_persons

__all__ = ["DifferenceSummary", "apply_difference"]

#: completed_by of a task the registry difference superseded.
SUPERSEDED_BY = "registry"
KEYED_HOUSEHOLD_COLUMNS = ("village_code", "county_code")  # copied into the persons' block keys


async def apply_difference(conn: asyncpg.Connection, households: Iterable[Household], *, export_name: str,
                           dry_run: bool) -> DifferenceSummary:
    """Apply the export `households` (rows.Household with their persons; any NamedTuples with more
    of the agreed fields) to the registry inside the caller's transaction (a savepoint of it; its
    own transaction when there is none), or with `dry_run` only count what it would do.

    Returns the counts (DifferenceSummary; line() gives the agreed summary line), the same with or
    without `dry_run`. Raises ValueError for a member listed under another household ID than his
    household's, asyncpg errors for a resident or household ID twice in the export
    (UniqueViolationError) or a NULL in a required column; nothing is then applied."""
    async with conn.transaction():
        staged = await stage_export(conn, households)
        async with join_memory(conn):
            household_rows, person_rows = await household_facts(conn, staged), await person_facts(conn, staged)
        found_households = {f.household_id: (kind, f.changed) for f in household_rows
                            if (kind := k.household_kind(f))}
        found_persons = [(kind, f) for f in person_rows if (kind := k.person_kind(f))]
        summary = summarise(found_households, found_persons)
        if not dry_run:
            at = await conn.fetchval("SELECT now()")
            today = local_date(at)
            await write_households(conn, staged, found_households, export_name=export_name, at=at, today=today)
            carried = await _carry_moves(conn, found_persons)
            await write_persons(conn, staged, found_persons, carried.by_member, export_name=export_name, at=at,
                                today=today)
            await _write_carried(conn, carried, at)
            await refresh_match_keys(conn, await _rekeyed_ids(conn, found_households, found_persons))
        await conn.execute(DROP)
    return summary


async def _carry_moves(conn: asyncpg.Connection, found: list[tuple[str, k.PersonFacts]]) -> Carried:
    moves = [Move(f.resident_id, f.old_household, f.new_household) for kind, f in found if kind == k.MEMBER_MOVED]
    if not moves:
        return Carried()
    ids = sorted({h for m in moves for h in (m.old_household, m.new_household)})
    await db_registry.lock_households(conn, household_ids=ids)  # no batch assesses them meanwhile
    tasks = [OpenTask(*r) for r in await db_tasks.open_tasks_of(conn, household_ids=ids)]
    return carry(moves, await db_factors.load_factors(conn, household_ids=ids), tasks)


async def _write_carried(conn: asyncpg.Connection, carried: Carried, at: datetime) -> None:
    await db_factors.upsert_factors(conn, rows=carried.factor_rows)
    await db_tasks.supersede_tasks(conn, task_ids=carried.superseded, by=SUPERSEDED_BY, at=at)
    await db_tasks.move_tasks(conn, moves=carried.task_moves)


async def _rekeyed_ids(conn: asyncpg.Connection, households: dict[str, tuple[str, tuple[str, ...]]],
                       persons: list[tuple[str, k.PersonFacts]]) -> list[str]:
    """Persons whose block keys may have changed: those added, returned, moved or changed, and the
    members of households whose village or county code changed."""
    ids = {f.resident_id for kind, f in persons if kind not in (k.MEMBER_DIED, k.MEMBER_LEFT)}
    moved_area = [hid for hid, (kind, changed) in households.items()
                  if kind == k.HOUSEHOLD_CHANGED and set(changed) & set(KEYED_HOUSEHOLD_COLUMNS)]
    if moved_area:
        ids |= {r[0] for r in await conn.fetch("SELECT resident_id FROM monitor.persons "
                                               "WHERE household_id = ANY($1::text[])", moved_area)}
    return sorted(ids)
