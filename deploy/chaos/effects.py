"""What a run left behind, as comparable facts that do not depend on how records fell into the
monitor's batches (two events of a household in one batch are assessed once, in two batches twice;
both are correct): each event's outcome, the factors and their state, the levels each household was
alerted at, the tasks in the monitor and in each department's store with their status (counted, so a
second task is a duplicate), and the dead letters (read from the dead-letter topic, one per source
record by its stable ID)."""
import json

import asyncpg
from aiokafka import AIOKafkaConsumer

from shared import topics
from shared.contracts.catalog import DEPARTMENTS
from shared.kafka_admin import partitions_of

FACTS_SQL = {
    # Task status events carry IDs the department services draw afresh: counted, not named.
    "processed": "SELECT CASE WHEN outcome = 'task_status' THEN '' ELSE event_id END, outcome "
                 "FROM monitor.processed_events",
    "factors": "SELECT household_id, code, active FROM monitor.factors",
    "alert_levels": "SELECT DISTINCT household_id, level FROM monitor.alerts",
    "monitor_tasks": "SELECT household_id, department, task_type, status FROM monitor.tasks",
}


async def collect(dsn: str, bootstrap: str) -> dict[str, list]:
    """{kind: [fact, ...]} with each fact a JSON-able list."""
    conn = await asyncpg.connect(dsn)
    try:
        out = {kind: [list(r.values()) for r in await conn.fetch(sql)] for kind, sql in FACTS_SQL.items()}
        out["department_tasks"] = []
        for d in DEPARTMENTS:
            if await conn.fetchval("SELECT to_regclass($1)", f"{d.code}.tasks"):
                out["department_tasks"] += [[d.code, *r.values()] for r in
                                            await conn.fetch(f"SELECT household_id, task_type, status FROM {d.code}.tasks")]
    finally:
        await conn.close()
    return out | {"dead_letters": await dead_letters(bootstrap)}


async def dead_letters(bootstrap: str) -> list:
    """[reason, SHA-256 of the original] per distinct dead letter (a redelivered record's dead
    letter has the same ID, so it counts once; a second one with another ID is a duplicate)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = await partitions_of(bootstrap, [topics.DEADLETTER])
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        seen: dict[str, list] = {}
        while [tp for tp in parts if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                for r in batch:
                    v = json.loads(r.value)
                    seen.setdefault(v["id"], [v["data"]["reason"], v["data"]["original_sha256"]])
        return list(seen.values())
    finally:
        await consumer.stop()
