"""monitor.factors: each household's risk factors (services/monitor/factor_state.py)."""
from collections import defaultdict
from collections.abc import Sequence

import asyncpg

from services.monitor.factor_state import FactorRow, FactorState
from shared.bulk import columns, json_arrays


def from_row(row) -> FactorState:
    return FactorState(row["code"], row["level"], row["risk_type"], row["active"], row["resident_id"].strip(),
                       tuple(row["evidence_event_ids"]), row["amount_yuan"], row["changed_at"])


async def load_factors(conn: asyncpg.Connection, *, household_ids: list[str]) -> dict[str, dict[str, FactorState]]:
    """Factor states by household, then by factor code (households with none map to {})."""
    states: dict[str, dict[str, FactorState]] = defaultdict(dict)
    for row in await conn.fetch("SELECT * FROM monitor.factors WHERE household_id = ANY($1::text[])", household_ids):
        states[row["household_id"]][row["code"]] = from_row(row)
    return states


async def upsert_factors(conn: asyncpg.Connection, *, rows: Sequence[FactorRow]) -> None:
    """One statement for the batch; of two rows for one (household, factor) the later wins, as
    when they were written one after the other."""
    last = list({(r[0], r[1]): r for r in rows}.values())  # DO UPDATE may not touch a row twice in one statement
    if last:
        household, code, level, risk_type, active, resident, evidence, amount, changed = columns(last, 9)
        await conn.execute(
            "INSERT INTO monitor.factors (household_id, code, level, risk_type, active, resident_id, "
            "evidence_event_ids, amount_yuan, changed_at) SELECT h, c, l, t, a, r, "
            "ARRAY(SELECT jsonb_array_elements_text(e::jsonb)), y, at FROM unnest($1::text[], $2::text[], "
            "$3::text[], $4::text[], $5::bool[], $6::text[], $7::text[], $8::numeric[], $9::timestamptz[]) "
            "AS f(h, c, l, t, a, r, e, y, at) "
            "ON CONFLICT (household_id, code) DO UPDATE SET level = excluded.level, risk_type = excluded.risk_type, "
            "active = excluded.active, resident_id = excluded.resident_id, "
            "evidence_event_ids = excluded.evidence_event_ids, amount_yuan = excluded.amount_yuan, "
            "changed_at = excluded.changed_at",
            household, code, level, risk_type, active, resident, json_arrays(evidence), amount, changed)


async def factors_of(conn: asyncpg.Connection, household_id: str) -> list[dict]:
    """The household's factors, by code, as the API shows them."""
    rows = await conn.fetch("SELECT code, level, risk_type, active, evidence_event_ids, amount_yuan, changed_at "
                            "FROM monitor.factors WHERE household_id = $1 ORDER BY code", household_id)
    return [dict(r) for r in rows]


async def active_codes(conn: asyncpg.Connection, household_id: str) -> frozenset[str]:
    rows = await conn.fetch("SELECT code, active FROM monitor.factors WHERE household_id = $1", household_id)
    return frozenset(r["code"] for r in rows if r["active"])
