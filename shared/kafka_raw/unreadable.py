"""Where a consumer's failed poll stands: the records from its committed offsets read as bytes,
and for each partition holding a record the client cannot decode, the span the client cannot
read past (from the position to the end of that record's batch: the client decodes a whole batch
even to read past part of it).

The client fails a whole poll on such a record: nothing of that fetch is returned, though the
records it drained from other partitions count as consumed. So every assigned partition is
rewound to its committed offset (the last one processed) before the raw read; the partitions
without a span are then read by the client as always.
"""
from __future__ import annotations

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

from shared.kafka_raw.fetch import RawReader
from shared.kafka_raw.records import RawRecord


async def unreadable_spans(consumer: AIOKafkaConsumer, reader: RawReader) -> dict[TopicPartition, list[RawRecord]]:
    """Partition -> its records from the committed offset to the end of the batch of its first
    record that cannot be decoded (readable ones and `problem` ones, in offset order); partitions
    without such a record are left out. Every assigned partition is rewound to its committed
    offset. Raises KafkaError or TimeoutError when the broker cannot be read."""
    positions = {tp: await _committed(consumer, tp) for tp in sorted(consumer.assignment())}
    for tp, offset in positions.items():
        consumer.seek(tp, offset)
    spans: dict[TopicPartition, list[RawRecord]] = {}
    for tp, records in (await reader.fetch(positions)).items():
        records = [r for r in records if r.next_offset > positions[tp]]  # a batch can start before the position
        bad = next((r for r in records if r.problem), None)
        if bad is not None:
            spans[tp] = [r for r in records if r.offset < bad.batch_end]
    return spans


async def skip_span(consumer: AIOKafkaConsumer, tp: TopicPartition, span: list[RawRecord], log) -> None:
    """Move the consumer past `span` (taken by the caller) and commit that; a failed commit is
    logged (commit_failed): the partition's next commit covers it."""
    end = span[-1].batch_end
    consumer.seek(tp, end)
    try:
        await consumer.commit({tp: end})
    except KafkaError as exc:
        log.warning("commit_failed", error=type(exc).__name__, partitions=1)
    for r in span:
        if r.problem:
            log.error("record_unreadable_skipped", topic=tp.topic, partition=tp.partition, offset=r.offset)


def unreadable_reason(raw: RawRecord) -> str:
    """The dead letter's reason for a record with a `problem`."""
    return f"unreadable record: {raw.problem} (the Kafka client cannot decode it)"


def as_consumer_record(tp: TopicPartition, raw: RawRecord) -> ConsumerRecord:
    """`raw` as the client would have given it; a record with a `problem` gets no headers (its
    names cannot be decoded: the dead letter takes raw.headers as bytes)."""
    headers = [] if raw.problem else [(name.decode(), value) for name, value in raw.headers]
    return ConsumerRecord(topic=tp.topic, partition=tp.partition, offset=raw.offset, timestamp=raw.timestamp,
                          timestamp_type=0, key=raw.key, value=raw.value, checksum=None,
                          serialized_key_size=len(raw.key or b""), serialized_value_size=len(raw.value or b""),
                          headers=headers)


async def _committed(consumer: AIOKafkaConsumer, tp: TopicPartition) -> int:
    committed = await consumer.committed(tp)
    if committed is None:  # nothing committed yet: the consumer starts at the earliest (auto_offset_reset)
        committed = (await consumer.beginning_offsets([tp]))[tp]
    return committed
