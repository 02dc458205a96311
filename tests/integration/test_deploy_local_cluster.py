"""The three-node KRaft cluster of deploy/local (issue 14 part 6): a topic gets replication factor 3
and min.insync.replicas 2; the system's producer (acks=all, idempotent) keeps writing, and a group
consumer keeps reading, through a SIGKILL of the partition leader, with nothing lost or doubled; the
killed node comes back into the ISR. The cluster is one of its own: own directory and ports."""
import asyncio
import time

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError

from deploy.kafka_principals import ADMIN, principal, read_passwords
from deploy.local.environment import LocalEnv
from deploy.local.kafka import Kafka
from shared.kafka_admin import ensure_topics
from shared.outbox import idempotent_producer
from tests.integration.system import free_port
from shared.kafka_security import client_env, client_options

TOPIC = "cluster_check.v1"


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    env = LocalEnv("it_cluster", tmp_path, pg_port=0, kafka_ports=tuple(free_port() for _ in range(3)),
                   controller_ports=tuple(free_port() for _ in range(3)), service_port_offset=0)
    kafka = Kafka(env)
    kafka.start()
    if kafka.auth:  # the cluster's own admin (SASL on every listener, PLAIN between the controllers)
        for name, value in {"KAFKA_SECURITY_PROTOCOL": kafka.protocol,
                            **client_env(principal(read_passwords(kafka.credentials), ADMIN))}.items():
            monkeypatch.setenv(name, value)
    yield kafka
    kafka.stop()


async def _partition(admin: AIOKafkaAdminClient) -> dict:
    """Partition 0 of TOPIC (leader, replicas, isr); retried: a dead node can still be in the metadata."""
    for _ in range(50):
        try:
            described = await admin.describe_topics([TOPIC])
            return described[0]["partitions"][0]
        except KafkaError:
            await asyncio.sleep(0.2)
    raise AssertionError("describe_topics kept failing")


async def _until(check, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := await check():
            return value
        await asyncio.sleep(0.3)
    raise AssertionError(f"not within {timeout_s} s: {what}")


async def test_produce_and_consume_survive_a_killed_partition_leader(cluster):
    bootstrap = cluster.env.bootstrap
    assert await ensure_topics(bootstrap, [TOPIC], partitions=1) == [TOPIC]
    admin = AIOKafkaAdminClient(**client_options(bootstrap), request_timeout_ms=30000)
    await admin.start()
    producer = idempotent_producer(client_options(bootstrap), request_timeout_ms=30000)
    consumer = AIOKafkaConsumer(TOPIC, **client_options(bootstrap), group_id="cluster-check",
                                auto_offset_reset="earliest", enable_auto_commit=False)
    try:
        before = await _partition(admin)
        assert sorted(before["replicas"]) == [1, 2, 3] and sorted(before["isr"]) == [1, 2, 3]
        configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC)])
        settings = {name: value for name, value, *_ in configs[0].resources[0][4]}
        assert settings["min.insync.replicas"] == "2"
        # The system's producer: acks=all (-1) with idempotence (a transaction manager holds the producer id).
        assert producer._sender._acks == -1 and producer._txn_manager is not None

        await producer.start()
        await consumer.start()
        for i in range(50):
            await producer.send_and_wait(TOPIC, str(i).encode())

        leader = before["leader"]
        killed = cluster.kill_node(leader)
        assert killed is not None
        # Writes go on while the leader is dead: acks=all needs 2 of the 3 replicas (min.insync.replicas).
        killed_at = time.monotonic()
        for i in range(50, 100):
            await asyncio.wait_for(producer.send_and_wait(TOPIC, str(i).encode()), timeout=60)
            if i == 50:
                print(f"first acks=all write after the leader's SIGKILL: {time.monotonic() - killed_at:.1f} s")
        after = await _partition(admin)
        assert after["leader"] != leader and len(after["isr"]) == 2, after

        seen: list[int] = []

        async def read_all():
            batch = await consumer.getmany(timeout_ms=1000)
            seen.extend(int(r.value) for records in batch.values() for r in records)
            return len(seen) >= 100

        await _until(read_all, 60, "the consumer reads all 100 records")
        assert sorted(seen) == list(range(100)), "lost or doubled records"

        cluster.start_node(leader)  # the killed node comes back and catches up
        await _until(lambda: _in_isr(admin, leader), 60, f"node {leader} back in the ISR")
    finally:
        await consumer.stop()
        await producer.stop()
        await admin.close()


async def _in_isr(admin: AIOKafkaAdminClient, node: int) -> bool:
    return node in (await _partition(admin))["isr"]
