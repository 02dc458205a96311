"""Fetch partitions' records as bytes, beside a consumer, for shared/kafka_raw/unreadable.py.

The consumer's client decodes what it fetches and fails on a record it cannot decode; this
client sends the same Fetch request (aiokafka's own protocol classes) and hands the bytes to
shared.kafka_raw.records, whose reading cannot fail. It joins no group and commits nothing.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError, for_code
from aiokafka.protocol.fetch import FetchRequest
from aiokafka.structs import TopicPartition

from shared.kafka_raw.records import RawRecord, read_records
from shared.kafka_security import client_options

FETCH_BYTES = 1 << 20  # per partition, as the consumer's max_partition_fetch_bytes
READ_UNCOMMITTED = 0  # the consumer's isolation level
MAX_RESPONSE_BYTES = 50 << 20  # as the consumer's fetch_max_bytes: partitions past it come in the next search


class RawReader:
    def __init__(self, bootstrap: str) -> None:
        self._client = AIOKafkaClient(**client_options(bootstrap))
        self._started = False

    async def fetch(self, positions: dict[TopicPartition, int], timeout_s: float = 10) -> dict[TopicPartition,
                                                                                                 list[RawRecord]]:
        """Up to about 1 MiB of records of each partition from its position, read by shared.kafka_raw.records.
        Raises KafkaError (the broker is away, a partition has no leader) or TimeoutError."""
        return await asyncio.wait_for(self._fetch(positions), timeout_s)

    async def _fetch(self, positions: dict[TopicPartition, int]) -> dict[TopicPartition, list[RawRecord]]:
        if not self._started:
            await self._client.bootstrap()
            self._started = True
        await self._client.set_topics(sorted({tp.topic for tp in positions}))
        by_leader: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for tp, offset in positions.items():
            leader = self._client.cluster.leader_for_partition(tp)
            if leader is None or leader < 0:
                raise KafkaError(f"no leader known for {tp}")
            by_leader[leader][tp.topic].append((tp.partition, offset, FETCH_BYTES))
        out: dict[TopicPartition, list[RawRecord]] = {}
        for leader, topics in by_leader.items():
            request = FetchRequest(0, 1, min(len(positions) * FETCH_BYTES, MAX_RESPONSE_BYTES), READ_UNCOMMITTED,
                                   list(topics.items()))
            response = await self._client.send(leader, request)
            for topic, partitions in response.topics:
                for partition, error_code, _highwater, *rest in partitions:
                    error = for_code(error_code)
                    if error.errno != 0:
                        raise error(f"{topic}-{partition}")
                    out[TopicPartition(topic, partition)] = read_records(rest[-1] or b"")
        return out

    async def close(self) -> None:
        await self._client.close()
