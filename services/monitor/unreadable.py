"""Records the Kafka client itself cannot decode (e.g. a header name that is not UTF-8): each one
is skipped by itself, at once, and dead-lettered with what can be recovered (issue 14).

The client fails a whole poll on such a record: nothing of that fetch is returned, though the
records it drained from other partitions count as consumed. So, when a poll fails for anything
but a transient broker failure (services/monitor/consumer.py):
1. every assigned partition is rewound to its committed offset, the last one processed;
2. each is read as bytes from there (raw_fetch, raw_records: reading that cannot fail);
3. where a partition holds a record that cannot be decoded, the records from there to the end of
   its record batch are taken here (the client decodes a whole batch even to read past part of
   it): the readable ones are processed as a batch, that record alone is dead-lettered with its
   topic, partition, offset, key, value and headers as bytes, and the offset after the batch is
   committed. The client goes on from there; the other partitions are read as always.
"""
import asyncio

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

from services.monitor.batch_result import BatchResult
from services.monitor.isolation import dead_letter_one, process_inbound, retrying
from services.monitor.policy import Policy
from services.monitor.raw_fetch import RawReader
from services.monitor.raw_records import RawRecord
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore

log = structlog.get_logger("services.monitor.consumer")  # the consumer's log, as before the split


async def skip_unreadable(consumer: AIOKafkaConsumer, reader: RawReader, pool: asyncpg.Pool, policy: Policy,
                          secret: str, stop: asyncio.Event) -> tuple[int, BatchResult] | None:
    """(records skipped, what processing the records before them did); (0, ...) when no partition
    holds a record that cannot be read where the consumer stands. None when stopping. Raises
    KafkaError or TimeoutError when the broker cannot be read (the caller backs off)."""
    positions = {tp: await _committed(consumer, tp) for tp in sorted(consumer.assignment())}
    for tp, offset in positions.items():
        consumer.seek(tp, offset)
    skipped, total = 0, BatchResult()
    for tp, records in (await reader.fetch(positions)).items():
        records = [r for r in records if r.next_offset > positions[tp]]  # a batch can start before the position
        bad = next((r for r in records if r.problem), None)
        if bad is None:
            continue
        # The client cannot read past `bad` within its batch: the whole batch is taken here.
        span = [r for r in records if r.offset < bad.batch_end]
        done = await _take(pool, tp, span, policy, secret, stop)
        if done is None:
            return None
        total.add(done)
        consumer.seek(tp, bad.batch_end)
        try:
            await consumer.commit({tp: bad.batch_end})
        except KafkaError as exc:  # the next commit of this partition covers it; the dead letters are kept
            log.warning("commit_failed", error=type(exc).__name__, partitions=1)
        for r in span:
            if r.problem:
                skipped += 1
                log.error("record_unreadable_skipped", topic=tp.topic, partition=tp.partition, offset=r.offset)
    return skipped, total


async def _committed(consumer: AIOKafkaConsumer, tp: TopicPartition) -> int:
    committed = await consumer.committed(tp)
    if committed is None:  # nothing committed yet: the consumer starts at the earliest (auto_offset_reset)
        committed = (await consumer.beginning_offsets([tp]))[tp]
    return committed


async def _take(pool: asyncpg.Pool, tp: TopicPartition, span: list[RawRecord], policy: Policy, secret: str,
                stop: asyncio.Event) -> BatchResult | None:
    """The readable records of `span` processed as a batch, then the others dead-lettered (one
    transaction); None when stopping."""
    result = await process_inbound(pool, [_inbound(tp, r) for r in span if not r.problem], policy, secret, stop)
    if result is None:
        return None

    async def dead_letter_all(conn) -> BatchResult:
        out = BatchResult()
        for r in span:
            if r.problem:
                record = InboundRecord(tp.topic, tp.partition, r.offset, r.key, r.value, (), r.timestamp)
                reason = f"unreadable record: {r.problem} (the Kafka client cannot decode it)"
                out.add(await dead_letter_one(PgStore(conn), record, reason, list(r.headers)))
        return out

    dead = await retrying(pool, dead_letter_all, stop, "dead letter")
    if dead is None:
        return None
    result.add(dead)
    return result


def _inbound(tp: TopicPartition, raw: RawRecord) -> InboundRecord:
    """A record raw_records read without a problem, as the client would have given it."""
    return InboundRecord(tp.topic, tp.partition, raw.offset, raw.key, raw.value,
                         tuple((name.decode(), value) for name, value in raw.headers), raw.timestamp)
