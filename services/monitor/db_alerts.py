"""monitor.alerts: raised alerts, their lifecycle status and the level last assessed on them."""
import json
from collections.abc import Sequence
from datetime import date, datetime

import asyncpg

from services.monitor.assessing import NewAlert, OpenAlert
from services.monitor.db_scope import codes, in_counties
from services.monitor.lifecycle import CLOSED
from services.monitor.outcomes import Reassessment
from shared.bulk import columns


async def open_alerts(conn: asyncpg.Connection, *, household_ids: list[str]) -> dict[str, OpenAlert]:
    """The most recent open alert of each household; `level` is the household's level as last
    assessed on it (after task outcomes), else the level it was raised with."""
    rows = await conn.fetch(
        "SELECT DISTINCT ON (household_id) household_id, alert_id, coalesce(current_level, level) AS level "
        "FROM monitor.alerts WHERE household_id = ANY($1::text[]) AND status <> ALL($2::text[]) "
        "ORDER BY household_id, raised_at DESC", household_ids, list(CLOSED))
    return {r["household_id"]: OpenAlert(r["alert_id"], r["level"]) for r in rows}


async def insert_alerts(conn: asyncpg.Connection, *, alerts: Sequence[NewAlert]) -> None:
    """One statement for the batch; a redelivered alert (same ID) is not inserted twice."""
    if alerts:
        await conn.execute(
            "INSERT INTO monitor.alerts (alert_id, household_id, county_code, level, factors, policy_version, "
            "explanation_zh, explanation_en, link, business_time, verification_due) "
            "SELECT a, h, c, l, f::jsonb, p, zh, en, k::jsonb, t, due FROM unnest($1::text[], $2::text[], $3::text[], "
            "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::date[]) "
            "AS n(a, h, c, l, f, p, zh, en, k, t, due) ON CONFLICT DO NOTHING",
            *columns([(a.alert_id, a.household_id, a.county_code, a.level,
                       json.dumps([f.model_dump(mode="json") for f in a.factors]), a.policy_version, a.explanation_zh,
                       a.explanation_en, a.link.model_dump_json(), t, due) for a, t, due in alerts], 11))


async def show_assessed_levels(conn: asyncpg.Connection, *, found: Sequence[Reassessment]) -> None:
    """Show each re-assessment's level on the household's open alerts unless a newer one (business
    time) is shown already. The level an alert was raised with never changes. One statement: of a
    household's re-assessments only its latest (business time; ties: the later in `found`) can show."""
    latest: dict[str, Reassessment] = {}
    for r in found:
        if r.household_id not in latest or latest[r.household_id].at <= r.at:
            latest[r.household_id] = r
    if latest:
        await conn.execute(
            "UPDATE monitor.alerts a SET current_level = n.level, assessed_at = n.at "
            "FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(household_id, level, at) "
            "WHERE a.household_id = n.household_id AND a.status <> ALL($4::text[]) "
            "AND (a.assessed_at IS NULL OR a.assessed_at <= n.at)",
            *columns([(r.household_id, r.assessment.level, r.at) for r in latest.values()], 3), list(CLOSED))


async def list_alerts(conn: asyncpg.Connection, status: str | None, level: str | None, county: str | None,
                      limit: int, offset: int, *, counties: frozenset[str] | None) -> list[dict]:
    """Alerts newest business time first, filtered (None: any), of `counties` only (None: every county)."""
    rows = await conn.fetch(
        "SELECT alert_id, household_id, county_code, level, current_level, status, category, business_time, "
        "verification_due, follow_up_due, follow_up_flagged_at, escalations FROM monitor.alerts "
        "WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR level = $2) "
        "AND ($3::text IS NULL OR county_code = $3) AND " + in_counties("county_code", 6)
        + " ORDER BY business_time DESC, alert_id LIMIT $4 OFFSET $5",
        status, level, county, limit, offset, codes(counties))
    return [dict(r) for r in rows]


async def county_and_household(conn: asyncpg.Connection, alert_id: str) -> tuple[str, str] | None:
    """(county code, household ID) of the alert, None when there is no such alert."""
    row = await conn.fetchrow("SELECT county_code, household_id FROM monitor.alerts WHERE alert_id = $1", alert_id)
    return None if row is None else (row["county_code"], row["household_id"])


async def alert_for_update(conn: asyncpg.Connection, alert_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT alert_id, household_id, county_code, status, factors FROM monitor.alerts "
                               "WHERE alert_id = $1 FOR UPDATE", alert_id)


async def set_status(conn: asyncpg.Connection, *, alert_id: str, status: str, at: datetime, category: str | None,
                     follow_up_due: date | None) -> None:
    await conn.execute("UPDATE monitor.alerts SET status = $2, status_changed_at = $3, "
                       "category = coalesce($4, category), follow_up_due = coalesce($5, follow_up_due) "
                       "WHERE alert_id = $1", alert_id, status, at, category, follow_up_due)


FLAG_DUE = """
UPDATE monitor.alerts SET follow_up_flagged_at = $2
 WHERE status = 'risk_eliminated' AND follow_up_due <= $1
   AND (follow_up_flagged_at IS NULL OR follow_up_flagged_at < status_changed_at)
RETURNING alert_id, household_id, county_code, category, status_changed_at, follow_up_due
"""


async def flag_follow_ups_due(conn: asyncpg.Connection, *, today: date, now: datetime) -> list[asyncpg.Record]:
    """Flag (at `now`) every alert whose follow-up review is due by `today` and not flagged since
    its risk was last eliminated; returns the rows flagged."""
    return await conn.fetch(FLAG_DUE, today, now)
