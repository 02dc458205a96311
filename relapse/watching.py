"""`watch`: read a topic without a consumer group (nothing committed, no other reader disturbed)
and hand each record's row to `show`, until `max_rows` rows were shown or `timeout_s` passed."""
import asyncio
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer

from relapse.records import Row, decode, wanted
from shared.kafka_security import client_options


async def watch(bootstrap: str, topic: str, show: Callable[[Row], None], *, types: list[str], county: str | None,
                max_rows: int | None, from_beginning: bool, timeout_s: float | None) -> int:
    """Rows shown. Raises LookupError when the topic does not exist, KafkaError/OSError when the broker is away."""
    consumer = AIOKafkaConsumer(**client_options(bootstrap), group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest" if from_beginning else "latest",
                                request_timeout_ms=10000)
    await consumer.start()
    try:
        if topic not in await consumer.topics():
            raise LookupError(f"no topic {topic} on the broker")
        consumer.subscribe([topic])
        shown, deadline = 0, (time.monotonic() + timeout_s) if timeout_s else None
        while max_rows is None or shown < max_rows:
            wait_ms = 500 if deadline is None else int(max(0.0, min(0.5, deadline - time.monotonic())) * 1000)
            batches = await consumer.getmany(timeout_ms=wait_ms)
            for records in batches.values():
                for record in records:
                    row = decode(record.partition, record.offset, record.value)
                    if wanted(row, types, county) and (max_rows is None or shown < max_rows):
                        show(row)
                        shown += 1
            if deadline is not None and time.monotonic() >= deadline:
                break
            await asyncio.sleep(0)
        return shown
    finally:
        await consumer.stop()
