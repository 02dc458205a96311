"""Writes of the registry members that events keep current (monitor.persons, monitor.member_changes;
migration 012). The decisions are services/monitor/member_state.py's; this only writes them."""
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

import asyncpg


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
    record each change once (a redelivered event changes nothing twice)."""
    if not rows:
        return
    await conn.executemany(
        "UPDATE monitor.persons SET able_to_work = $2, main_earner = $3, deceased_on = $4, health_status = $5, "
        "disability_grade = $6, able_to_work_before = $7, main_earner_before = $8, labour_changed_on = $9 "
        "WHERE resident_id = $1", [r[:9] for r in rows])
    await conn.executemany(
        "INSERT INTO monitor.member_changes (event_id, household_id, resident_id, change, effective_on, at, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING",
        [(r.event_id, r.household_id, r.resident_id, r.change, r.effective_on, r.at, r.detail_json) for r in rows])
