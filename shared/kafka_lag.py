"""Consumer lag as the broker sees it: for every consumer group (or the ones asked for) and every partition
it has committed on, the committed offset, the partition's end and the records between them. One module for
the dashboard's system page, the operator command line's `lag` and the services' lag metric."""
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from shared.kafka_security import client_options


@dataclass(frozen=True)
class PartitionLag:
    """One (group, topic, partition): `committed` is the next offset the group will read (-1: nothing
    committed yet, counted from the log start); `end` the offset after the last record; `lag` records."""
    group: str
    topic: str
    partition: int
    committed: int
    end: int
    lag: int


async def consumer_lag(bootstrap: str, groups: list[str] | None = None,
                       request_timeout_ms: int = 10000) -> list[PartitionLag]:
    """Lag of `groups` (every consumer group the broker knows when None), sorted by group, topic, partition.

    Raises aiokafka.errors.KafkaError (or OSError / asyncio.TimeoutError) when the broker does not answer."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap), request_timeout_ms=request_timeout_ms)
    probe = AIOKafkaConsumer(**client_options(bootstrap), group_id=None, enable_auto_commit=False,
                             request_timeout_ms=request_timeout_ms)
    try:
        await admin.start()
        await probe.start()
        if groups is None:
            groups = sorted(g for g, _ in await admin.list_consumer_groups())
        committed: dict[str, dict[TopicPartition, int]] = {}
        for g in groups:
            offsets = await admin.list_consumer_group_offsets(g)
            committed[g] = {tp: meta.offset for tp, meta in offsets.items()}
        parts = sorted({tp for per_group in committed.values() for tp in per_group})
        ends = await probe.end_offsets(parts) if parts else {}
        starts = await probe.beginning_offsets(parts) if parts else {}
    finally:  # both are safe to close when their start failed (broker away)
        await probe.stop()
        await admin.close()
    rows = []
    for g in groups:
        for tp, offset in sorted(committed[g].items()):
            done = offset if offset >= 0 else starts[tp]
            rows.append(PartitionLag(g, tp.topic, tp.partition, offset, ends[tp], max(ends[tp] - done, 0)))
    return rows
