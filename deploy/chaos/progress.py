"""Whether the monitor has caught up, and how long any partition went without progress while it
had records (the `stalled_s` of the closing line), sampled every SAMPLE_S from the broker."""
import asyncio
import time

import asyncpg
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

from services.monitor.consumer import GROUP_ID
from shared import topics
from shared.kafka_admin import partitions_of
from shared.contracts.catalog import DEPARTMENTS

SAMPLE_S = 0.5


class Progress:
    """Committed offsets of the monitor's group against the end of every department topic."""

    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self.stalled_s = 0.0
        self._since: dict[TopicPartition, tuple[int, float]] = {}  # partition -> (committed, since when)

    async def __aenter__(self):
        self.probe = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, group_id=None, enable_auto_commit=False)
        self.admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await self.probe.start()
        await self.admin.start()
        self.parts = await partitions_of(self.bootstrap, [topics.events_topic(d.code) for d in DEPARTMENTS])
        if not self.parts:
            raise RuntimeError("no department topics: nothing to watch")
        return self

    async def __aexit__(self, *exc):
        await self.admin.close()
        await self.probe.stop()

    async def behind(self) -> int | None:
        """Records not yet committed by the monitor (None when the broker does not answer now);
        updates the longest stall."""
        try:
            ends = await self.probe.end_offsets(self.parts)
            committed = await self.admin.list_consumer_group_offsets(topics.group(GROUP_ID))
        except (KafkaError, OSError, asyncio.TimeoutError):
            return None
        now, lag = time.monotonic(), 0
        for tp in self.parts:
            done = committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0
            lag += max(ends[tp] - done, 0)
            last = self._since.get(tp)
            if ends[tp] <= done or last is None or last[0] != done:
                self._since[tp] = (done, now)
            else:
                self.stalled_s = max(self.stalled_s, now - last[1])
        return lag

    async def sample_until(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.behind()
            await asyncio.sleep(SAMPLE_S)


async def pending_work(dsn: str, schemas: list[str]) -> int | None:
    """Messages not yet published by the monitor's and the departments' outboxes, and tasks the
    monitor assigned that their department's store does not hold yet (its task consumer is behind:
    staff listing open tasks then would miss them). None: no database now."""
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError):
        return None
    try:
        outboxes = sum([await conn.fetchval(f"SELECT count(*) FROM {s}.outbox WHERE published_at IS NULL AND failed_at IS NULL")
                        for s in schemas])
        stores = [s for s in schemas if s != "monitor" and await conn.fetchval("SELECT to_regclass($1)", f"{s}.tasks")]
        undelivered = sum([await conn.fetchval(
            f"SELECT count(*) FROM monitor.tasks m WHERE m.department = $1 "
            f"AND NOT EXISTS (SELECT 1 FROM {s}.tasks d WHERE d.task_id = m.task_id)", s) for s in stores])
        return outboxes + undelivered
    except (OSError, asyncpg.PostgresError):
        return None
    finally:
        await conn.close()


async def wait_drained(progress: Progress, dsn: str, schemas: list[str], timeout_s: float) -> None:
    """Until nothing is behind and every outbox is empty, twice in a row (a relay may be mid-send)."""
    deadline, calm = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline:
        behind, pending = await progress.behind(), await pending_work(dsn, schemas)
        calm = calm + 1 if behind == 0 and pending == 0 else 0
        if calm >= 3:
            return
        await asyncio.sleep(1)
    raise TimeoutError(f"not drained within {timeout_s:.0f} s (behind={behind}, outbox or task delivery pending={pending})")
