"""A department's task store: tasks received from the monitor, and staff decisions on them.

A decision and the status event that tells the monitor are written in one transaction
(the event leaves through the department's outbox).
"""
import json
import uuid
from datetime import datetime, timezone

import asyncpg

from shared import topics
from shared.contracts import monitor as m
from shared.keys import household_key
from shared.outbox import OutboxMessage, enqueue

NAMESPACE = uuid.UUID("0c3e7a52-8f6b-4f1e-9d0a-6531a5e2c1b7")


_ACKNOWLEDGE = "UPDATE tasks SET status = $2, acknowledged_at = $3, acknowledged_by = $4 WHERE task_id = $1"
_COMPLETE = "UPDATE tasks SET status = $2, completed_at = $3, completed_by = $4, outcome = $5 WHERE task_id = $1"


class TaskNotFound(LookupError):
    pass


class TaskStateConflict(ValueError):
    """The task is not in a state that allows this decision (e.g. completing a completed task)."""


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


async def _transition(conn, task_id: str, allowed_from: tuple[str, ...], new_status: str,
                      actor: str, detail: dict, set_status: str, values: tuple) -> asyncpg.Record:
    """Move the task to `new_status` with `set_status` (an UPDATE taking $1 task_id, $2 status,
    then `values`) and record it in the history; raises TaskNotFound or TaskStateConflict."""
    row = await conn.fetchrow("SELECT status, household_id FROM tasks WHERE task_id = $1 FOR UPDATE", task_id)
    if row is None:
        raise TaskNotFound(task_id)
    if row["status"] not in allowed_from:
        raise TaskStateConflict(f"task is {row['status']}; {new_status} needs one of {', '.join(allowed_from)}")
    await conn.execute(set_status, task_id, new_status, *values)
    await conn.execute("INSERT INTO task_history (task_id, status, actor, detail) VALUES ($1, $2, $3, $4::jsonb)",
                       task_id, new_status, actor, json.dumps(detail, ensure_ascii=False, default=str))
    return row


async def acknowledge(conn: asyncpg.Connection, department: str, task_id: str, by: str,
                      note: str | None) -> m.TaskAcknowledged:
    now = datetime.now(timezone.utc)
    row = await _transition(conn, task_id, ("open",), "acknowledged", by, {"note": note},
                            _ACKNOWLEDGE, (now, by))
    event = m.TaskAcknowledged(
        id=str(uuid.uuid5(NAMESPACE, f"{task_id}|acknowledged")), source=f"/kashgar/{department}",
        type="cn.kashgar.assistance_task.acknowledged.v1", time=now, subject=row["household_id"],
        data=m.TaskAcknowledgedData(task_id=task_id, department=department, acknowledged_by=by, note=note))
    await enqueue(conn, None, [OutboxMessage(topics.events_topic(department), household_key(row["household_id"]),
                                               event.model_dump_json().encode())])
    return event


async def complete(conn: asyncpg.Connection, department: str, task_id: str,
                   data: m.TaskCompletedData) -> m.TaskCompleted:
    now = datetime.now(timezone.utc)
    row = await _transition(conn, task_id, ("open", "acknowledged"), "completed", data.completed_by,
                            data.model_dump(mode="json"), _COMPLETE,
                            (now, data.completed_by, data.outcome))
    event = m.TaskCompleted(
        id=str(uuid.uuid5(NAMESPACE, f"{task_id}|completed")), source=f"/kashgar/{department}",
        type="cn.kashgar.assistance_task.completed.v1", time=now, subject=row["household_id"], data=data)
    await enqueue(conn, None, [OutboxMessage(topics.events_topic(department), household_key(row["household_id"]),
                                               event.model_dump_json().encode())])
    return event
