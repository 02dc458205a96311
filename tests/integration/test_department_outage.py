"""A department service whose PostgreSQL goes away (tests/faults/tcp_proxy.py cuts the connection;
the shared server stays up): its API answers 503 with Retry-After, never 500, /readyz says the
database is away, and once the connection is back the same request with the same Idempotency-Key
takes effect once. A task that arrives meanwhile is kept once, neither dropped nor doubled.

The service runs as its own process on a database and a topic prefix of its own (below the
session's), so the session's housing service and monitor never take its task or its events."""
import asyncio
import json
import time
import uuid
from datetime import date

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared import topics
from shared.contracts import monitor as m
from shared.contracts.types import Person
from shared.kit.http.unavailable import RETRY_AFTER_S
from tests.faults.tcp_proxy import fault_proxy
from tests.integration import events as ev
from tests.integration.system import free_port, service_env, start_service, wait_http, wait_log
from shared.kafka_security import client_options

PREFIX = (topics.PREFIX.rstrip(".") or "it0") + "outage" + uuid.uuid4().hex[:6] + "."
EVENTS, TASKS = PREFIX + "housing.events.v1", PREFIX + "monitor.tasks.housing.v1"


def appraisal() -> dict:
    person = Person(resident_id="653101199001011235", name="测试人员", gender="M", birth_date=date(1990, 1, 1))
    return json.loads(ev.housing(person, "D").model_dump_json())


def task() -> m.AssistanceTaskAssigned:
    return m.AssistanceTaskAssigned(
        id=str(uuid.uuid4()), source="/kashgar/monitor", type="cn.kashgar.monitor.assistance_task_assigned.v1",
        time=ev.NOW, data=m.AssistanceTaskAssignedData(
            task_id=f"outage-{uuid.uuid4().hex[:8]}", alert_id="a-1", household_id="6531010001", department="housing",
            task_type="housing_renovation", factor_code="unsafe_housing", due_date=date(2026, 11, 15),
            person=Person(resident_id="653101199001011235", name="测试人员"), evidence_event_ids=["ev-1"]))


async def until(predicate, timeout_s: float = 60, what: str = ""):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := await predicate():
            return result
        await asyncio.sleep(0.3)
    raise AssertionError(f"not within {timeout_s} s: {what}")


async def published(bootstrap: str, event_id: str, settle_s: float = 3) -> int:
    """How many records of EVENTS carry `event_id`, read from the start until `settle_s` pass quietly."""
    consumer = AIOKafkaConsumer(EVENTS, **client_options(bootstrap), auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        found = 0
        while batch := await consumer.getmany(timeout_ms=int(settle_s * 1000)):
            found += sum(json.loads(r.value)["id"] == event_id for rs in batch.values() for r in rs)
        return found
    finally:
        await consumer.stop()


async def test_a_database_outage_is_503_with_retry_after_and_the_retry_takes_effect_once(infra, empty_registry,
                                                                                         tmp_path):
    host, port = infra.server_dsn.split("@", 1)[1].split("/", 1)[0].rsplit(":", 1)
    body, assigned, key = appraisal(), task(), str(uuid.uuid4())
    with fault_proxy(host, int(port)) as proxy:
        env = {**service_env(infra.bootstrap, proxy.dsn(empty_registry)), "TOPIC_PREFIX": PREFIX}
        port = free_port()
        service = start_service("housing", ["services.housing", "serve", "--port", str(port)], env, tmp_path, port)
        try:
            await asyncio.to_thread(wait_http, service)
            url = f"http://127.0.0.1:{service.port}"
            keys = dict(i.split(":", 1) for i in env["DEPARTMENT_API_KEYS"].split(","))
            headers = {"Authorization": f"Bearer {keys['housing']}", "Idempotency-Key": key}
            async with httpx.AsyncClient(timeout=30, base_url=url, headers=headers) as http:
                assert (await http.get("/readyz")).status_code == 200
                proxy.cut()
                during = [await http.post("/v1/events", json=body), await http.get("/v1/tasks"),
                          await http.post("/v1/events", json=body)]
                ready = await http.get("/readyz")
                producer = AIOKafkaProducer(**client_options(infra.bootstrap))
                await producer.start()
                try:
                    await producer.send_and_wait(TASKS, assigned.model_dump_json().encode(), key=b"k")
                finally:
                    await producer.stop()
                await asyncio.to_thread(wait_log, service, "task_store_retry", 60)  # it waits, not drops
                proxy.restore()
                await until(lambda: _ready(http), what="/readyz 200 after the restore")
                after = [await http.post("/v1/events", json=body) for _ in range(2)]
        finally:
            service.stop()
    assert [a.status_code for a in during] == [503, 503, 503]
    assert all(a.headers["Retry-After"] == str(RETRY_AFTER_S) for a in during)
    assert ready.status_code == 503 and ready.json()["away"] == ["database"] and "Retry-After" in ready.headers
    assert [a.status_code for a in after] == [202, 202] and after[0].json() == after[1].json() == {"accepted": [body["id"]]}
    assert "idempotent-replayed" not in after[0].headers and after[1].headers["idempotent-replayed"] == "true"
    conn = await asyncpg.connect(empty_registry)  # directly, not through the proxy
    try:
        assert await conn.fetchval("SELECT count(*) FROM housing.published_events WHERE event_id = $1", body["id"]) == 1
        assert await conn.fetchval("SELECT count(*) FROM housing.outbox WHERE topic = $1", EVENTS) == 1
        assert await conn.fetch("SELECT task_id FROM housing.tasks") == [(assigned.data.task_id,)]
        assert await conn.fetchval("SELECT count(*) FROM housing.outbox WHERE topic LIKE '%deadletter%'") == 0
    finally:
        await conn.close()
    assert await published(infra.bootstrap, body["id"]) == 1
    assert "http_internal_error" not in service.log.read_text()


async def _ready(http: httpx.AsyncClient) -> bool:
    return (await http.get("/readyz")).status_code == 200
