"""SQL of the monitor's batch pipeline. Each function is one round trip for a whole batch
(`= ANY($1)` / `unnest`), never one per event (DESIGN.md section 10)."""
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

import asyncpg

from services.monitor import households as hh
from services.monitor import verification
from services.monitor.outcomes import Reassessment, TaskOutcome, reassess
from services.monitor.policy import Policy
from services.monitor.rules import Household, Member
from shared.contracts import monitor as m

CLOSED = ("dismissed", "followed_up")  # alert statuses that end a case


class ProcessedRow(NamedTuple):
    """A row of monitor.processed_events."""

    event_id: str
    source_topic: str
    outcome: str
    content_sha256: bytes


class DeadLetterRow(NamedTuple):
    """A row of monitor.dead_letters."""

    source_topic: str
    partition: int
    offset: int
    reason: str


class UnmatchedRow(NamedTuple):
    """A row of monitor.unmatched_events; the last two are JSON text."""

    event_id: str
    source_topic: str
    event_type: str
    reason: str
    payload_json: str
    candidates_json: str


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
    link_score: float | None
    link_fields_json: str
    payload_json: str


async def already_processed(conn: asyncpg.Connection, *, event_ids: list[str]) -> dict[str, bytes]:
    """event_id -> SHA-256 of the content processed under that ID."""
    rows = await conn.fetch("SELECT event_id, content_sha256 FROM monitor.processed_events "
                            "WHERE event_id = ANY($1::text[])", event_ids)
    return {r["event_id"]: r["content_sha256"] for r in rows}


async def mark_processed(conn: asyncpg.Connection, *, rows: Sequence[ProcessedRow]) -> None:
    """A concurrent duplicate raises
    UniqueViolation: the batch is retried and the duplicate filtered by already_processed."""
    if rows:
        await conn.copy_records_to_table("processed_events", schema_name="monitor",
                                         columns=("event_id", "source_topic", "outcome", "content_sha256"),
                                         records=rows)


async def record_dead_letters(conn: asyncpg.Connection, *, rows: Sequence[DeadLetterRow]) -> None:
    if rows:
        await conn.executemany(
            'INSERT INTO monitor.dead_letters (source_topic, partition, "offset", reason) VALUES ($1, $2, $3, $4) '
            "ON CONFLICT DO NOTHING", rows)


PERSONS_SQL = (
    "SELECT p.resident_id, p.name, p.gender, p.birth_date, p.main_earner, p.able_to_work, h.household_id, "
    "h.village_code, h.county_code, h.members, h.income_per_capita_yuan "
    "FROM monitor.persons p JOIN monitor.households h USING (household_id) WHERE p.resident_id = ANY($1::text[])")


HOUSEHOLDS_OF_SQL = (
    "SELECT p.resident_id, p.name, p.gender, p.birth_date, p.main_earner, p.able_to_work, h.household_id, "
    "h.village_code, h.county_code, h.members, h.income_per_capita_yuan "
    "FROM monitor.persons hit JOIN monitor.persons p ON p.household_id = hit.household_id "
    "JOIN monitor.households h ON h.household_id = p.household_id WHERE hit.resident_id = ANY($1::text[])")


async def fetch_persons(conn: asyncpg.Connection, *, resident_ids: list[str]) -> dict[str, asyncpg.Record]:
    """Registry rows by resident ID, with what the matcher compares and what the rules need."""
    return {r["resident_id"]: r for r in await conn.fetch(PERSONS_SQL, resident_ids)} if resident_ids else {}


async def fetch_households_of(conn: asyncpg.Connection, *, resident_ids: list[str]) -> dict[str, asyncpg.Record]:
    """fetch_persons' rows for the people with these IDs and every member of their households
    (the matcher compares a record with all of them: issue 15, a relative's ID), one round trip."""
    return {r["resident_id"]: r for r in await conn.fetch(HOUSEHOLDS_OF_SQL, resident_ids)} if resident_ids else {}


def members_of(rows: dict[str, asyncpg.Record]) -> dict[str, tuple[Member, Household]]:
    return {rid: (Member(r["resident_id"], r["birth_date"], r["main_earner"], r["able_to_work"]),
                  Household(r["household_id"], r["county_code"], r["members"], r["income_per_capita_yuan"]))
            for rid, r in rows.items()}


async def find_members(conn: asyncpg.Connection, *, resident_ids: list[str]) -> dict[str, tuple[Member, Household]]:
    return members_of(await fetch_persons(conn, resident_ids=resident_ids))


async def lock_households(conn: asyncpg.Connection, *, household_ids: list[str]) -> None:
    """Row locks in a fixed order: two monitor instances never assess one household at once."""
    await conn.execute("SELECT 1 FROM monitor.households WHERE household_id = ANY($1::text[]) "
                       "ORDER BY household_id FOR UPDATE", household_ids)


async def insert_unmatched(conn: asyncpg.Connection, *, rows: Sequence[UnmatchedRow]) -> None:
    if rows:
        await conn.executemany("INSERT INTO monitor.unmatched_events (event_id, source_topic, event_type, reason, "
                               "payload, candidates) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb) "
                               "ON CONFLICT DO NOTHING", rows)


async def insert_household_events(conn: asyncpg.Connection, *, rows: Sequence[HouseholdEventRow]) -> None:
    if rows:
        await conn.executemany(
            "INSERT INTO monitor.household_events (event_id, household_id, resident_id, department, event_type, "
            "occurred_at, amount_yuan, link_method, link_score, link_fields, payload) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb) ON CONFLICT DO NOTHING", rows)


async def medical_burden_in_window(conn: asyncpg.Connection, *, bills: Sequence[tuple[str, str, object]],
                                   event_type: str, window_days: int) -> dict[str, object]:
    """For each (event_id, household_id, business_time) bill: the household's summed amounts of
    bills in (time - window, time]. Business time, so late bills count where they belong."""
    if not bills:
        return {}
    ids, households, times = zip(*bills)
    rows = await conn.fetch(
        "SELECT b.event_id, coalesce(sum(e.amount_yuan), 0) AS burden "
        "FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS b(event_id, household_id, at) "
        "LEFT JOIN monitor.household_events e ON e.household_id = b.household_id AND e.event_type = $4 "
        "AND e.occurred_at > b.at - make_interval(days => $5) AND e.occurred_at <= b.at GROUP BY b.event_id",
        list(ids), list(households), list(times), event_type, window_days)
    return {r["event_id"]: r["burden"] for r in rows}


async def load_factors(conn: asyncpg.Connection, *, household_ids: list[str]) -> dict[str, dict[str, hh.FactorState]]:
    """Factor states by household, then by factor code (households with none map to {})."""
    states: dict[str, dict[str, hh.FactorState]] = defaultdict(dict)
    for row in await conn.fetch("SELECT * FROM monitor.factors WHERE household_id = ANY($1::text[])", household_ids):
        states[row["household_id"]][row["code"]] = hh.from_row(row)
    return states


async def upsert_factors(conn: asyncpg.Connection, *, rows: Sequence[hh.FactorRow]) -> None:
    if rows:
        await conn.executemany(
            "INSERT INTO monitor.factors (household_id, code, level, risk_type, active, resident_id, "
            "evidence_event_ids, amount_yuan, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            "ON CONFLICT (household_id, code) DO UPDATE SET level = excluded.level, risk_type = excluded.risk_type, "
            "active = excluded.active, resident_id = excluded.resident_id, "
            "evidence_event_ids = excluded.evidence_event_ids, amount_yuan = excluded.amount_yuan, "
            "changed_at = excluded.changed_at", rows)


async def open_alerts(conn: asyncpg.Connection, *, household_ids: list[str]) -> dict[str, asyncpg.Record]:
    """The most recent open alert of each household; `level` is the household's level as last
    assessed on it (after task outcomes), else the level it was raised with."""
    rows = await conn.fetch(
        "SELECT DISTINCT ON (household_id) household_id, alert_id, coalesce(current_level, level) AS level "
        "FROM monitor.alerts WHERE household_id = ANY($1::text[]) AND status <> ALL($2::text[]) "
        "ORDER BY household_id, raised_at DESC", household_ids, list(CLOSED))
    return {r["household_id"]: r for r in rows}


async def open_task_types(conn: asyncpg.Connection, *, household_ids: list[str]) -> set[tuple[str, str]]:
    """(household_id, task_type) of open tasks: one open task of a kind per household."""
    rows = await conn.fetch("SELECT household_id, task_type FROM monitor.tasks "
                            "WHERE household_id = ANY($1::text[]) AND status <> 'completed'", household_ids)
    return {(r["household_id"], r["task_type"]) for r in rows}


async def insert_alerts(conn: asyncpg.Connection, *, alerts: Sequence) -> None:
    """alerts: (AlertRaisedData, business_time, verification_due) triples. Each alert opens the
    cadres' verification task (services/monitor/verification.py)."""
    if alerts:
        await conn.executemany(
            "INSERT INTO monitor.alerts (alert_id, household_id, county_code, level, factors, policy_version, "
            "explanation_zh, explanation_en, link, business_time, verification_due) VALUES ($1, $2, $3, $4, "
            "$5::jsonb, $6, $7, $8, $9::jsonb, $10, $11) ON CONFLICT DO NOTHING",
            [(a.alert_id, a.household_id, a.county_code, a.level,
              json.dumps([f.model_dump(mode="json") for f in a.factors]), a.policy_version, a.explanation_zh,
              a.explanation_en, a.link.model_dump_json(), t, due) for a, t, due in alerts])
        await verification.open_tasks(conn, alerts=alerts)


async def insert_tasks(conn: asyncpg.Connection, *, tasks: Sequence) -> None:
    """tasks: AssistanceTaskAssignedData. A task is assigned at the business time of the event that
    caused it (its last evidence event, recorded earlier in the same transaction); the wall clock
    stands in only if that event is not on record."""
    if tasks:
        await conn.executemany(
            "INSERT INTO monitor.tasks (task_id, alert_id, household_id, department, task_type, factor_code, due_date, "
            "evidence_event_ids, assigned_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8::text[], "
            "coalesce((SELECT occurred_at FROM monitor.household_events "
            "WHERE event_id = ($8::text[])[cardinality($8::text[])]), now()) ON CONFLICT DO NOTHING",
            [(t.task_id, t.alert_id, t.household_id, t.department, t.task_type, t.factor_code, t.due_date,
              list(t.evidence_event_ids)) for t in tasks])


async def apply_task_status(conn: asyncpg.Connection, *, acknowledged: Sequence[tuple],
                            completed: Sequence[tuple], policy: Policy) -> set[str]:
    """acknowledged: (task_id, department, by, at); completed: (task_id, department, by, at, outcome,
    measures_json, amount, event_id); `at` is the department's event time (business time). The
    department must own the task; the cadres' verification tasks are settled only through the
    operator API. A task completed now clears or lowers its factor (services/monitor/outcomes.py)
    and its household is re-assessed under `policy`.
    Returns the task IDs that exist for their department (updated, or already past that state)."""
    ids = [t[0] for t in acknowledged] + [t[0] for t in completed]
    depts = [t[1] for t in acknowledged] + [t[1] for t in completed]
    known = {r["task_id"] for r in await conn.fetch(
        "SELECT t.task_id FROM monitor.tasks t JOIN unnest($1::text[], $2::text[]) AS k(task_id, department) "
        "ON t.task_id = k.task_id AND t.department = k.department WHERE t.task_type <> $3",
        ids, depts, verification.TASK_TYPE)} if ids else set()
    if acknowledged:
        await conn.fetch(
            "UPDATE monitor.tasks t SET status = 'acknowledged', acknowledged_by = a.by, acknowledged_at = a.at "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS a(task_id, department, by, at) "
            "WHERE t.task_id = a.task_id AND t.department = a.department AND t.status = 'assigned' "
            "AND t.task_id = ANY($5::text[]) RETURNING t.task_id", *map(list, zip(*acknowledged)), list(known))
    if completed:
        done = await conn.fetch(
            "UPDATE monitor.tasks t SET status = 'completed', completed_by = c.by, completed_at = c.at, "
            "outcome = c.outcome, measures = c.measures::jsonb, amount_yuan = c.amount, "
            "completion_event_id = c.event_id "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::numeric[], "
            "$8::text[]) AS c(task_id, department, by, at, outcome, measures, amount, event_id) "
            "WHERE t.task_id = c.task_id AND t.department = c.department AND t.status <> 'completed' "
            "AND t.task_id = ANY($9::text[]) "
            "RETURNING t.task_id, t.alert_id, t.household_id, t.factor_code, c.outcome, c.at, c.event_id",
            *map(list, zip(*completed)), list(known))
        await _apply_outcomes(conn, done, policy)
    return known


async def _apply_outcomes(conn: asyncpg.Connection, done: list[asyncpg.Record], policy: Policy) -> None:
    """Tasks completed in this transaction change their factors; their households are re-assessed."""
    todo: dict[str, list[TaskOutcome]] = defaultdict(list)
    for r in done:
        if r["factor_code"] is not None:
            todo[r["household_id"]].append(TaskOutcome(r["task_id"], r["alert_id"], r["factor_code"], r["outcome"],
                                                       r["at"], r["event_id"]))
    if not todo:
        return
    ids = sorted(todo)
    await lock_households(conn, household_ids=ids)
    states = await load_factors(conn, household_ids=ids)
    factor_rows, found = reassess(states, todo, policy)
    await upsert_factors(conn, rows=factor_rows)
    await record_assessments(conn, found=found, policy_version=policy.version)


async def record_assessments(conn: asyncpg.Connection, *, found: Sequence[Reassessment], policy_version: str) -> None:
    """Keep each re-assessment, and show its level on the household's open alerts unless a newer
    one (business time) is shown already. The level an alert was raised with never changes."""
    if not found:
        return
    await conn.executemany(
        "INSERT INTO monitor.assessments (household_id, alert_id, level, factors, explanation_zh, explanation_en, "
        "policy_version, at, cause, cause_id, evidence_event_ids) "
        "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)",
        [(r.household_id, r.alert_id, r.assessment.level, _factors_json(r.assessment.factors),
          r.assessment.explanation_zh, r.assessment.explanation_en, policy_version, r.at, r.cause, r.task_id,
          list(r.evidence_event_ids)) for r in found])
    await conn.executemany(
        "UPDATE monitor.alerts SET current_level = $2, assessed_at = $3 WHERE household_id = $1 "
        "AND status <> ALL($4::text[]) AND (assessed_at IS NULL OR assessed_at <= $3)",
        [(r.household_id, r.assessment.level, r.at, list(CLOSED)) for r in found])


def _factors_json(factors) -> str:
    """rules.Factor list in the shape alerts carry (contracts ActiveFactor)."""
    return json.dumps([m.ActiveFactor(code=f.code, level=f.level, risk_type=f.risk_type,
                                      evidence_event_ids=list(f.evidence_event_ids),
                                      amount_yuan=f.amount_yuan).model_dump(mode="json") for f in factors])
