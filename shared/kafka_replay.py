"""Reading topics from their beginning to the ends they have when the read starts: for the checks and
benchmarks that count what a run left on Kafka (the chaos run's dead letters, the import resume test,
the broker's ceiling in `make bench`). Services consume through their consumer groups, not this."""
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord

from shared.kafka_admin import partitions_of
from shared.kafka_security import client_options

STALL_S = 60.0  # no record for this long while partitions are short of their ends: the read has failed


class ReplayStalled(RuntimeError):
    """No record arrived for `STALL_S` seconds while some partitions were short of their end offsets."""


async def read_to_ends(bootstrap: str, names: list[str], on_records: Callable[[list[ConsumerRecord]], None],
                       *, stall_s: float = STALL_S, **consumer_options) -> tuple[int, float]:
    """Every record of the topics `names` (those that exist) from the earliest offset to each partition's
    end offset at the start, handed to `on_records` one fetched list per partition at a time. Returns
    (records, seconds), the seconds counted from the first fetch. No consumer group, nothing committed.
    `consumer_options` go to AIOKafkaConsumer (fetch sizes, max_poll_records).

    Raises ReplayStalled, naming the partitions and how far each got, when nothing arrives for `stall_s`
    seconds (a broker that stopped answering)."""
    parts = await partitions_of(bootstrap, names)
    # "earliest" also for the default reset: aiokafka 0.14 lets the answer of a default reset already in
    # flight satisfy a later seek_to_beginning (the fetcher checks that a reset is awaited, not which one),
    # and with "latest" that leaves the position at the end, so the read would see nothing and stop.
    consumer = AIOKafkaConsumer(**client_options(bootstrap), group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest", **consumer_options)
    await consumer.start()
    try:
        consumer.assign(parts)
        ends = await consumer.end_offsets(parts)
        await consumer.seek_to_beginning(*parts)
        records = 0
        started = last_record = time.perf_counter()
        while short := {tp: ends[tp] - position for tp in parts
                        if (position := await consumer.position(tp)) < ends[tp]}:
            if time.perf_counter() - last_record > stall_s:
                behind = ", ".join(f"{tp.topic}[{tp.partition}] {n:,} short" for tp, n in sorted(short.items()))
                raise ReplayStalled(f"no record for {stall_s:.0f} s reading to the end: {behind}")
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                if batch:
                    on_records(batch)
                    records += len(batch)
                    last_record = time.perf_counter()
        return records, time.perf_counter() - started
    finally:
        await consumer.stop()
