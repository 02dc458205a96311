"""The task table and its history: tasks received from the monitor, and the status decisions move
them to (shared.kit.tasks.decisions)."""
import json

import asyncpg

from shared.contracts import monitor as m
from shared.kit.tasks.decisions import ACKNOWLEDGED, COMPLETED, Decision

SET_STATUS = {
    ACKNOWLEDGED: "UPDATE tasks SET status = $2, acknowledged_at = $3, acknowledged_by = $4 WHERE task_id = $1",
    COMPLETED: "UPDATE tasks SET status = $2, completed_at = $3, completed_by = $4, outcome = $5 WHERE task_id = $1"}


async def store_assigned(conn: asyncpg.Connection, event: m.AssistanceTaskAssigned) -> bool:
    """Insert a task from the monitor; a redelivered task is ignored. Returns True when new."""
    row = await conn.fetchrow(
        "INSERT INTO tasks (task_id, household_id, task_type, due_date, payload) "
        "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (task_id) DO NOTHING RETURNING task_id",
        event.data.task_id, event.data.household_id, event.data.task_type, event.data.due_date,
        event.model_dump_json())
    return row is not None


async def list_tasks(conn: asyncpg.Connection, status: str | None, limit: int,
                     offset: int = 0) -> list[dict]:
    """Tasks by due date (oldest first), one page of `limit` from `offset`."""
    rows = await conn.fetch(
        "SELECT task_id, household_id, task_type, due_date, status, received_at, acknowledged_at, completed_at, outcome "
        "FROM tasks WHERE ($1::text IS NULL OR status = $1) ORDER BY due_date, task_id LIMIT $2 OFFSET $3",
        status, limit, offset)
    return [dict(r) for r in rows]


async def transition(conn: asyncpg.Connection, decision: Decision) -> str:
    """Move the task to the decision's status and record it in the history; returns the task's
    household ID. Raises TaskNotFound or TaskStateConflict (Decision.check)."""
    row = await conn.fetchrow("SELECT status, household_id FROM tasks WHERE task_id = $1 FOR UPDATE", decision.task_id)
    decision.check(None if row is None else row["status"])
    values = (decision.at, decision.actor) + ((decision.data.outcome,) if decision.status != ACKNOWLEDGED else ())
    await conn.execute(SET_STATUS[decision.status], decision.task_id, decision.status, *values)
    await conn.execute("INSERT INTO task_history (task_id, status, actor, detail) VALUES ($1, $2, $3, $4::jsonb)",
                       decision.task_id, decision.status, decision.actor,
                       json.dumps(decision.detail(), ensure_ascii=False, default=str))
    return row["household_id"]
