"""What a run left behind, as comparable facts that do not depend on how records fell into the
monitor's batches or on the order across households.

The monitor assesses a household once per batch (services/monitor/assessing.decide_household):
its final factors do not depend on the batch boundaries (business time decides, factor_state),
but an alert or a task raised for a state between two of its events does. A factor set by one
event and cleared by a later one raises an alert and a task when the two fall into two batches,
nothing when they fall into one; both are correct. So the comparison keeps, exactly:
- each event's outcome (task status events by count, see below),
- the factors and their state,
- the level each household's open case shows at the end (its last raised alert as last
  assessed; green without one): what the final factors grade to,
- the standing tasks, in the monitor and in the department's store, with their status: the
  tasks of the task types of the factors active once the events are processed (before staff work
  them), and the cadres' visit of the open case of a household not green,
- one task status event per decision staff sent (task status events carry IDs the department
  services draw afresh, so they are counted against the decisions, not named),
- the dead letters (read from the dead-letter topic, one per source record by its stable ID).
Tasks of a state between two batches are counted, and printed, not compared."""
import json

import asyncpg

from services.monitor.lifecycle import CLOSED
from services.monitor.policy import load_policy
from shared import topics
from shared.contracts.catalog import DEPARTMENTS
from shared.kafka_replay import read_to_ends

# The household's open case as the monitor finds it (db_alerts.open_alerts: the last raised).
LATEST_ALERTS = ("SELECT DISTINCT ON (household_id) household_id, alert_id, coalesce(current_level, level) AS level "
                 "FROM monitor.alerts WHERE status <> ALL(ARRAY" + repr(list(CLOSED)) + "::text[]) "
                 "ORDER BY household_id, raised_at DESC")
VISITS_SQL = ("SELECT t.task_id FROM monitor.tasks t JOIN (" + LATEST_ALERTS + ") a USING (alert_id) "
              "WHERE t.task_type = 'household_verification' AND a.level <> 'green'")
FACTS_SQL = {
    "processed": "SELECT event_id, outcome FROM monitor.processed_events WHERE outcome <> 'task_status'",
    "factors": "SELECT household_id, code, active FROM monitor.factors",
    "household_levels": f"SELECT household_id, level FROM ({LATEST_ALERTS}) a WHERE level <> 'green'",
    "monitor_tasks": "SELECT household_id, department, task_type, status FROM monitor.tasks "
                     "WHERE task_id = ANY($1::text[])",
}


async def standing_tasks(dsn: str) -> list[str]:
    """IDs of the standing tasks (see above), once every event is processed and before staff act.
    A task stands for every active factor of its task type, not only the one it was raised for: no
    second task of a type is planned while one is open (services/monitor/task_planning), so which
    factor of the type a task names depends on the batches (a medical burden graded attention in one
    batch and over half the income in the next, or over half at once)."""
    policy = load_policy()
    conn = await asyncpg.connect(dsn)
    try:
        wanted = {(r["household_id"], policy.factors[r["code"]].task_type)
                  for r in await conn.fetch("SELECT household_id, code FROM monitor.factors WHERE active")}
        tasks = await conn.fetch("SELECT task_id, household_id, task_type FROM monitor.tasks")
        visits = [r["task_id"] for r in await conn.fetch(VISITS_SQL)]
    finally:
        await conn.close()
    return sorted({r["task_id"] for r in tasks if (r["household_id"], r["task_type"]) in wanted} | set(visits))


async def collect(dsn: str, letters: list[dict], standing: list[str],
                  staff_decisions: int) -> tuple[dict[str, list], int]:
    """({kind: [fact, ...]} with each fact a JSON-able list, tasks not standing); `letters` from
    dead_letters, `standing` from standing_tasks, `staff_decisions` the acknowledgements and
    completions staff sent."""
    conn = await asyncpg.connect(dsn)
    try:
        out = {kind: [list(r.values()) for r in await conn.fetch(sql, *([standing] if "$1" in sql else []))]
               for kind, sql in FACTS_SQL.items()}
        statuses = await conn.fetchval("SELECT count(*) FROM monitor.processed_events WHERE outcome = 'task_status'")
        out["task_status_events"] = [["beyond one per staff decision", statuses - staff_decisions]]
        out["department_tasks"] = []
        for d in DEPARTMENTS:
            if await conn.fetchval("SELECT to_regclass($1)", f"{d.code}.tasks"):
                out["department_tasks"] += [[d.code, *r.values()] for r in await conn.fetch(
                    f"SELECT household_id, task_type, status FROM {d.code}.tasks WHERE task_id = ANY($1::text[])",
                    standing)]
        transient = await conn.fetchval("SELECT count(*) FROM monitor.tasks WHERE NOT task_id = ANY($1::text[])",
                                        standing)
    finally:
        await conn.close()
    return out | {"dead_letters": [[d["reason"], d["original_sha256"]] for d in letters]}, transient


async def dead_letters(bootstrap: str) -> list[dict]:
    """The data of each distinct dead letter (shared.contracts.monitor.DeadLetterData as JSON); a
    redelivered record's dead letter has the same ID, so it counts once; a second one with another
    ID is a duplicate. As facts they are [reason, SHA-256 of the original]."""
    seen: dict[str, dict] = {}

    def keep(batch) -> None:
        for r in batch:
            v = json.loads(r.value)
            seen.setdefault(v["id"], v["data"])

    await read_to_ends(bootstrap, [topics.DEADLETTER], keep)
    return list(seen.values())
