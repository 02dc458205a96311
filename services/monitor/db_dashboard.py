"""The operators' dashboard's read-only queries, on the monitor's own tables (migrations/*.sql). This
module is what services/monitor/api.py hands the dashboard (services/monitor/dashboard/ports.py
MonitorReads). Day boundaries are Asia/Shanghai (LOCAL_TZ, services/monitor/local_time.py). Every
query takes `counties`: the county codes the operator may see (OPERATOR_SCOPES), None for all of them
(db_scope.in_counties)."""
from datetime import datetime

import asyncpg

from services.monitor import db_factors, db_tasks, db_timeline
from services.monitor.db_scope import codes, in_counties
from services.monitor.lifecycle import CATEGORIES, CLOSED, TRANSITIONS
from services.monitor.local_time import LOCAL_TZ  # noqa: F401 - part of MonitorReads
from services.monitor.policy import Policy
from services.monitor.policy.cited import citation

DAYS = 30  # the overview's window


async def alerts_by_county(conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> dict[str, dict[str, int]]:
    """{county_code: {level: alerts raised in the last DAYS days}}, by the colour raised with."""
    rows = await conn.fetch("SELECT county_code, level, count(*) AS n FROM monitor.alerts "
                            "WHERE raised_at >= now() - make_interval(days => $1) AND " + in_counties("county_code", 2)
                            + " GROUP BY 1, 2", DAYS, codes(counties))
    found: dict[str, dict[str, int]] = {}
    for r in rows:
        found.setdefault(r["county_code"], {})[r["level"]] = r["n"]
    return found


async def alerts_per_day(conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> list[tuple[str, int]]:
    """[(YYYY-MM-DD local, alerts raised that day)] for each of the last DAYS days, oldest first, zeros kept."""
    rows = await conn.fetch(
        "SELECT d::date::text AS day, count(a.alert_id) AS n "
        "FROM generate_series((now() AT TIME ZONE $1)::date - ($2 - 1), (now() AT TIME ZONE $1)::date, '1 day') d "
        "LEFT JOIN monitor.alerts a ON (a.raised_at AT TIME ZONE $1)::date = d::date "
        "AND a.raised_at >= now() - make_interval(days => $2 + 1) "  # older ones match no day; lets the index work
        "AND " + in_counties("a.county_code", 3) + " GROUP BY d ORDER BY d",
        str(LOCAL_TZ), DAYS, codes(counties))
    return [(r["day"], r["n"]) for r in rows]


async def households_monitored(conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> int:
    """Households with at least one alert whose case is not closed (lifecycle.CLOSED)."""
    return await conn.fetchval("SELECT count(DISTINCT household_id) FROM monitor.alerts "
                               "WHERE status <> ALL($1::text[]) AND " + in_counties("county_code", 2),
                               list(CLOSED), codes(counties))


async def tasks_by_department(conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> list[dict]:
    """[{department, open, overdue}] of tasks not completed; overdue: marked by the scheduler. A task's
    county is its alert's."""
    rows = await conn.fetch("SELECT t.department, count(*) AS open, count(t.overdue_at) AS overdue FROM monitor.tasks t "
                            "JOIN monitor.alerts a ON a.alert_id = t.alert_id "
                            "WHERE t.status <> 'completed' AND " + in_counties("a.county_code", 1)
                            + " GROUP BY t.department ORDER BY t.department", codes(counties))
    return [dict(r) for r in rows]


ALERT_ROW = """
SELECT a.alert_id, a.household_id, a.county_code, a.level, a.current_level, a.status, a.business_time, a.raised_at,
       a.explanation_zh, a.explanation_en,
       (SELECT p.resident_id FROM monitor.persons p WHERE p.household_id = a.household_id
         ORDER BY p.relation <> 'head', p.resident_id LIMIT 1) AS head_resident_id
  FROM monitor.alerts a
"""


async def list_alerts(conn: asyncpg.Connection, *, county: str | None, level: str | None, status: str | None,
                      counties: frozenset[str] | None, department: str | None = None, limit: int = 200) -> list[dict]:
    """Alerts newest raised first, filtered (None: any; `department`: alerts with a task of that
    department, open or done), with the household head's resident ID (to mask)."""
    rows = await conn.fetch(
        ALERT_ROW + "WHERE ($1::text IS NULL OR a.county_code = $1) AND ($2::text IS NULL OR a.level = $2) "
        "AND ($3::text IS NULL OR a.status = $3) AND " + in_counties("a.county_code", 5)
        + " AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM monitor.tasks t WHERE t.alert_id = a.alert_id "
        "AND t.department = $6)) ORDER BY a.raised_at DESC, a.alert_id LIMIT $4",
        county, level, status, limit, codes(counties), department)
    return [dict(r) for r in rows]


async def alerts_since(conn: asyncpg.Connection, since: datetime, exclude: list[str], *,
                       counties: frozenset[str] | None, limit: int = 100) -> list[dict]:
    """Alerts raised at or after `since` other than `exclude` (IDs already sent), oldest first (the live feed)."""
    rows = await conn.fetch(ALERT_ROW + "WHERE a.raised_at >= $1 AND NOT a.alert_id = ANY($2::text[]) AND "
                            + in_counties("a.county_code", 4) + " ORDER BY a.raised_at, a.alert_id LIMIT $3",
                            since, exclude, limit, codes(counties))
    return [dict(r) for r in rows]


async def members(conn: asyncpg.Connection, household_id: str) -> list[dict]:
    """The household's registry members (full resident IDs: the household page only)."""
    rows = await conn.fetch("SELECT resident_id, name, relation, birth_date FROM monitor.persons "
                            "WHERE household_id = $1 ORDER BY relation <> 'head', resident_id", household_id)
    return [dict(r) for r in rows]


LIFECYCLE_ORDER = tuple(TRANSITIONS)  # the order the lifecycle goes in (lifecycle.TRANSITIONS)


async def cases(conn: asyncpg.Connection, household_id: str) -> list[dict]:
    """The household's alerts newest first, each with `next`: the statuses it may move to
    (lifecycle.TRANSITIONS, in lifecycle order) and `categories` to confirm with (lifecycle.CATEGORIES)."""
    rows = await conn.fetch("SELECT alert_id, level, status, category, raised_at, explanation_zh, explanation_en "
                            "FROM monitor.alerts WHERE household_id = $1 ORDER BY raised_at DESC, alert_id",
                            household_id)
    return [{**dict(r), "next": [s for s in LIFECYCLE_ORDER if s in TRANSITIONS[r["status"]]],
             "categories": CATEGORIES} for r in rows]


async def household(conn: asyncpg.Connection, household_id: str) -> dict | None:
    row = await conn.fetchrow("SELECT household_id, county_code, village_code, category, members, "
                              "income_per_capita_yuan FROM monitor.households WHERE household_id = $1", household_id)
    return None if row is None else dict(row)


async def household_story(conn: asyncpg.Connection, household_id: str, *,
                          counties: frozenset[str] | None) -> dict | None:
    """{household, members, cases, factors, plan, timeline} as the API's queries give them (db_factors,
    db_tasks.household_plan, db_timeline); None when the registry has no such household or it lies
    outside `counties` (as if absent)."""
    found = await household(conn, household_id)
    if found is None or (counties is not None and found["county_code"] not in counties):
        return None
    return {"household": found, "members": await members(conn, household_id), "cases": await cases(conn, household_id),
            "factors": await db_factors.factors_of(conn, household_id),
            "plan": await db_tasks.household_plan(conn, household_id),
            "timeline": await db_timeline.timeline(conn, household_id)}


def factor_rules(policy: Policy) -> dict[str, dict[str, str]]:
    """{factor code: {explain_zh, explain_en, cites_zh, cites_en}}: what each factor of `policy` means
    and the document it rests on (policy.cited.citation), for the household page's factors."""
    rules = {}
    for code, rule in policy.factors.items():
        cites_zh, cites_en = citation(rule)
        rules[code] = {"explain_zh": rule.explain.zh, "explain_en": rule.explain.en,
                       "cites_zh": cites_zh, "cites_en": cites_en}
    return rules
