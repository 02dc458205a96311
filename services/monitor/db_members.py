"""Writes of the registry members that events keep current (monitor.persons, monitor.member_changes;
migration 012). The decisions are services/monitor/member_state.py's; this only writes them."""
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

import asyncpg

from shared.bulk import columns


class MemberUpdate(NamedTuple):
    """A member's registry fields after an event, and the change recorded (detail: JSON text)."""

    resident_id: str
    able_to_work: bool
    main_earner: bool
    deceased_on: date | None
    health_status: str | None
    disability_grade: int | None
    able_to_work_before: bool | None
    main_earner_before: bool | None
    labour_changed_on: date | None
    event_id: str
    household_id: str
    change: str  # deceased | disability
    effective_on: date
    at: datetime  # business time of the event
    detail_json: str


async def update_members(conn: asyncpg.Connection, *, rows: Sequence[MemberUpdate]) -> None:
    """Set each member's fields (rows of one person in business-time order: the last wins) and
    record each change once (a redelivered event changes nothing twice). Two statements for the batch."""
    if not rows:
        return
    last = {r.resident_id: r[:9] for r in rows}  # an UPDATE ... FROM takes one source row per target row
    await conn.execute(
        "UPDATE monitor.persons p SET able_to_work = u.able, main_earner = u.earner, deceased_on = u.died, "
        "health_status = u.health, disability_grade = u.grade, able_to_work_before = u.able_before, "
        "main_earner_before = u.earner_before, labour_changed_on = u.changed FROM unnest($1::text[], $2::bool[], "
        "$3::bool[], $4::date[], $5::text[], $6::smallint[], $7::bool[], $8::bool[], $9::date[]) "
        "AS u(id, able, earner, died, health, grade, able_before, earner_before, changed) WHERE p.resident_id = u.id",
        *columns(list(last.values()), 9))
    await conn.execute(
        "INSERT INTO monitor.member_changes (event_id, household_id, resident_id, change, effective_on, at, detail) "
        "SELECT e, h, r, c, o, t, d::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], "
        "$6::timestamptz[], $7::text[]) AS m(e, h, r, c, o, t, d) ON CONFLICT DO NOTHING",
        *columns([(r.event_id, r.household_id, r.resident_id, r.change, r.effective_on, r.at, r.detail_json)
                  for r in rows], 7))
