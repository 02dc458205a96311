"""monitor.household_events: the department events linked to a household."""
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

import asyncpg

from shared.bulk import columns


class HouseholdEventRow(NamedTuple):
    """A row of monitor.household_events; link_score in bits or None, the last two JSON text."""

    event_id: str
    household_id: str
    resident_id: str
    department: str
    event_type: str
    occurred_at: datetime
    amount_yuan: Decimal | None
    link_method: str
    link_score: Decimal | None
    link_fields_json: str
    payload_json: str
    source: str  # dedup.source_key of the event's source: (source, event_id) is the key (migration 014)


class Bill(NamedTuple):
    """A hospital bill to sum the household's medical burden for, at its business time."""

    event_id: str
    household_id: str
    at: datetime


async def insert_household_events(conn: asyncpg.Connection, *, rows: Sequence[HouseholdEventRow]) -> None:
    """One statement for the batch; a redelivered event (same source and ID) is not recorded twice."""
    if rows:
        await conn.execute(
            "INSERT INTO monitor.household_events (event_id, household_id, resident_id, department, event_type, "
            "occurred_at, amount_yuan, link_method, link_score, link_fields, payload, source) "
            "SELECT e, h, r, d, t, o, a, m, s, f::jsonb, p::jsonb, src FROM unnest($1::text[], $2::text[], "
            "$3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::numeric[], $8::text[], $9::numeric[], "
            "$10::text[], $11::text[], $12::text[]) AS r(e, h, r, d, t, o, a, m, s, f, p, src) ON CONFLICT DO NOTHING",
            *columns(rows, len(HouseholdEventRow._fields)))


async def medical_burden_in_window(conn: asyncpg.Connection, *, bills: Sequence[Bill], event_type: str,
                                   window_days: int) -> dict[str, Decimal]:
    """For each bill: the household's summed amounts (yuan) of `event_type` events in
    (time - window, time]. Business time, so late bills count where they belong; of bills at the
    same time only those up to its own event ID count (codepoint order, as factor_state breaks ties),
    so a bill's burden never depends on whether a later-sorted one came in the same batch."""
    if not bills:
        return {}
    ids, households, times = zip(*bills)
    rows = await conn.fetch(
        "SELECT b.event_id, coalesce(sum(e.amount_yuan), 0) AS burden "
        "FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS b(event_id, household_id, at) "
        "LEFT JOIN monitor.household_events e ON e.household_id = b.household_id AND e.event_type = $4 "
        "AND e.occurred_at > b.at - make_interval(days => $5) "
        "AND (e.occurred_at, e.event_id COLLATE \"C\") <= (b.at, b.event_id COLLATE \"C\") GROUP BY b.event_id",
        list(ids), list(households), list(times), event_type, window_days)
    return {r["event_id"]: r["burden"] for r in rows}


class RecordedBill(NamedTuple):
    """A bill recorded in an earlier batch: its event JSON and the registry resident it is linked to."""

    event_id: str
    household_id: str
    resident_id: str
    payload_json: str


async def later_recorded_bills(conn: asyncpg.Connection, *, bills: Sequence[Bill],
                               event_type: str) -> list[RecordedBill]:
    """For each household of `bills` (recorded already): its latest `event_type` event by business
    time (ties: event ID) when that is not one of `bills`, i.e. a bill assessed in an earlier batch
    that is later than every bill of this batch."""
    if not bills:
        return []
    ids = {b.event_id for b in bills}
    rows = await conn.fetch(
        "SELECT DISTINCT ON (household_id) event_id, household_id, resident_id, payload::text AS payload "
        "FROM monitor.household_events WHERE household_id = ANY($1::text[]) AND event_type = $2 "
        "ORDER BY household_id, occurred_at DESC, event_id DESC", sorted({b.household_id for b in bills}), event_type)
    return [RecordedBill(*r.values()) for r in rows if r["event_id"] not in ids]


async def latest_of_types(conn: asyncpg.Connection, household_id: str, event_types: Sequence[str]) -> datetime | None:
    """Business time of the household's latest event of one of `event_types`, or None."""
    return await conn.fetchval("SELECT max(occurred_at) FROM monitor.household_events "
                               "WHERE household_id = $1 AND event_type = ANY($2::text[])",
                               household_id, list(event_types))
