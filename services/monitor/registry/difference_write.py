"""The classified difference written: first its registry history (monitor.registry_history, migration
011, the rows as they were), then the households and persons, only the rows of the kinds given.
Statements with column lists are templates (stage.render)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

import asyncpg

from services.monitor.lifecycle import CLOSED

from . import difference_kinds as k
from .difference_stage import Staged, render

HOUSEHOLD_HISTORY = """
INSERT INTO monitor.registry_history (export_name, applied_at, household_id, resident_id, kind, before, after)
SELECT $1, $2, k.household_id, NULL, k.kind,
       CASE WHEN k.kind <> 'household_added' THEN monitor.jsonb_pick(to_jsonb(p), k.changed) END,
       CASE k.kind
            WHEN 'household_added' THEN monitor.jsonb_pick(to_jsonb(e), $3::text[])
            WHEN 'household_left' THEN jsonb_build_object('left_on', $4::date,
                 'open_alerts', (SELECT coalesce(jsonb_agg(a.alert_id ORDER BY a.alert_id), '[]') FROM monitor.alerts a
                                  WHERE a.household_id = k.household_id AND a.status <> ALL($5::text[])),
                 'open_tasks', (SELECT coalesce(jsonb_agg(t.task_id ORDER BY t.task_id), '[]') FROM monitor.tasks t
                                 WHERE t.household_id = k.household_id AND t.status <> 'completed'))
            ELSE monitor.jsonb_pick(to_jsonb(e), k.changed) END
  FROM diff_household_kinds k
  LEFT JOIN monitor.households p ON p.household_id = k.household_id
  LEFT JOIN diff_households e ON e.household_id = k.household_id
 ORDER BY k.household_id
"""
ADD_HOUSEHOLDS = """
INSERT INTO monitor.households (%1$s) SELECT %2$s FROM diff_households e
  JOIN diff_household_kinds k ON k.household_id = e.household_id WHERE k.kind = 'household_added'
"""
UPDATE_HOUSEHOLDS = """
UPDATE monitor.households p SET (%1$s) = ROW(%2$s), left_on = NULL FROM diff_households e
  JOIN diff_household_kinds k ON k.household_id = e.household_id
 WHERE p.household_id = e.household_id AND k.kind IN ('household_changed', 'household_returned')
"""
LEAVE_HOUSEHOLDS = """
UPDATE monitor.households p SET left_on = $1 FROM diff_household_kinds k
 WHERE p.household_id = k.household_id AND k.kind = 'household_left'
"""
# A move is two rows: member_moved_out in the old household's timeline, member_moved_in in the new one's.
PERSON_HISTORY = """
INSERT INTO monitor.registry_history (export_name, applied_at, household_id, resident_id, kind, before, after)
SELECT $1, $2, CASE WHEN s.side = 'out' THEN k.old_household ELSE k.new_household END, k.resident_id,
       CASE WHEN k.kind = 'member_moved' THEN 'member_moved_' || s.side ELSE k.kind END,
       CASE WHEN k.kind <> 'member_added' THEN monitor.jsonb_pick(to_jsonb(p), k.changed) END,
       CASE k.kind
            WHEN 'member_added' THEN monitor.jsonb_pick(to_jsonb(e), $3::text[])
            WHEN 'member_died' THEN jsonb_build_object('deceased_on', coalesce(p.deceased_on, e.deceased_on),
                                                       'left_on', $4::date)
            WHEN 'member_left' THEN jsonb_build_object('left_on', $4::date)
            ELSE monitor.jsonb_pick(to_jsonb(e), k.changed) || coalesce(k.carried, '{}') END
  FROM diff_person_kinds k
 CROSS JOIN LATERAL unnest(CASE WHEN k.kind = 'member_moved' THEN ARRAY['out', 'in']
                                WHEN k.kind IN ('member_died', 'member_left') THEN ARRAY['out']
                                ELSE ARRAY['in'] END) AS s(side)
  LEFT JOIN monitor.persons p ON p.resident_id = k.resident_id
  LEFT JOIN diff_persons e ON e.resident_id = k.resident_id
 ORDER BY k.resident_id, s.side DESC
"""
ADD_PERSONS = """
INSERT INTO monitor.persons (%1$s) SELECT %2$s FROM diff_persons e
  JOIN diff_person_kinds k ON k.resident_id = e.resident_id WHERE k.kind = 'member_added'
"""
UPDATE_PERSONS = """
UPDATE monitor.persons p SET (%1$s) = ROW(%2$s), left_on = NULL FROM diff_persons e
  JOIN diff_person_kinds k ON k.resident_id = e.resident_id
 WHERE p.resident_id = e.resident_id AND k.kind IN ('member_returned', 'member_moved', 'member_changed')
"""
REMOVE_PERSONS = """
UPDATE monitor.persons p SET deceased_on = coalesce(p.deceased_on, e.deceased_on), left_on = $1
  FROM diff_person_kinds k LEFT JOIN diff_persons e ON e.resident_id = k.resident_id
 WHERE p.resident_id = k.resident_id AND k.kind IN ('member_died', 'member_left')
"""


def recorded_columns(kind: str, changed: tuple[str, ...]) -> list[str]:
    """The columns a history row shows before and after: the changed ones, and the markers the
    difference sets (left_on, deceased_on)."""
    if kind in (k.HOUSEHOLD_LEFT, k.MEMBER_LEFT):
        return ["left_on"]
    if kind == k.MEMBER_DIED:
        return ["deceased_on", "left_on"]
    if kind in (k.HOUSEHOLD_RETURNED, k.MEMBER_RETURNED):
        return [*changed, "left_on"]
    return list(changed)


async def write_households(conn: asyncpg.Connection, staged: Staged, found: dict[str, tuple[str, tuple[str, ...]]],
                           *, export_name: str, at: datetime, today: date) -> None:
    """`found`: household ID -> (kind, changed columns)."""
    await conn.copy_records_to_table("diff_household_kinds", records=[
        (hid, kind, recorded_columns(kind, changed)) for hid, (kind, changed) in sorted(found.items())])
    await conn.execute("ANALYZE diff_household_kinds")
    await conn.execute(HOUSEHOLD_HISTORY, export_name, at, list(staged.household_columns), today, list(CLOSED))
    await conn.execute(await render(conn, ADD_HOUSEHOLDS, staged.household_columns))
    await conn.execute(await render(conn, UPDATE_HOUSEHOLDS, staged.compared_household_columns))
    await conn.execute(LEAVE_HOUSEHOLDS, today)


async def write_persons(conn: asyncpg.Connection, staged: Staged, found: Sequence[tuple[str, k.PersonFacts]],
                        carried: dict[str, dict], *, export_name: str, at: datetime, today: date) -> None:
    """`found`: (kind, facts) pairs; `carried`: resident ID -> what followed a moved member."""
    await conn.copy_records_to_table("diff_person_kinds", records=[
        (f.resident_id, kind, f.old_household, f.new_household, recorded_columns(kind, f.changed),
         json.dumps(carried[f.resident_id]) if f.resident_id in carried else None) for kind, f in found])
    await conn.execute("ANALYZE diff_person_kinds")
    added = [c for c in staged.person_columns if c != "resident_id"]
    await conn.execute(PERSON_HISTORY, export_name, at, added, today)
    await conn.execute(await render(conn, ADD_PERSONS, staged.person_columns))
    await conn.execute(await render(conn, UPDATE_PERSONS, staged.compared_person_columns))
    await conn.execute(REMOVE_PERSONS, today)
