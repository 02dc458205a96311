"""A record on a department's task topic that the Kafka client cannot decode (a header name that
is not UTF-8, issue 14's poison record, as the monitor meets it in test_monitor_faults_unreadable)
must not stop the department's task subscriber: a task sent after it on the same partition is
still kept (shared/kit/service/task_consumer.py), and the poison record is dead-lettered with its
bytes, as the department dead-letters a bad task."""
import asyncio
import base64
import json
import uuid

import asyncpg
import pytest

from shared import topics
from shared.kafka_admin import ensure_topics
from deploy.chaos.raw_producer import produce
from tests.integration.system import free_port, service_env, start_service, wait_http
from tests.integration.test_department_outage import task, until

BAD_NAME = b"\xff\xfe-not-utf8"
PREFIX = (topics.PREFIX.rstrip(".") or "it0") + "poison" + uuid.uuid4().hex[:6] + "."


async def test_a_poison_record_on_the_task_topic_does_not_stop_the_tasks_after_it(infra, empty_registry, tmp_path):
    tasks_topic = PREFIX + "monitor.tasks.housing.v1"
    await ensure_topics(infra.bootstrap, [tasks_topic, PREFIX + "housing.events.v1"], partitions=1)
    env = {**service_env(infra.bootstrap, empty_registry), "TOPIC_PREFIX": PREFIX}
    port = free_port()
    service = start_service("housing", ["services.housing", "serve", "--port", str(port)], env, tmp_path, port)
    before, after = task(), task()
    conn = await asyncpg.connect(empty_registry)
    try:
        await asyncio.to_thread(wait_http, service)
        await asyncio.to_thread(produce, infra.bootstrap, tasks_topic, 0,
                                [(b"k", before.model_dump_json().encode(), [])])

        async def kept(task_id):
            return await conn.fetchval("SELECT count(*) FROM housing.tasks WHERE task_id = $1", task_id)
        await until(lambda: kept(before.data.task_id), 60, "the first task kept")
        await asyncio.to_thread(produce, infra.bootstrap, tasks_topic, 0,
                                [(b"k", b'{"poison": true}', [(BAD_NAME, b"x")])])
        await asyncio.to_thread(produce, infra.bootstrap, tasks_topic, 0,
                                [(b"k", after.model_dump_json().encode(), [])])
        try:
            await until(lambda: kept(after.data.task_id), 60, "the task after the poison record kept")
        except AssertionError:
            log = service.log.read_text()
            print("poll failures logged:", log.count("UnicodeDecodeError"), log[-1500:])
            raise
    finally:
        await conn.close()
        service.stop()
    assert "Traceback" not in service.log.read_text()


async def test_a_poison_record_between_two_tasks_of_one_batch_is_dead_lettered_with_its_bytes_alone(
        infra, empty_registry, tmp_path):
    """One record batch on one partition: a task, the poison record, a task. Both tasks are kept
    (the client cannot read past the poison record within its batch: the department takes the
    batch from its bytes), the poison record alone is dead-lettered with its offset, key, value and
    raw header, and a task sent after the batch is kept too (the consumer went on)."""
    prefix = PREFIX.rstrip(".") + "b."
    tasks_topic, deadletter_topic = prefix + "monitor.tasks.housing.v1", prefix + "monitor.deadletter.v1"
    await ensure_topics(infra.bootstrap, [tasks_topic, prefix + "housing.events.v1"], partitions=1)
    env = {**service_env(infra.bootstrap, empty_registry), "TOPIC_PREFIX": prefix}
    port = free_port()
    service = start_service("housing", ["services.housing", "serve", "--port", str(port)], env, tmp_path, port)
    first, second, later = task(), task(), task()
    poison_value = b'{"poison": "\xe6\x9c\xaa"}'
    conn = await asyncpg.connect(empty_registry)
    try:
        await asyncio.to_thread(wait_http, service)
        offsets = await asyncio.to_thread(produce, infra.bootstrap, tasks_topic, 0, [
            (b"k1", first.model_dump_json().encode(), []),
            (b"poison-key", poison_value, [(BAD_NAME, b"raw-value")]),
            (b"k2", second.model_dump_json().encode(), [])])
        await asyncio.to_thread(produce, infra.bootstrap, tasks_topic, 0, [(b"k3", later.model_dump_json().encode(), [])])

        async def kept_all():
            return await conn.fetchval("SELECT count(*) FROM housing.tasks WHERE task_id = ANY($1)",
                                       [t.data.task_id for t in (first, second, later)]) == 3
        await until(kept_all, 60, "the tasks before, after and well after the poison record kept")
        rows = await conn.fetch("SELECT key, value FROM housing.outbox WHERE topic = $1", deadletter_topic)
    finally:
        await conn.close()
        service.stop()
    assert len(rows) == 1, [json.loads(r["value"])["data"]["offset"] for r in rows]
    dead = json.loads(rows[0]["value"])["data"]
    assert rows[0]["key"] == b"poison-key"
    assert (dead["source_topic"], dead["partition"], dead["offset"]) == (tasks_topic, 0, offsets[1])
    assert dead["reason"].startswith("unreadable record: header name")
    assert base64.b64decode(dead["original_value_base64"]) == poison_value
    assert base64.b64decode(dead["original_key_base64"]) == b"poison-key"
    assert [(base64.b64decode(h["name_base64"]), base64.b64decode(h["value_base64"]))
            for h in dead["original_header_list"]] == [(BAD_NAME, b"raw-value")]
    assert "Traceback" not in service.log.read_text()
