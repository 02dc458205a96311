"""Bad input never stops a consumer and is never silently dropped: each case below goes to the
dead-letter topic with its reason, and a good event sent after it is still processed."""
import asyncio
import base64
import json
import os
import subprocess
import sys
import uuid
from datetime import datetime, timezone

import asyncpg
import httpx

from services.monitor.isolation import process_records
from services.monitor.policy import load_policy
from shared import topics
from shared.contracts.catalog import DEPARTMENT_EVENTS
from tests.integration import events as ev
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish


def _dead_for(system, predicate, timeout_s: float = 20, count: int = 1):
    """The dead letters matching `predicate` once there are `count` of them."""
    return system.reader.wait_for(topics.DEADLETTER, lambda v: predicate(v["data"]), count=count, timeout_s=timeout_s)


def _probe_time_s() -> float:
    """How long the monitor may take to find a record its client cannot parse: it probes each
    partition of the events topics it reads for up to 2 s (services/monitor/unreadable.py), 3
    partitions per topic here, one topic per source of the catalog."""
    return 2 * 3 * len(DEPARTMENT_EVENTS) + 10


async def _still_processing(system, db) -> None:
    row = await pick(db, "p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D")))
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=20)


async def test_a_business_time_in_year_one_or_in_the_future_is_dead_lettered(system, db):
    row = await pick(db, "p.relation = 'head'")
    good = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    ancient = dict(good, id=str(uuid.uuid4()), time="0001-01-01T00:00:00+08:00")
    future = dict(good, id=str(uuid.uuid4()), time="2999-01-01T00:00:00+08:00")
    await publish(system, "housing", json.dumps(ancient).encode(), json.dumps(future).encode())
    reasons = [d["data"]["reason"] for d in await system.reader.wait_for(
        topics.DEADLETTER, lambda v: json.loads(base64.b64decode(v["data"]["original_value_base64"]) or b"{}"
                                                ).get("id") in (ancient["id"], future["id"])
        if v["data"]["original_value_base64"].startswith("ey") else False, count=2)]
    assert any("before 1900" in r for r in reasons) and any("future" in r for r in reasons), reasons
    await _still_processing(system, db)


async def test_a_header_key_that_is_not_utf8_is_dead_lettered_and_the_partition_moves_on(system, db):
    # Produced by aiokafka's pure-Python record builder, which writes the key bytes as given.
    script = (
        "import asyncio, os\n"
        "from aiokafka import AIOKafkaProducer\n"
        "from shared.kafka_security import client_options\n"
        "class RawKey(str):\n"
        "    def encode(self, *a, **k): return b'\\xff\\xfe'\n"
        "async def main():\n"
        "    p = AIOKafkaProducer(**client_options(os.environ['BOOT']))\n"
        "    await p.start()\n"
        "    await p.send_and_wait(os.environ['TOPIC'], b'{}', key=b'hk', headers=[(RawKey('k'), b'v')])\n"
        "    await p.stop()\n"
        "asyncio.run(main())\n")
    env = {**os.environ, "AIOKAFKA_NO_EXTENSIONS": "1", "BOOT": system.bootstrap,
           "TOPIC": topics.events_topic("employment")}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    dead = await _dead_for(system, lambda d: d["source_topic"] == topics.events_topic("employment")
                           and d["reason"].startswith("unreadable record"), timeout_s=_probe_time_s())
    assert dead[0]["data"]["offset"] >= 0
    row = await pick(db, "p.main_earner")
    await publish(system, "employment", as_bytes(ev.job_lost(ev.person(row))), key=b"hk")
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=20)
    assert system.services["monitor"].proc.poll() is None


async def test_a_large_invalid_record_is_dead_lettered_in_part_and_nothing_waits_behind_it(system, db):
    row = await pick(db, "p.relation = 'head'")
    big = json.loads(as_bytes(ev.housing(ev.person(row), "D")))
    big.update(id=str(uuid.uuid4()), dataschema="x" * 900_000)
    big["data"]["grade"] = "E"
    await publish(system, "housing", json.dumps(big).encode())
    dead = await _dead_for(system, lambda d: d["original_size_bytes"] > 900_000)
    assert dead[0]["data"]["original_truncated"] is True
    await _still_processing(system, db)


async def test_an_event_id_reused_for_different_content_is_dead_lettered_not_dropped(system, db):
    first, second = await pick(db, "p.relation = 'head'"), await pick(db, "p.relation = 'head'")
    a = ev.housing(ev.person(first), "D")
    b = ev.housing(ev.person(second), "C").model_copy(update={"id": a.id})
    await publish(system, "housing", as_bytes(a))
    await system.reader.wait_for(topics.ALERTS, for_household(first["household_id"]))
    await publish(system, "housing", as_bytes(b))
    # its own dead letter: other tests dead-letter reused IDs too (test_same_event_other_spelling)
    dead = await _dead_for(system, lambda d: "already used for different content" in d["reason"]
                           and base64.b64decode(d["original_value_base64"]) == as_bytes(b))
    assert json.loads(base64.b64decode(dead[-1]["data"]["original_value_base64"]))["id"] == a.id


async def test_a_status_event_for_a_task_that_does_not_exist_is_dead_lettered(system, db):
    event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "/kashgar/housing",
             "type": "cn.kashgar.assistance_task.completed.v1", "time": datetime.now(timezone.utc).isoformat(),
             "data": {"task_id": "no-such-task", "department": "housing", "completed_by": "staff-1",
                      "outcome": "resolved"}}
    await publish(system, "housing", json.dumps(event).encode())
    dead = await _dead_for(system, lambda d: "no task no-such-task" in d["reason"])
    assert dead[0]["data"]["source_topic"] == topics.events_topic("housing")


async def test_a_record_that_fails_processing_is_isolated_and_dead_lettered_while_the_rest_of_its_batch_lands(
        system, db):
    """A policy without the job-loss factors, which a conditional rule sets in code, makes that one
    record fail inside processing. (A factor declared in the policy that a policy lacks is simply
    not raised: its rule is the declaration.)"""
    from aiokafka.structs import ConsumerRecord

    policy = load_policy()
    job_loss = ("main_earner_job_lost", "member_job_lost")
    broken = policy.model_copy(update={"factors": {k: v for k, v in policy.factors.items() if k not in job_loss}})
    bad_row, good_row = await pick(db, "p.birth_date < '1990-01-01'"), await pick(db, "p.relation = 'head'")
    records = [ConsumerRecord(topics.events_topic(dept), 0, 10_000_000 + i, 0, 0, b"k", as_bytes(e), None, 1, 0, [])
               for i, (dept, e) in enumerate([("employment", ev.job_lost(ev.person(bad_row))),
                                              ("housing", ev.housing(ev.person(good_row), "D"))])]
    pool = await asyncpg.create_pool(system.dsn, min_size=1, max_size=2)
    try:
        result = await process_records(pool, records, broken, "isolation-test-secret", asyncio.Event())
    finally:
        await pool.close()
    assert result.counts["dead_lettered"] == 1 and result.counts["linked"] == 1
    assert await db.fetchval('SELECT reason FROM monitor.dead_letters WHERE "offset" = 10000000') \
        == "processing failed: KeyError"
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE household_id = $1",
                             good_row["household_id"]) == 1


async def test_the_http_api_answers_bad_requests_with_4xx_and_never_500(system, db):
    deep = "[" * 5000 + "]" * 5000
    async with httpx.AsyncClient(timeout=30, headers=system.department_headers("housing")) as http:
        url = system.url("housing", "")
        answers = {
            "deep nesting": await http.post(url + "/v1/events", content=deep),
            "huge dataschema": await http.post(url + "/v1/events", json={**json.loads(as_bytes(ev.housing(ev.person(
                await pick(db, "p.relation = 'head'")), "D"))), "dataschema": "x" * 1_100_000}),
            "offset beyond range": await http.get(url + "/v1/tasks", params={"offset": 2 ** 63}),
            "long task id": await http.post(url + "/v1/tasks/" + "a" * 101 + "/complete",
                                            json={"completed_by": "s", "outcome": "resolved"}),
            "NUL in task id": await http.post(url + "/v1/tasks/ab%00cd/acknowledge", json={"acknowledged_by": "s"}),
            "blank staff": await http.post(url + "/v1/tasks/abc/acknowledge", json={"acknowledged_by": "   "}),
            "unknown field": await http.post(url + "/v1/tasks/abc/acknowledge",
                                             json={"acknowledged_by": "s", "notes": "typo"}),
        }
    statuses = {k: r.status_code for k, r in answers.items()}
    assert all(400 <= s < 500 for s in statuses.values()), statuses
    assert system.services["housing"].proc.poll() is None
