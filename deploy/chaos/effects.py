"""What a run left behind, as comparable facts (no generated IDs, no wall-clock times): alerts,
tasks in the monitor with their status, tasks in each department's store with theirs, and the
dead letters (read from the dead-letter topic: one per source record, by its stable ID)."""
import json

import asyncpg
from aiokafka import AIOKafkaConsumer

from shared import topics
from shared.kafka_admin import partitions_of
from shared.contracts.catalog import DEPARTMENTS

ALERTS_SQL = ("SELECT household_id, level, status, factors FROM monitor.alerts")
TASKS_SQL = "SELECT household_id, department, task_type, factor_code, status FROM monitor.tasks"


async def collect(dsn: str, bootstrap: str) -> dict[str, list]:
    """{kind: [fact, ...]} with each fact a JSON-able list."""
    conn = await asyncpg.connect(dsn)
    try:
        alerts = [[r["household_id"], r["level"], r["status"],
                   sorted((f["code"], tuple(f.get("evidence_event_ids") or ())) for f in json.loads(r["factors"]))]
                  for r in await conn.fetch(ALERTS_SQL)]
        tasks = [list(r.values()) for r in await conn.fetch(TASKS_SQL)]
        dept_tasks = []
        for d in DEPARTMENTS:
            if await conn.fetchval("SELECT to_regclass($1)", f"{d.code}.tasks"):
                dept_tasks += [[d.code, *r.values()] for r in
                               await conn.fetch(f"SELECT household_id, task_type, status FROM {d.code}.tasks")]
    finally:
        await conn.close()
    return {"alerts": alerts, "monitor_tasks": tasks, "department_tasks": dept_tasks,
            "dead_letters": await dead_letters(bootstrap)}


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
