"""monitor.tasks: the departments' assistance tasks and the cadres' verification visits
(services/monitor/verification.py), their status and when they went overdue."""
from collections.abc import Sequence
from datetime import date, datetime

import asyncpg

from services.monitor import verification
from services.monitor.assessing import NewAlert
from services.monitor.task_reports import CompletedTask, TaskAck, TaskCompletion
from shared.bulk import columns, json_arrays


async def open_task_types(conn: asyncpg.Connection, *, household_ids: list[str]) -> set[tuple[str, str]]:
    """(household_id, task_type) of open tasks: one open task of a kind per household."""
    rows = await conn.fetch("SELECT household_id, task_type FROM monitor.tasks "
                            "WHERE household_id = ANY($1::text[]) AND status <> 'completed'", household_ids)
    return {(r["household_id"], r["task_type"]) for r in rows}


async def insert_tasks(conn: asyncpg.Connection, *, tasks: Sequence) -> None:
    """tasks: AssistanceTaskAssignedData. A task is assigned at the business time of the event that
    caused it (its last evidence event, recorded earlier in the same transaction); the wall clock
    stands in only if that event is not on record. One statement for the batch."""
    if tasks:
        await conn.execute(
            "INSERT INTO monitor.tasks (task_id, alert_id, household_id, department, task_type, factor_code, due_date, "
            "evidence_event_ids, assigned_at) SELECT t.id, t.alert, t.household, t.department, t.type, t.factor, "
            "t.due, ARRAY(SELECT jsonb_array_elements_text(t.evidence::jsonb)), "
            "coalesce((SELECT max(occurred_at) FROM monitor.household_events "  # max: two sources may share an id
            "WHERE event_id = t.evidence::jsonb ->> -1 AND household_id = t.household), now()) "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], "
            "$8::text[]) AS t(id, alert, household, department, type, factor, due, evidence) ON CONFLICT DO NOTHING",
            *columns([(t.task_id, t.alert_id, t.household_id, t.department, t.task_type, t.factor_code, t.due_date)
                      for t in tasks], 7), json_arrays(t.evidence_event_ids for t in tasks))


async def known_tasks(conn: asyncpg.Connection, *, keys: Sequence[tuple[str, str]]) -> set[str]:
    """Of (task_id, department) pairs, the task IDs that exist for that department; the cadres'
    verification tasks are settled only through the operator API, so never count."""
    if not keys:
        return set()
    ids, departments = zip(*keys)
    return {r["task_id"] for r in await conn.fetch(
        "SELECT t.task_id FROM monitor.tasks t JOIN unnest($1::text[], $2::text[]) AS k(task_id, department) "
        "ON t.task_id = k.task_id AND t.department = k.department WHERE t.task_type <> $3",
        list(ids), list(departments), verification.TASK_TYPE)}


async def acknowledge(conn: asyncpg.Connection, *, acks: Sequence[TaskAck], known: set[str]) -> None:
    """Known tasks still `assigned` become `acknowledged`."""
    if acks:
        await conn.fetch(
            "UPDATE monitor.tasks t SET status = 'acknowledged', acknowledged_by = a.by, acknowledged_at = a.at "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS a(task_id, department, by, at) "
            "WHERE t.task_id = a.task_id AND t.department = a.department AND t.status = 'assigned' "
            "AND t.task_id = ANY($5::text[]) RETURNING t.task_id", *map(list, zip(*acks)), list(known))


async def complete(conn: asyncpg.Connection, *, completions: Sequence[TaskCompletion],
                   known: set[str]) -> list[CompletedTask]:
    """Known tasks not completed yet become `completed`; returns those this call completed."""
    if not completions:
        return []
    rows = await conn.fetch(
        "UPDATE monitor.tasks t SET status = 'completed', completed_by = c.by, completed_at = c.at, "
        "outcome = c.outcome, measures = c.measures::jsonb, amount_yuan = c.amount, "
        "completion_event_id = c.event_id "
        "FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::numeric[], "
        "$8::text[]) AS c(task_id, department, by, at, outcome, measures, amount, event_id) "
        "WHERE t.task_id = c.task_id AND t.department = c.department AND t.status <> 'completed' "
        "AND t.task_id = ANY($9::text[]) "
        "RETURNING t.task_id, t.alert_id, t.household_id, t.factor_code, c.outcome, c.at, c.event_id",
        *map(list, zip(*completions)), list(known))
    return [CompletedTask(*r) for r in rows]


async def open_visits(conn: asyncpg.Connection, *, alerts: Sequence[NewAlert]) -> None:
    """One verification visit per new alert, assigned at its business time; a redelivered alert
    opens nothing new. An open visit of an earlier alert of the household is completed as
    `superseded` (by the monitor, at the new alert's business time), so it does not go overdue
    beside the new one (a local choice)."""
    if alerts:
        await conn.execute(
            "UPDATE monitor.tasks t SET status = 'completed', completed_by = $4, completed_at = n.at, outcome = $5 "
            "FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(household_id, alert_id, at) "
            "WHERE t.household_id = n.household_id AND t.task_type = $6 AND t.status <> 'completed' "
            "AND t.alert_id <> n.alert_id",
            [a.household_id for a, _, _ in alerts], [a.alert_id for a, _, _ in alerts], [at for _, at, _ in alerts],
            verification.SUPERSEDED_BY, verification.SUPERSEDED, verification.TASK_TYPE)
        await conn.execute(
            "INSERT INTO monitor.tasks (task_id, alert_id, household_id, department, task_type, due_date, "
            "evidence_event_ids, assigned_at) SELECT id, alert, household, $4, $5, due, "
            "ARRAY(SELECT jsonb_array_elements_text(evidence::jsonb)), at FROM unnest($1::text[], $2::text[], "
            "$3::text[], $6::date[], $7::text[], $8::timestamptz[]) AS v(id, alert, household, due, evidence, at) "
            "ON CONFLICT DO NOTHING",
            *columns([(verification.task_id(a.alert_id), a.alert_id, a.household_id) for a, _, _ in alerts], 3),
            verification.DEPARTMENT, verification.TASK_TYPE, [due for _, _, due in alerts],
            json_arrays(verification.evidence(a) for a, _, _ in alerts), [at for _, at, _ in alerts])


async def settle_visit(conn: asyncpg.Connection, *, alert_id: str, to_status: str, actor: str, at: datetime) -> None:
    """Settle the alert's verification visit for a lifecycle move: `verifying` acknowledges it,
    `confirmed` or `dismissed` completes it with that outcome; other moves leave it."""
    if to_status == "verifying":
        await conn.execute("UPDATE monitor.tasks SET status = 'acknowledged', acknowledged_by = $3, "
                           "acknowledged_at = $4 WHERE alert_id = $1 AND task_type = $2 AND status = 'assigned'",
                           alert_id, verification.TASK_TYPE, actor, at)
    elif to_status in ("confirmed", "dismissed"):
        await conn.execute("UPDATE monitor.tasks SET status = 'completed', completed_by = $3, completed_at = $4, "
                           "outcome = $5 WHERE alert_id = $1 AND task_type = $2 AND status <> 'completed'",
                           alert_id, verification.TASK_TYPE, actor, at, to_status)


async def household_plan(conn: asyncpg.Connection, household_id: str) -> list[dict]:
    """一户一策: every open measure (task) for the household, soonest due first."""
    rows = await conn.fetch("SELECT task_id, alert_id, department, task_type, factor_code, due_date, status, "
                            "overdue_at FROM monitor.tasks WHERE household_id = $1 AND status <> 'completed' "
                            "ORDER BY due_date, task_id", household_id)
    return [dict(r) for r in rows]


MARK_OVERDUE = """
WITH due AS (
    UPDATE monitor.tasks SET overdue_at = $2 WHERE status <> 'completed' AND overdue_at IS NULL AND due_date < $1
    RETURNING task_id, alert_id, household_id, department, task_type, due_date
), bumped AS (
    UPDATE monitor.alerts a SET escalations = a.escalations + n.cnt
    FROM (SELECT alert_id, count(*) AS cnt FROM due GROUP BY alert_id) n WHERE a.alert_id = n.alert_id
    RETURNING a.alert_id, a.county_code
)
SELECT due.*, bumped.county_code FROM due JOIN bumped USING (alert_id)
"""


async def mark_overdue(conn: asyncpg.Connection, *, today: date, now: datetime) -> list[asyncpg.Record]:
    """Mark (at `now`) every open task due before `today` and not marked yet, and count it on its
    alert's escalations in the same statement; returns the tasks marked with their county."""
    return await conn.fetch(MARK_OVERDUE, today, now)


async def open_tasks_of(conn: asyncpg.Connection, *, household_ids: list[str]) -> list[asyncpg.Record]:
    """(task_id, household_id, task_type, factor_code) of the households' open tasks."""
    return await conn.fetch("SELECT task_id, household_id, task_type, factor_code FROM monitor.tasks "
                            "WHERE household_id = ANY($1::text[]) AND status <> 'completed' ORDER BY task_id",
                            household_ids)


async def move_tasks(conn: asyncpg.Connection, *, moves: Sequence[tuple[str, str]]) -> None:
    """(task_id, household_id): tasks that follow a member to another household (a registry
    difference); each keeps its alert, the one it was assigned under."""
    if moves:
        await conn.execute("UPDATE monitor.tasks t SET household_id = m.household_id "
                           "FROM unnest($1::text[], $2::text[]) AS m(task_id, household_id) "
                           "WHERE t.task_id = m.task_id", *map(list, zip(*moves)))


async def supersede_tasks(conn: asyncpg.Connection, *, task_ids: Sequence[str], by: str, at: datetime) -> None:
    """Complete open tasks as `superseded` (verification.SUPERSEDED) by `by` at `at`."""
    if task_ids:
        await conn.execute("UPDATE monitor.tasks SET status = 'completed', completed_by = $2, completed_at = $3, "
                           "outcome = $4 WHERE task_id = ANY($1::text[]) AND status <> 'completed'",
                           list(task_ids), by, at, verification.SUPERSEDED)
