"""The cadres' verification visit (入户核实, DESIGN.md section 6) as a task of the township.

A department event never enrols a household by itself: each raised alert opens one verification
task, due by the policy's enrolment deadline (lifecycle.enrolment_deadline_days: 15 days in
national practice). It is stored with the departments' tasks, so the overdue pass escalates it
and the household plan (一户一策) lists it, but it is not published on any department's task
topic: the cadres work through the operator API, whose lifecycle moves settle it. raised ->
verifying acknowledges it; confirmed or dismissed completes it with that decision as its outcome;
each records the operator who decided and when (the decision's time).
"""
from collections.abc import Sequence
from datetime import datetime

import asyncpg

from services.monitor import messages

TASK_TYPE = "household_verification"
DEPARTMENT = "township"  # 乡镇 and village cadres


def task_id(alert_id: str) -> str:
    return messages.stable_id("verification", alert_id)


def _evidence(alert) -> list[str]:
    """Every evidence event of the alert's factors, first seen first."""
    return list(dict.fromkeys(e for f in alert.factors for e in f.evidence_event_ids))


SUPERSEDED = "superseded"  # outcome of a visit overtaken by a newer, worse alert of the same household
SUPERSEDED_BY = "monitor"


async def open_tasks(conn: asyncpg.Connection, *, alerts: Sequence[tuple]) -> None:
    """alerts: (AlertRaisedData, business_time, verification_due), as repository.insert_alerts gets
    them. Assigned at the alert's business time; a redelivered alert opens nothing new. The cadres
    visit a household once: an open visit of an earlier alert of the household is completed as
    `superseded` (by the monitor, at the new alert's business time), so it does not go overdue
    beside the new one (a local choice)."""
    if alerts:
        await conn.execute(
            "UPDATE monitor.tasks t SET status = 'completed', completed_by = $4, completed_at = n.at, outcome = $5 "
            "FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(household_id, alert_id, at) "
            "WHERE t.household_id = n.household_id AND t.task_type = $6 AND t.status <> 'completed' "
            "AND t.alert_id <> n.alert_id",
            [a.household_id for a, _, _ in alerts], [a.alert_id for a, _, _ in alerts], [at for _, at, _ in alerts],
            SUPERSEDED_BY, SUPERSEDED, TASK_TYPE)
        await conn.executemany(
            "INSERT INTO monitor.tasks (task_id, alert_id, household_id, department, task_type, due_date, "
            "evidence_event_ids, assigned_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            [(task_id(a.alert_id), a.alert_id, a.household_id, DEPARTMENT, TASK_TYPE, due, _evidence(a), at)
             for a, at, due in alerts])


async def on_transition(conn: asyncpg.Connection, *, alert_id: str, to_status: str, actor: str,
                        at: datetime) -> None:
    """Settle the alert's verification task for a lifecycle move, inside the caller's transaction."""
    if to_status == "verifying":
        await conn.execute("UPDATE monitor.tasks SET status = 'acknowledged', acknowledged_by = $3, "
                           "acknowledged_at = $4 WHERE alert_id = $1 AND task_type = $2 AND status = 'assigned'",
                           alert_id, TASK_TYPE, actor, at)
    elif to_status in ("confirmed", "dismissed"):
        await conn.execute("UPDATE monitor.tasks SET status = 'completed', completed_by = $3, completed_at = $4, "
                           "outcome = $5 WHERE alert_id = $1 AND task_type = $2 AND status <> 'completed'",
                           alert_id, TASK_TYPE, actor, at, to_status)
