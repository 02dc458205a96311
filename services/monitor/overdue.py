"""Use case, a scheduled pass: overdue tasks (DESIGN.md section 6) are marked past their due date,
their alert escalated and announced on monitor.alerts.v1 — in one transaction, via the outbox.
Departments' tasks and the cadres' verification tasks alike."""
from datetime import datetime

import asyncpg

from services.monitor import db_tasks, messages
from services.monitor.local_time import local_date
from shared.contracts import monitor as m
from shared.outbox import enqueue


async def mark_overdue(conn: asyncpg.Connection, now: datetime) -> list[str]:
    """Mark every newly overdue task and enqueue one escalation per task; returns their task IDs."""
    today = local_date(now)
    rows = await db_tasks.mark_overdue(conn, today=today, now=now)
    await enqueue(conn, "monitor", [messages.escalated(m.AlertEscalatedData(
        alert_id=r["alert_id"], household_id=r["household_id"], county_code=r["county_code"], task_id=r["task_id"],
        department=r["department"], task_type=r["task_type"], due_date=r["due_date"],
        days_overdue=(today - r["due_date"]).days), now) for r in rows])
    return [r["task_id"] for r in rows]
