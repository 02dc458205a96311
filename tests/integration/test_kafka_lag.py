"""shared.kafka_lag against the real broker: a group that committed part of a topic shows the rest as lag,
a partition it never committed on is not listed, and asking for every group finds it."""
import gc
import os

import pytest

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError

from shared.kafka_admin import delete_topics, ensure_topics
from shared.kafka_lag import PartitionLag, consumer_lag
from tests.integration.kafka_groups import commit_offset
from tests.integration.system import free_port
from shared.kafka_security import client_options


async def test_lag_is_end_minus_committed(infra):
    topic, group = f"lag-test-{os.urandom(4).hex()}", f"lag-group-{os.urandom(4).hex()}"
    await ensure_topics(infra.bootstrap, [topic], partitions=2)
    producer = AIOKafkaProducer(**client_options(infra.bootstrap))
    await producer.start()
    try:
        for i in range(7):
            await producer.send_and_wait(topic, b"x", partition=0)
        await producer.send_and_wait(topic, b"y", partition=1)
    finally:
        await producer.stop()
    await commit_offset(infra.bootstrap, group, topic, 0, 3)
    try:
        assert await consumer_lag(infra.bootstrap, [group]) == [PartitionLag(group, topic, 0, 3, 7, 4)]
        everyone = await consumer_lag(infra.bootstrap)
        assert PartitionLag(group, topic, 0, 3, 7, 4) in everyone
        assert all(row.lag >= 0 for row in everyone)
    finally:
        await delete_topics(infra.bootstrap, [topic])


async def test_no_broker_raises_and_leaves_no_client_open(recwarn):
    with pytest.raises(KafkaConnectionError):
        await consumer_lag(f"127.0.0.1:{free_port()}", ["g"], request_timeout_ms=1000)
    gc.collect()
    assert not [w for w in recwarn if "Unclosed" in str(w.message)]
