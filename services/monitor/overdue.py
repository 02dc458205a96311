"""Overdue tasks (DESIGN.md section 6): a periodic pass (scheduler.py) marks tasks past their due
date, escalates their alert and announces it on monitor.alerts.v1 — in one transaction, via the
outbox. Departments' tasks and the cadres' verification tasks alike."""
from datetime import datetime

import asyncpg

from services.monitor import messages
from services.monitor.households import LOCAL_TZ
from shared import topics
from shared.contracts import monitor as m
from shared.keys import household_key
from shared.outbox import OutboxMessage, enqueue

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


async def mark_overdue(conn: asyncpg.Connection, now: datetime) -> list[str]:
    """Mark every newly overdue task and enqueue one escalation per task; returns their task IDs."""
    today = now.astimezone(LOCAL_TZ).date()
    rows = await conn.fetch(MARK_OVERDUE, today, now)
    out = []
    for r in rows:
        data = m.AlertEscalatedData(alert_id=r["alert_id"], household_id=r["household_id"],
                                    county_code=r["county_code"], task_id=r["task_id"], department=r["department"],
                                    task_type=r["task_type"], due_date=r["due_date"],
                                    days_overdue=(today - r["due_date"]).days)
        event = m.AlertEscalated(id=messages.stable_id("overdue", r["task_id"]), source=messages.SOURCE,
                                 type="cn.kashgar.monitor.alert_escalated.v1", time=now, subject=r["household_id"],
                                 data=data)
        out.append(OutboxMessage(topics.ALERTS, household_key(r["household_id"]), event.model_dump_json().encode()))
    await enqueue(conn, "monitor", out)
    return [r["task_id"] for r in rows]

