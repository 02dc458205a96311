"""Whether the monitor has caught up, and how long any partition went without progress while it
had records (the `stalled_s` of the closing line), sampled every SAMPLE_S from the broker; which
partition that longest stall was on, when, and the faults active or just ended then."""
import asyncio
import time
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

from services.monitor.consumer import GROUP_ID
from shared import topics
from shared.kafka_admin import partitions_of
from shared.contracts.catalog import DEPARTMENTS
from shared.kafka_security import client_options

SAMPLE_S = 0.5
# A fault's effect outlasts it: a killed monitor is restarted after a backoff, then its group waits
# for the dead member's session to time out (10 s) before the partitions move on.
JUST_ENDED_S = 15.0


@dataclass(frozen=True)
class Stall:
    """`partition` made no progress while it had records from `since` to `until` (time.monotonic s)."""

    partition: TopicPartition
    since: float
    until: float

    @property
    def seconds(self) -> float:
        return self.until - self.since


def faults_during(stall: Stall, windows: list[tuple[str, float, float]],
                  just_ended_s: float = JUST_ENDED_S) -> list[tuple[str, float, float]]:
    """The fault windows (what, began, ended; time.monotonic s, as deploy.chaos.faults.Faults.windows)
    that overlap the stall, or ended at most `just_ended_s` before it began, in `windows`' order."""
    return [w for w in windows if w[1] <= stall.until and w[2] >= stall.since - just_ended_s]


def stall_line(stall: Stall | None, windows: list[tuple[str, float, float]], origin: float) -> str:
    """One line naming the longest stall and its faults; times in seconds after `origin`."""
    if stall is None:
        return "longest stall: none (every partition with records made progress at every sample)"
    at = lambda t: f"{t - origin:.1f}"  # noqa: E731
    found = faults_during(stall, windows)
    faults = "; ".join(f"{what} ({at(began)}-{at(ended)} s)" for what, began, ended in found)
    return (f"longest stall: {stall.seconds:.1f} s on {stall.partition.topic}-{stall.partition.partition}, "
            f"from {at(stall.since)} s to {at(stall.until)} s; faults active or ended within {JUST_ENDED_S:.0f} s "
            f"before: {faults or 'none'}")


class Progress:
    """Committed offsets of the monitor's group against the end of every department topic."""

    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self.longest: Stall | None = None
        self.origin = time.monotonic()  # the run's clock for stall_line
        self._since: dict[TopicPartition, tuple[int, float]] = {}  # partition -> (committed, since when)

    @property
    def stalled_s(self) -> float:
        return self.longest.seconds if self.longest else 0.0

    def longest_stall_line(self, windows: list[tuple[str, float, float]]) -> str:
        """stall_line of the longest stall so far, against the faults' `windows`."""
        return stall_line(self.longest, windows, self.origin)

    async def __aenter__(self):
        self.probe = AIOKafkaConsumer(**client_options(self.bootstrap), group_id=None, enable_auto_commit=False)
        self.admin = AIOKafkaAdminClient(**client_options(self.bootstrap))
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
        now = time.monotonic()
        return self.observe(now, {tp: ends[tp] for tp in self.parts},
                            {tp: committed[tp].offset for tp in self.parts if tp in committed})

    def observe(self, now: float, ends: dict[TopicPartition, int], committed: dict[TopicPartition, int]) -> int:
        """One sample at `now` (time.monotonic s): each partition's end and the group's committed
        offset (absent or negative: none yet); returns the records behind, updates the longest stall."""
        lag = 0
        for tp, end in ends.items():
            done = max(committed.get(tp, 0), 0)
            lag += max(end - done, 0)
            last = self._since.get(tp)
            if end <= done or last is None or last[0] != done:
                self._since[tp] = (done, now)
            elif now - last[1] > self.stalled_s:
                self.longest = Stall(tp, last[1], now)
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
